import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '../common/metrics';
import { SessionsRepository } from './sessions.repository';

/** The sessions feature's metrics. */
@Injectable()
export class SessionsMetrics {
  constructor(metrics: MetricsRegistry, repo: SessionsRepository) {
    metrics.storeGauge('wgw_sessions', 'Sessions by status', () => repo.countByStatus(), 'status');
  }
}
