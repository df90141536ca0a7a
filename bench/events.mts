/**
 * Events benchmark. First, the path users see: a contact's message received by a session through
 * the emulator, stored, recorded as `message.received` and delivered to a webhook:
 *   eventsPerSec   webhook deliveries per second while contacts push RECEIPT_BURST messages to
 *                  RECEIPT_SESSIONS sessions (push of the first → the last delivery)
 *   webhookP50/P99 from the emulator pushing a message to its webhook arriving, at a steady
 *                  RECEIPT_RATE messages/s
 * Then the outbox alone (outbox* figures): outbox write throughput and webhook latency (commit → receiver), with the
 * gateway as a separate process on the real PostgreSQL server (TEST_DATABASE_URL or
 * postgres://postgres@127.0.0.1:5432/postgres; a scratch database is created and dropped).
 *
 *   npm run bench:events          # 5,000 events burst, then 1,000 events at 200/s
 * Writes bench/results/events.json: { eventsPerSec, webhookP50Ms, webhookP99Ms, ... }.
 *   eventsPerSec   events committed per second by 8 concurrent writers (one event per transaction,
 *                  4 organizations), each recorded through OutboxService with its webhook fan-out
 *   webhookP50/P99 from just before the recording transaction's COMMIT to the receiver getting the webhook,
 *                  at a steady 200 events/s (a healthy endpoint answering 200 at once)
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { OutboxService } from '../src/events/outbox.service';
import { createTestDatabase } from '../test/support/database';
import { buildGateway, spawnGateway } from '../test/support/gateway-process';
import { startWebhookReceiver } from '../test/support/webhook-receiver';
import { WaEmulator } from '../libs/wa-emulator/src/index';
import { linkSessions, startBenchGateway } from './support/gateway-bench';

const BURST = Number(process.env.BENCH_EVENTS ?? 5000);
const WRITERS = 8;
const STEADY = Number(process.env.BENCH_STEADY_EVENTS ?? 1000);
const STEADY_RATE = 200;
const ORGS = ['org-0', 'org-1', 'org-2', 'org-3'];

const RECEIPT_SESSIONS = Number(process.env.BENCH_RECEIPT_SESSIONS ?? 10);
const RECEIPT_BURST = Number(process.env.BENCH_RECEIPT_BURST ?? 2000);
const RECEIPT_STEADY = Number(process.env.BENCH_RECEIPT_STEADY ?? 500);
const RECEIPT_RATE = 100;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Message receipt → stored → `message.received` → webhook, through the emulator. */
async function fromMessageReceipt(): Promise<{ eventsPerSec: number; webhookP50Ms: number; webhookP99Ms: number }> {
  const emulator = await WaEmulator.start({ admin: false });
  const receiver = await startWebhookReceiver();
  const g = await startBenchGateway(emulator, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_CONCURRENCY: '32', EVENTS_POLL_MS: '500' });
  try {
    const accounts = Array.from({ length: RECEIPT_SESSIONS }, () => emulator.addAccount());
    const contacts = Array.from({ length: RECEIPT_SESSIONS }, () => emulator.addContact());
    await linkSessions(g, emulator, accounts);
    const hook = await g.call('POST', '/webhooks', { url: receiver.url, events: ['message.received'] });
    if (!hook.id) throw new Error(`webhook not created: ${JSON.stringify(hook)}`);
    const prepare = async (n: number, tag: string) => {
      const out = [];
      for (let i = 0; i < n; i++) out.push(await emulator.contact(contacts[i % contacts.length]).prepare(accounts[i % accounts.length], { conversation: `${tag} ${i}` }));
      return out;
    };
    const received = () => receiver.accepted.length;

    const burst = await prepare(RECEIPT_BURST, 'burst');
    const started = performance.now();
    for (const p of burst) emulator.contact(contacts[0]).push(p);
    await receiver.waitFor(() => received() >= RECEIPT_BURST, 300_000, 'the burst webhooks');
    const eventsPerSec = Math.round((RECEIPT_BURST * 1000) / (performance.now() - started));
    // The burst is done once WhatsApp got every receipt (sent after storage and key commits).
    await receiver.waitFor(() => burst.every((p) => emulator.receipt(p.id)?.delivered), 60_000, 'the burst receipts');

    const steady = await prepare(RECEIPT_STEADY, 'steady');
    const pushedAt = new Map<string, number>();
    const steadyStart = performance.now();
    for (let i = 0; i < steady.length; i++) {
      const wait = steadyStart + (i * 1000) / RECEIPT_RATE - performance.now();
      if (wait > 0) await sleep(wait);
      pushedAt.set(steady[i].id, Date.now());
      emulator.contact(contacts[0]).push(steady[i]);
    }
    await receiver.waitFor(() => received() >= RECEIPT_BURST + RECEIPT_STEADY, 60_000, 'the steady webhooks');
    const latencies = receiver.accepted
      .map((r) => (pushedAt.has(String(r.json.data.waMessageId)) ? r.receivedAt - pushedAt.get(String(r.json.data.waMessageId))! : undefined))
      .filter((x): x is number => x !== undefined)
      .sort((a, b) => a - b);
    if (latencies.length < RECEIPT_STEADY) throw new Error(`matched ${latencies.length} of ${RECEIPT_STEADY} steady webhooks`);
    return { eventsPerSec, webhookP50Ms: percentile(latencies, 50), webhookP99Ms: percentile(latencies, 99) };
  } finally {
    await g.close();
    await receiver.close();
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  process.stdout.write('message receipt → webhook...\n');
  const receipt = await fromMessageReceipt();
  process.stdout.write(`${JSON.stringify(receipt)}\n`);
  process.stdout.write('building the gateway...\n');
  const main = buildGateway();
  const db = await createTestDatabase();
  const receiver = await startWebhookReceiver();
  const gateway = await spawnGateway(main, {
    DATABASE_URL: db.url,
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_CONCURRENCY: '32',
    EVENTS_POLL_MS: '500',
    // One key drives the whole load: the per-key request budget would measure itself.
    RATE_LIMIT_PER_SECOND: '0',
  });
  const ds = new DataSource(dataSourceOptions(db.url, WRITERS + 2));
  await ds.initialize();
  const outbox = new OutboxService();
  try {
    const now = new Date().toISOString();
    for (const org of ORGS) {
      await ds.query(
        `INSERT INTO webhooks (id, org_id, url, event_types, secret, enabled, created_at, updated_at) VALUES ($1, $2, $3, '{*}', $4, true, $5, $5)`,
        [`01BENCH0HOOK0${org.slice(-1)}000000000000`, org, receiver.url, `whsec_${Buffer.alloc(32, 7).toString('base64')}`, now],
      );
    }

    // 1. Throughput: WRITERS concurrent writers, one event per transaction.
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        while (next < BURST) {
          const i = next++;
          await ds.transaction((m) =>
            outbox.record(m, { type: 'message.received', orgId: ORGS[i % ORGS.length], sessionId: `S${(i + w) % 16}`, data: { i, text: 'hello' } }),
          );
        }
      }),
    );
    const writeMs = performance.now() - started;
    await receiver.waitFor(() => receiver.accepted.length >= BURST, 120_000, 'the burst deliveries');
    const drainMs = performance.now() - started;

    // 2. Latency at a steady rate, measured from each transaction's commit.
    const committedAt = new Map<string, number>();
    const latencies: number[] = [];
    const firstSteady = receiver.requests.length;
    const steadyStart = performance.now();
    const writes: Promise<void>[] = [];
    for (let i = 0; i < STEADY; i++) {
      const due = steadyStart + (i * 1000) / STEADY_RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      // Timed just before COMMIT is sent: the latency includes the commit itself (an upper bound).
      writes.push(
        ds.transaction(async (m) => {
          const [id] = await outbox.recordMany(m, [{ type: 'message.received', orgId: ORGS[i % ORGS.length], sessionId: `S${i % 16}`, data: { i } }]);
          committedAt.set(id, Date.now());
        }),
      );
    }
    await Promise.all(writes);
    await receiver.waitFor(() => receiver.accepted.length >= BURST + STEADY, 60_000, 'the steady deliveries');
    for (const r of receiver.requests.slice(firstSteady)) {
      const at = committedAt.get(r.json.id);
      if (at !== undefined) latencies.push(r.receivedAt - at);
    }
    latencies.sort((a, b) => a - b);

    const result = {
      ...receipt,
      receiptSessions: RECEIPT_SESSIONS,
      receiptBurst: RECEIPT_BURST,
      receiptSteadyRatePerSec: RECEIPT_RATE,
      outboxEventsPerSec: Math.round((BURST * 1000) / writeMs),
      outboxCommitToWebhookP50Ms: percentile(latencies, 50),
      outboxCommitToWebhookP99Ms: percentile(latencies, 99),
      outboxDeliveredPerSec: Math.round((BURST * 1000) / drainMs),
      burstEvents: BURST,
      writers: WRITERS,
      steadyEvents: STEADY,
      steadyRatePerSec: STEADY_RATE,
      organizations: ORGS.length,
      node: process.version,
      at: new Date().toISOString(),
    };
    const out = resolve('bench', 'results', 'events.json'); // npm runs scripts from the package root
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\nwritten to ${out}\n`);
  } finally {
    await ds.destroy();
    await gateway.kill();
    await receiver.close();
    await db.drop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
