import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';

const EVERY_MS = 3_600_000;
const BATCH = 5000;

/**
 * Deletes what is only kept for a while: events past the retention (never one a pending webhook
 * delivery still needs), finished deliveries with their attempts, and idempotency keys past their
 * 24 h. In small batches, so no statement holds locks for long; any process may run it.
 */
@Injectable()
export class RetentionWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RetentionWorker');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce().catch((err: unknown) => this.logger.warn({ err }, 'clean-up failed')), EVERY_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One clean-up pass; returns how many rows of each kind went. */
  async runOnce(): Promise<{ events: number; deliveries: number; idempotencyKeys: number }> {
    const hours = this.config.events.retentionHours;
    const deliveries = await this.inBatches(
      `WITH gone AS (
         SELECT id FROM webhook_deliveries
         WHERE status <> 'pending' AND coalesce(completed_at, created_at) < now() - make_interval(hours => $1) LIMIT ${BATCH}),
       attempts AS (DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM gone))
       DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM gone)`,
      [hours],
    );
    const events = await this.inBatches(
      `DELETE FROM events WHERE id IN (
         SELECT e.id FROM events e
         WHERE e.created_at < now() - make_interval(hours => $1)
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
         LIMIT ${BATCH})`,
      [hours],
    );
    const idempotencyKeys = await this.inBatches(
      `DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE created_at < now() - interval '24 hours' LIMIT ${BATCH})`,
      [],
    );
    return { events, deliveries, idempotencyKeys };
  }

  private async inBatches(sql: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const [, count] = (await this.dataSource.query(sql, params)) as [unknown, number];
      total += count ?? 0;
      if (!count || count < BATCH) return total;
    }
  }
}
