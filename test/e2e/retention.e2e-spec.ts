import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetentionWorker } from '../../src/events/retention.worker';
import { startTestApp, TestApp } from '../support/app';

describe('retention clean-up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ EVENTS_RETENTION_HOURS: '48', WEBHOOK_WORKER: 'off' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
  const ids = async (table: string) => (await q(`SELECT id::text FROM ${table} ORDER BY id`)).map((r: { id: string }) => r.id);

  it('deletes old events, finished deliveries and idempotency keys, and keeps what is still needed', async () => {
    const event = async (age: string) =>
      (await q(`INSERT INTO events (org_id, type, data, occurred_at, created_at) VALUES ('o', 'x', '{}', now(), now() - $1::interval) RETURNING id::text`, [age]))[0].id as string;
    const oldDone = await event('10 days');
    const oldPending = await event('10 days');
    const fresh = await event('1 hour');
    const delivery = (id: string, eventId: string, status: string, age: string) =>
      q(
        `INSERT INTO webhook_deliveries (id, webhook_id, org_id, event_id, event_type, session_key, status, created_at, completed_at)
         VALUES ($1, 'w', 'o', $2, 'x', '', $3, now() - $4::interval, CASE WHEN $3 = 'pending' THEN NULL ELSE now() - $4::interval END)`,
        [id, eventId, status, age],
      );
    await delivery('D-OLD', oldDone, 'succeeded', '10 days');
    await delivery('D-PENDING', oldPending, 'pending', '10 days');
    await delivery('D-FRESH', fresh, 'failed', '1 hour');
    await q(`INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms) VALUES ('D-OLD', 1, now(), 5), ('D-FRESH', 1, now(), 5)`);
    await q(`INSERT INTO idempotency_keys (org_id, key, request_hash, created_at) VALUES ('o', 'old', 'h', now() - interval '2 days'), ('o', 'new', 'h', now())`);

    const removed = await t.app.get(RetentionWorker).runOnce();

    expect(removed).toEqual({ events: 1, deliveries: 1, idempotencyKeys: 1 });
    expect(await ids('events')).toEqual([oldPending, fresh].sort((a, b) => Number(a) - Number(b)));
    expect(await ids('webhook_deliveries')).toEqual(['D-FRESH', 'D-PENDING']);
    expect((await q('SELECT delivery_id FROM webhook_attempts')).map((r: { delivery_id: string }) => r.delivery_id)).toEqual(['D-FRESH']);
    expect((await q('SELECT key FROM idempotency_keys')).map((r: { key: string }) => r.key)).toEqual(['new']);
  });
});
