import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const BATCH = 5000;

/** The deletes of the retention clean-up (RetentionWorker), in batches of BATCH rows. */
@Injectable()
export class RetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Events and finished deliveries older than `hours` (never an event a pending delivery needs), idempotency keys past 24 h; how many rows of each kind went. */
  async purge(hours: number): Promise<{ events: number; deliveries: number; idempotencyKeys: number }> {
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
