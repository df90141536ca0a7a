import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventTypes } from '../../src/events/event-types';
import { NewEvent, OutboxService } from '../../src/events/outbox.service';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { buildGateway, GatewayProcess, spawnGateway } from '../support/gateway-process';
import { eventually } from '../support/emulator';
import { startWebhookReceiver, verifyWebhook, WebhookReceiver } from '../support/webhook-receiver';

/**
 * The gateway as separate OS processes on one database: killed with SIGKILL mid-delivery, and two
 * of them delivering at once. Events are recorded by an in-process app whose worker is off.
 */
describe('webhook delivery across processes', () => {
  let main: string;
  let db: TestDatabase;
  let t: TestApp;
  let key: string;
  const procs: GatewayProcess[] = [];
  const receivers: WebhookReceiver[] = [];

  const WORKER_ENV = {
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_TIMEOUT_MS: '1000',
    WEBHOOK_RETRY_SCHEDULE: '100ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms',
    WEBHOOK_CONCURRENCY: '8',
    EVENTS_POLL_MS: '100',
    // Every process must decrypt the webhook secrets: one data key for all.
    WA_STATE_KEY: randomBytes(32).toString('base64'),
  };
  const gateway = async () => {
    const p = await spawnGateway(main, { ...WORKER_ENV, DATABASE_URL: db.url });
    procs.push(p);
    return p;
  };
  const hookFor = async (r: WebhookReceiver) => {
    const res = await t.client(key).POST('/api/v1/webhooks', { body: { url: r.url, events: ['*'] } });
    expect(res.response.status).toBe(201);
    return res.data!;
  };
  const record = async (count: number, sessions: number) => {
    const events: NewEvent[] = Array.from({ length: count }, (_, i) => ({
      type: EventTypes.MESSAGE_RECEIVED,
      orgId: 'org-d',
      sessionId: `S${i % sessions}`,
      data: { i },
    }));
    // Several transactions, as a busy gateway would write them.
    for (let i = 0; i < count; i += 25) {
      await t.dataSource.transaction((m) => t.app.get(OutboxService).recordMany(m, events.slice(i, i + 25)));
    }
  };

  beforeAll(async () => {
    main = buildGateway();
    db = await createTestDatabase();
    t = await startTestApp({ ...WORKER_ENV, WEBHOOK_WORKER: 'off' }, { db });
    key = await createApiKey(t, { orgId: 'org-d', capabilities: ['send', 'manage'] });
  }, 120_000);
  afterAll(async () => {
    for (const p of procs) await p.kill('SIGKILL');
    for (const r of receivers) await r.close();
    await t?.close();
    await db?.drop();
  });

  it('delivers every event at least once although the gateway is SIGKILLed mid-delivery', async () => {
    const r = await startWebhookReceiver();
    receivers.push(r);
    r.reply(async () => {
      await new Promise((res) => setTimeout(res, 10));
      return { status: 200 };
    });
    const hook = await hookFor(r);
    const first = await gateway();
    await record(200, 5);
    await r.waitFor(() => r.accepted.length >= 40, 20_000, '40 deliveries before the kill');
    await first.kill('SIGKILL');
    const before = new Set(r.accepted.map((a) => a.json.id)).size;
    expect(before).toBeLessThan(200); // killed in the middle, not after
    await gateway();
    await r.waitFor(() => new Set(r.accepted.map((a) => a.json.id)).size === 200, 30_000, 'all 200 events after the restart');
    for (const a of r.accepted.slice(-5)) verifyWebhook(hook.secret, a);
    // The receiver may see the last attempts a moment before the worker records their outcome.
    const pending = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1 AND status <> 'succeeded'`, [hook.id]))[0].n as number;
    await eventually(async () => (await pending()) === 0, 10_000, 'every delivery recorded as succeeded');
    await procs.pop()!.kill();
  });

  it('shares the work between two processes: none lost, none sent twice at once', async () => {
    const r = await startWebhookReceiver();
    receivers.push(r);
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    const firstSeen = new Set<string>();
    r.reply(async (req) => {
      const id = req.headers['webhook-id'];
      if (inFlight.has(id)) overlaps.push(id);
      inFlight.add(id);
      await new Promise((res) => setTimeout(res, 5 + Math.random() * 15));
      inFlight.delete(id);
      // Every 7th delivery fails once, so retries mix with first attempts.
      if (!firstSeen.has(id)) {
        firstSeen.add(id);
        if (Number(req.json.data.i) % 7 === 0) return { status: 500 };
      }
      return { status: 200 };
    });
    await hookFor(r);
    await Promise.all([gateway(), gateway()]);
    await record(300, 10);
    await r.waitFor(() => new Set(r.accepted.map((a) => a.json.id)).size === 300, 30_000, 'all 300 events');
    await new Promise((res) => setTimeout(res, 500));
    expect(overlaps).toEqual([]);
    // A healthy run (no crash) delivers each event exactly once.
    expect(r.accepted).toHaveLength(300);
    const attemptsPerId = new Map<string, number>();
    for (const req of r.requests) attemptsPerId.set(req.headers['webhook-id'], (attemptsPerId.get(req.headers['webhook-id']) ?? 0) + 1);
    expect([...attemptsPerId.values()].filter((n) => n === 2)).toHaveLength(Math.ceil(300 / 7));
  });
});
