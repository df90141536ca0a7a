/**
 * Messages benchmark (numbers, not pass/fail), against the emulator on loopback:
 *   inboundStoredPerSec  contacts push encrypted messages to SESSIONS gateway sessions (a gateway
 *                        process on the real PostgreSQL server); clock stops when all are stored
 *   bareInboundPerSec    the same stream to SESSIONS bare Baileys sockets (in this process, beside
 *                        the emulator) that store nothing; clock stops when all were received
 *   outboundSentPerSec   POST .../messages spread over the sessions, pacing off, until all are sent
 * The whole run is repeated in a child process with BAILEYS_SHARED_TX_STORAGE=0 (our Baileys
 * patch off: one AsyncLocalStorage per socket, see patches/) and reported under `remedyOff`.
 *
 *   npm run bench:messages    # BENCH_SESSIONS=50 BENCH_MESSAGES=5000 BENCH_OUTBOUND=1000
 * Writes bench/results/messages.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { connectBaileys, waitOpen, WaEmulator, type Account, type Contact, type PreparedMessage } from '../libs/wa-emulator/src/index';
import { createTestDatabase } from '../test/support/database';
import { buildGateway, spawnGateway } from '../test/support/gateway-process';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 50);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);
const OUTBOUND = Number(process.env.BENCH_OUTBOUND ?? 1000);
const ROOT = process.cwd();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rate = (n: number, ms: number) => Math.round((n * 1000) / ms);

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(everyMs);
  }
}

async function inBatches<T>(items: T[], size: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map((it, j) => fn(it, i + j)));
}

/** The same stream for both runs: MESSAGES messages from CONTACTS contacts, round-robin over accounts, pre-encrypted. */
async function prepareStream(emulator: WaEmulator, accounts: Account[], contacts: Contact[]): Promise<PreparedMessage[]> {
  const out: PreparedMessage[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    out.push(await emulator.contact(contacts[i % contacts.length]).prepare(accounts[i % accounts.length], { conversation: `bench ${i}` }));
  }
  return out;
}

async function bareRun(emulator: WaEmulator, contacts: Contact[]): Promise<number> {
  const accounts = Array.from({ length: SESSIONS }, () => emulator.addAccount());
  let received = 0;
  const clients = [] as ReturnType<typeof connectBaileys>[];
  await inBatches(accounts, 10, async (account) => {
    const pairing = connectBaileys(emulator);
    const { qr } = await pairing.next('connection.update', (u) => !!u.qr);
    await emulator.phone(account).scanQr(qr!);
    await pairing.closed;
    const client = connectBaileys(emulator, pairing.auth);
    await waitOpen(client);
    client.sock.ev.on('messages.upsert', ({ messages, type }) => {
      if (type === 'notify') received += messages.length;
    });
    clients.push(client);
  });
  const stream = await prepareStream(emulator, accounts, contacts);
  const started = performance.now();
  for (const p of stream) emulator.contact(contacts[0]).push(p);
  await until(() => received >= MESSAGES, 300_000, 'bare sockets to receive the stream');
  const ms = performance.now() - started;
  for (const c of clients) c.end();
  return rate(MESSAGES, ms);
}

