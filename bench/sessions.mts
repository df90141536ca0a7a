/**
 * Sessions benchmark: N sessions connected to the emulator by the gateway (a separate process on
 * the real PostgreSQL server) beside N bare Baileys sockets with in-memory state, in one run.
 *
 *   npm run bench:sessions              # 100 sessions
 *   BENCH_SCALE=full npm run bench:sessions   # 1,000 sessions
 * Writes bench/results/sessions.json:
 *   gatewayRssPerSessionMB / bareRssPerSessionMB  (RSS with N connected − RSS with none) ÷ N, each after a settle and a forced GC
 *   idleCpuPercent / bareIdleCpuPercent           CPU of one core used over 10 s with N connected and nothing happening
 *   restoreSeconds / bareRestoreSeconds           process start → all N connected from stored state
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BufferJSON, initAuthCreds } from '@whiskeysockets/baileys';
import { Client } from 'pg';
import { WaEmulator } from '../libs/wa-emulator/src/index';
import { StateCipher } from '../src/common/state-cipher';
import { createTestDatabase } from '../test/support/database';
import { buildGateway } from '../test/support/gateway-process';
import { idleCpuPercent, rssMB, spawnProbed } from './support/process-probe';

const here = resolve('bench'); // npm runs scripts from the package root
const N = Number(process.env.BENCH_SESSIONS ?? (process.env.BENCH_SCALE === 'full' ? 1000 : 100));
const SETTLE_MS = 5000;
const IDLE_WINDOW_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function main() {
  console.log(`sessions benchmark: ${N} sessions (shared AsyncLocalStorage remedy ${process.env.BAILEYS_SHARED_TX_STORAGE === '0' ? 'OFF' : 'on'})`);
  const emulator = await WaEmulator.start();
  const gatewayMain = buildGateway();
  const buildDir = resolve(dirname(gatewayMain), '..');
  const db = await createTestDatabase();
  const stateKey = randomBytes(32);
  const env = {
    DATABASE_URL: db.url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'wgw-bench-')),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WEBHOOK_WORKER: 'off',
    WA_STATE_KEY: stateKey.toString('base64'),
    WA_WEBSOCKET_URL: emulator.url,
    WA_TRUST_ROOT_PUBLIC_KEY: emulator.rootPublicKey.toString('base64'),
  };
  const pg = new Client({ connectionString: db.url });
  try {
    // Linked devices: creds made here and registered with the emulator's accounts (no QR round trip).
    const creds = Array.from({ length: N }, () => {
      const c = initAuthCreds();
      emulator.phone(emulator.addAccount()).linkCreds(c);
      return JSON.stringify(c, BufferJSON.replacer);
    });

    // Gateway with every session stopped: the baseline memory (also applies the migrations).
    let gw = await spawnProbed([gatewayMain], env);
    await waitFor(() => gw.output().includes('Gateway listening on'), 60_000, 'gateway start');
    await pg.connect();
    const cipher = new StateCipher(stateKey);
    const now = new Date();
    for (let i = 0; i < N; i++) {
      const id = `01BENCH${String(i).padStart(19, '0')}`;
      await pg.query(`INSERT INTO sessions (id, org_id, name, status, desired_state, created_at, updated_at) VALUES ($1, 'bench', $2, 'stopped', 'stopped', $3, $3)`, [id, `s${i}`, now]);
      await pg.query('INSERT INTO wa_auth_creds (session_id, data, updated_at) VALUES ($1, $2, now())', [id, cipher.encrypt(creds[i], `${id}/creds`)]);
    }
    await sleep(SETTLE_MS);
    await gw.gc();
    const gatewayRss0 = rssMB(gw.child.pid!);
    await gw.stop();

    // First start: every session logs in once (and uploads its pre-keys), then the process stops
    // gracefully, leaving the sessions meant to run.
    await pg.query(`UPDATE sessions SET desired_state = 'running'`);
    gw = await spawnProbed([gatewayMain], env);
    await waitFor(connectedIs(pg, N), 600_000, 'all sessions connected (first login)');
    await gw.stop();
    await waitFor(() => emulator.stats().loggedIn === 0, 30_000, 'gateway sockets closed');

    // Restore: a fresh process brings them all back from stored state.
    gw = await spawnProbed([gatewayMain], env);
    await waitFor(connectedIs(pg, N), 600_000, 'all sessions connected (restore)');
    const restoreSeconds = (performance.now() - gw.startedAt) / 1000;
    await sleep(SETTLE_MS);
    await gw.gc();
    const gatewayRssN = rssMB(gw.child.pid!);
    const idleCpu = await idleCpuPercent(gw.child.pid!, IDLE_WINDOW_MS);
    await gw.stop();
    await waitFor(() => emulator.stats().loggedIn === 0, 30_000, 'gateway sockets closed');

    // Bare: the same creds, the same emulator, sockets with in-memory state.
    const credsFile = join(env.DATA_DIR, 'bare-creds.json');
    writeFileSync(credsFile, JSON.stringify(creds));
    const bare = await spawnProbed([join(here, 'support', 'bare-sessions.mjs')], { ...env, BUILD_DIR: buildDir, CREDS_FILE: credsFile, CONCURRENCY: '10' });
    await waitFor(() => bare.output().includes('ready'), 60_000, 'bare start');
    const readySeconds = (performance.now() - bare.startedAt) / 1000;
    await sleep(1000);
    await bare.gc();
    const bareRss0 = rssMB(bare.child.pid!);
    bare.child.stdin!.write('go\n');
    await waitFor(() => /connected \d+/.test(bare.output()), 600_000, 'bare sockets connected');
    bare.child.stdin!.write('restore\n');
    await waitFor(() => /restored \d+/.test(bare.output()), 600_000, 'bare sockets restored');
    // Process start to loaded, plus reconnecting every socket from stored (in-memory) state.
    const bareRestoreSeconds = readySeconds + Number(/restored (\d+)/.exec(bare.output())![1]) / 1000;
    await sleep(SETTLE_MS);
    await bare.gc();
    const bareRssN = rssMB(bare.child.pid!);
    const bareIdleCpu = await idleCpuPercent(bare.child.pid!, IDLE_WINDOW_MS);
    await bare.stop('SIGKILL');

    const result = {
      sessions: N,
      gatewayRssPerSessionMB: round((gatewayRssN - gatewayRss0) / N, 3),
      bareRssPerSessionMB: round((bareRssN - bareRss0) / N, 3),
      idleCpuPercent: round(idleCpu),
      bareIdleCpuPercent: round(bareIdleCpu),
      restoreSeconds: round(restoreSeconds),
      bareRestoreSeconds: round(bareRestoreSeconds),
      gatewayRssMB: { none: round(gatewayRss0, 1), connected: round(gatewayRssN, 1) },
      bareRssMB: { none: round(bareRss0, 1), connected: round(bareRssN, 1) },
      sharedTxStorage: process.env.BAILEYS_SHARED_TX_STORAGE !== '0',
    };
    console.log(JSON.stringify(result, null, 2));
    const out = resolve(here, 'results', 'sessions.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await pg.end().catch(() => undefined);
    await emulator.stop();
    await db.drop();
  }
}

function connectedIs(pg: Client, n: number) {
  return async () => (await pg.query(`SELECT count(*)::int AS n FROM sessions WHERE status = 'connected'`)).rows[0].n === n;
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
