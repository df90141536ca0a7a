/**
 * Messages benchmark (numbers, not pass/fail), against the emulator on loopback:
 *   inboundStoredPerSec  contacts push encrypted messages to SESSIONS gateway sessions (a gateway
 *                        process on the real PostgreSQL server); clock stops when all are stored
 *   bareInboundPerSec    the same stream to SESSIONS bare sockets opened through our adapter
 *                        (libs/whatsapp, compiled) exactly as the gateway opens them, with in-memory
 *                        state and nothing stored, in a plain Node process of their own
 *                        (bench/support/bare-sessions.mjs); clock stops when all were received
 *   bareInProcessPerSec  the same stream to SESSIONS plain Baileys sockets in this process, beside
 *                        the emulator
 *   outboundSentPerSec   POST .../messages spread over the sessions, pacing off, until all are sent
 * The whole run is repeated in a child process with BAILEYS_SHARED_TX_STORAGE=0 (our Baileys
 * patch off: one AsyncLocalStorage per socket, see patches/) and reported under `remedyOff`.
 *
 *   npm run bench:messages    # BENCH_SESSIONS=50 BENCH_MESSAGES=5000 BENCH_OUTBOUND=1000
 * Writes bench/results/messages.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BufferJSON, initAuthCreds } from '@whiskeysockets/baileys';
import pg from 'pg';
import { connectBaileys, waitOpen, WaEmulator, type Account, type Contact, type PreparedMessage } from '../libs/wa-emulator/src/index';
import { buildGateway } from '../test/support/gateway-process';
import { inBatches, linkSessions, sleep, startBenchGateway, until } from './support/gateway-bench';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 50);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);
const OUTBOUND = Number(process.env.BENCH_OUTBOUND ?? 1000);
const ROOT = process.cwd();
const rate = (n: number, ms: number) => Math.round((n * 1000) / ms);

/** The same stream for both runs: MESSAGES messages from CONTACTS contacts, round-robin over accounts, pre-encrypted. */
async function prepareStream(emulator: WaEmulator, accounts: Account[], contacts: Contact[]): Promise<PreparedMessage[]> {
  const out: PreparedMessage[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    out.push(await emulator.contact(contacts[i % contacts.length]).prepare(accounts[i % accounts.length], { conversation: `bench ${i}` }));
  }
  return out;
}

/** Our adapter's sockets in a process of their own, state in memory, storing nothing. */
async function bareAdapterRun(emulator: WaEmulator, contacts: Contact[], gatewayMain: string): Promise<number> {
  const accounts = Array.from({ length: SESSIONS }, () => emulator.addAccount());
  const creds = accounts.map((account) => {
    const c = initAuthCreds();
    emulator.phone(account).linkCreds(c);
    return JSON.stringify(c, BufferJSON.replacer);
  });
  const credsFile = join(mkdtempSync(join(tmpdir(), 'wgw-bare-')), 'creds.json');
  writeFileSync(credsFile, JSON.stringify(creds));
  const child = spawn(process.execPath, [resolve(ROOT, 'bench/support/bare-sessions.mjs')], {
    env: {
      ...process.env,
      BUILD_DIR: resolve(dirname(gatewayMain), '..'),
      CREDS_FILE: credsFile,
      CONCURRENCY: '10',
      WA_WEBSOCKET_URL: emulator.url,
      WA_TRUST_ROOT_PUBLIC_KEY: emulator.rootPublicKey.toString('base64'),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  try {
    await until(() => out.includes('ready'), 60_000, 'the bare process to start');
    child.stdin!.write('go\n');
    await until(() => /connected \d+/.test(out), 300_000, 'the bare sockets to connect', 20);
    const stream = await prepareStream(emulator, accounts, contacts);
    child.stdin!.write(`expect ${MESSAGES}\n`);
    await sleep(200);
    const started = performance.now();
    for (const p of stream) emulator.contact(contacts[0]).push(p);
    await until(() => /received \d+/.test(out), 300_000, 'the bare sockets to receive the stream', 5);
    return rate(MESSAGES, performance.now() - started);
  } finally {
    child.kill('SIGKILL');
  }
}

/** Plain Baileys sockets in this process, beside the emulator. */
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

async function gatewayRun(emulator: WaEmulator, contacts: Contact[], main: string): Promise<{ inbound: number; outbound: number }> {
  const g = await startBenchGateway(emulator, { SEND_RATE_PER_SECOND: '0', SEND_WAIT_MS: '0' }, main);
  const call = g.call;
  const client = new pg.Client({ connectionString: g.db.url });
  await client.connect();
  const count = async (sql: string) => Number((await client.query(sql)).rows[0].n);
  try {
    const accounts = Array.from({ length: SESSIONS }, () => emulator.addAccount());
    const sessions = await linkSessions(g, emulator, accounts);
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
    await g.close();
  }
}

async function run(): Promise<Record<string, number>> {
  const emulator = await WaEmulator.start({ admin: false });
  emulator.trustInThisProcess();
  const contacts = Array.from({ length: CONTACTS }, () => emulator.addContact());
  try {
    const main = buildGateway();
    const bareInboundPerSec = await bareAdapterRun(emulator, contacts, main);
    const bareInProcessPerSec = await bareRun(emulator, contacts);
    const { inbound, outbound } = await gatewayRun(emulator, contacts, main);
    return {
      inboundStoredPerSec: inbound,
      bareInboundPerSec,
      bareInProcessPerSec,
      outboundSentPerSec: outbound,
      sessions: SESSIONS,
      contacts: CONTACTS,
      messages: MESSAGES,
      outboundMessages: OUTBOUND,
    };
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
    remedyOff: off && {
      inboundStoredPerSec: off.inboundStoredPerSec,
      bareInboundPerSec: off.bareInboundPerSec,
      bareInProcessPerSec: off.bareInProcessPerSec,
      outboundSentPerSec: off.outboundSentPerSec,
    },
    note:
      'bareInboundPerSec: our adapter in its own process, state in memory, nothing stored; bareInProcessPerSec: plain Baileys sockets in the benchmark process beside the emulator; the gateway runs as its own process on PostgreSQL. remedyOff = BAILEYS_SHARED_TX_STORAGE=0 (per-socket AsyncLocalStorage, upstream behaviour).',
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