async function gatewayRun(emulator: WaEmulator, contacts: Contact[]): Promise<{ inbound: number; outbound: number }> {
  const main = buildGateway();
  const db = await createTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'wgw-bench-'));
  writeFileSync(join(dir, 'ca.pem'), emulator.mediaCaPem);
  const gw = await spawnGateway(main, {
    DATABASE_URL: db.url,
    WA_WEBSOCKET_URL: emulator.url,
    WA_TRUST_ROOT_PUBLIC_KEY: emulator.rootPublicKey.toString('base64'),
    NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
    WA_STATE_KEY: randomBytes(32).toString('base64'),
    SEND_RATE_PER_SECOND: '0',
    SEND_WAIT_MS: '0',
    DB_POOL_SIZE: '20',
    LOG_LEVEL: 'error',
    ...(process.env.BAILEYS_SHARED_TX_STORAGE ? { BAILEYS_SHARED_TX_STORAGE: process.env.BAILEYS_SHARED_TX_STORAGE } : {}),
    // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the gateway during the run.
    ...(process.env.BENCH_GATEWAY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_GATEWAY_NODE_OPTIONS } : {}),
  });
  const base = /listening on (http:\/\/\S+)/.exec(gw.output())![1];
  const key = execFileSync(join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/apikey.ts', 'create', '--org', 'bench', '--name', 'bench', '--capabilities', 'send,manage'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
  })
    .toString()
    .trim();
  const call = async (method: string, path: string, json?: unknown) => {
    const res = await fetch(`${base}/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: json ? JSON.stringify(json) : undefined });
    return (await res.json()) as any;
  };
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const count = async (sql: string) => Number((await client.query(sql)).rows[0].n);
  try {
    const accounts = Array.from({ length: SESSIONS }, () => emulator.addAccount());
    const sessions: string[] = [];
    await inBatches(accounts, 10, async (account, i) => {
      const id = (await call('POST', '/sessions', { name: `bench-${i}`, start: true })).id;
      let qr: string | undefined;
      await until(async () => !!(qr = (await call('GET', `/sessions/${id}/qr`)).qr), 30_000, 'a QR', 100);
      await emulator.phone(account).scanQr(qr!);
      await until(async () => (await call('GET', `/sessions/${id}`)).status === 'connected', 30_000, 'connected', 100);
      sessions.push(id);
    });
    const stream = await prepareStream(emulator, accounts, contacts);
    const started = performance.now();
    for (const p of stream) emulator.contact(contacts[0]).push(p);
    await until(async () => (await count('SELECT count(*) AS n FROM messages WHERE NOT from_me')) >= MESSAGES, 300_000, 'the gateway to store the stream', 50);
    const inbound = rate(MESSAGES, performance.now() - started);

    const outStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < OUTBOUND) {
          const i = next++;
          await call('POST', `/sessions/${sessions[i % sessions.length]}/messages`, { to: contacts[i % contacts.length].phone, type: 'text', text: `out ${i}` });
        }
      }),
    );
    await until(async () => (await count(`SELECT count(*) AS n FROM messages WHERE from_me AND status <> 'queued'`)) >= OUTBOUND, 300_000, 'the gateway to send', 50);
    const outbound = rate(OUTBOUND, performance.now() - outStarted);
    return { inbound, outbound };
  } finally {
    await client.end();
    await gw.kill('SIGTERM');
    await db.drop();
  }
}

async function run(): Promise<Record<string, number>> {
  const emulator = await WaEmulator.start({ admin: false });
  emulator.trustInThisProcess();
  const contacts = Array.from({ length: CONTACTS }, () => emulator.addContact());
  try {
    const bareInboundPerSec = await bareRun(emulator, contacts);
    const { inbound, outbound } = await gatewayRun(emulator, contacts);
    return { inboundStoredPerSec: inbound, bareInboundPerSec, outboundSentPerSec: outbound, sessions: SESSIONS, contacts: CONTACTS, messages: MESSAGES, outboundMessages: OUTBOUND };
  } finally {
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_CHILD) {
    process.stdout.write(`RESULT ${JSON.stringify(await run())}\n`);
    process.exit(0);
  }
  process.stdout.write(`messages benchmark: ${SESSIONS} sessions, ${CONTACTS} contacts, ${MESSAGES} inbound, ${OUTBOUND} outbound\n`);
  const on = await run();
  process.stdout.write(`remedy on: ${JSON.stringify(on)}\nrunning again with BAILEYS_SHARED_TX_STORAGE=0...\n`);
  const child = spawn(process.execPath, process.execArgv.concat(process.argv.slice(1)), {
    cwd: ROOT,
    env: { ...process.env, BENCH_CHILD: '1', BAILEYS_SHARED_TX_STORAGE: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  await new Promise((r) => child.once('exit', r));
  const off = JSON.parse(/RESULT (.*)/.exec(out)?.[1] ?? 'null');
  const result = {
    ...on,
    remedyOff: off && { inboundStoredPerSec: off.inboundStoredPerSec, bareInboundPerSec: off.bareInboundPerSec, outboundSentPerSec: off.outboundSentPerSec },
    note: 'bare sockets run in the benchmark process beside the emulator; the gateway runs as its own process on PostgreSQL. remedyOff = BAILEYS_SHARED_TX_STORAGE=0 (per-socket AsyncLocalStorage, upstream behaviour).',
    node: process.version,
    at: new Date().toISOString(),
  };
  const file = resolve(ROOT, 'bench/results/messages.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(`${JSON.stringify(result, null, 2)}\nwritten to ${file}\n`);
  process.exit(0);
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
