import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsRegistry } from './metrics';

/**
 * What operators watch, read from the database at scrape time (so every process reports the
 * same totals): sessions by status, the outbound queue, and webhook deliveries still to make.
 */
@Injectable()
export class StateMetrics {
  private readonly logger = new Logger('StateMetrics');

  constructor(metrics: MetricsRegistry, dataSource: DataSource) {
    const logger = this.logger;
    const query = async (sql: string): Promise<{ label?: string; n: number }[]> => {
      try {
        return await dataSource.query(sql);
      } catch (err) {
        logger.warn({ err }, 'reading a state metric failed');
        return [];
      }
    };
    new Gauge({
      name: 'wgw_sessions',
      help: 'Sessions by status',
      labelNames: ['status'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const r of await query('SELECT status AS label, count(*)::int AS n FROM sessions GROUP BY status')) this.set({ status: r.label }, r.n);
      },
    });
    new Gauge({
      name: 'wgw_outbound_queued_messages',
      help: 'Outgoing messages stored and not yet sent',
      registers: [metrics.registry],
      async collect() {
        const [r] = await query("SELECT count(*)::int AS n FROM messages WHERE from_me AND status = 'queued'");
        this.set(r?.n ?? 0);
      },
    });
    new Gauge({
      name: 'wgw_webhook_deliveries_pending',
      help: 'Webhook deliveries not yet succeeded or failed for good',
      registers: [metrics.registry],
      async collect() {
        const [r] = await query("SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending'");
        this.set(r?.n ?? 0);
      },
    });
  }
}
