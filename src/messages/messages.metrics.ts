import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '../common/metrics';
import { MessagesRepository } from './messages.repository';

/** The messages feature's metrics. */
@Injectable()
export class MessagesMetrics {
  constructor(metrics: MetricsRegistry, repo: MessagesRepository) {
    metrics.storeGauge('wgw_outbound_queued_messages', 'Outgoing messages stored and not yet sent', () => repo.countAllQueued());
  }
}
