import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '../common/metrics';
import { DeliveriesRepository } from './delivery/deliveries.repository';

/** The events feature's metrics. */
@Injectable()
export class EventsMetrics {
  constructor(metrics: MetricsRegistry, deliveries: DeliveriesRepository) {
    metrics.storeGauge('wgw_webhook_deliveries_pending', 'Webhook deliveries not yet succeeded or failed for good', () => deliveries.countPending());
  }
}
