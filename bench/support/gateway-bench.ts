/**
 * What the gateway benchmarks share: a built gateway process on a scratch database, pointed at an
 * in-process emulator, an API key made with the CLI, and sessions linked through the HTTP API.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account, WaEmulator } from '../../libs/wa-emulator/src/index';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { buildGateway, spawnGateway, type GatewayProcess } from '../../test/support/gateway-process';

const ROOT = process.cwd(); // npm runs scripts from the package root
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(everyMs);
  }
}

export async function inBatches<T>(items: T[], size: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map((it, j) => fn(it, i + j)));
}

export interface BenchGateway {
  gw: GatewayProcess;
  db: TestDatabase;
  base: string;
  key: string;
  call(method: string, path: string, json?: unknown): Promise<any>;
  close(): Promise<void>;
}

/** A gateway process trusting `emulator`, on a fresh database, with an API key of organization "bench". */
export async function startBenchGateway(emulator: WaEmulator, env: Record<string, string> = {}, main = buildGateway()): Promise<BenchGateway> {
  const db = await createTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'wgw-bench-'));
  writeFileSync(join(dir, 'ca.pem'), emulator.mediaCaPem);
  const gw = await spawnGateway(main, {
    DATABASE_URL: db.url,
    WA_WEBSOCKET_URL: emulator.url,
    WA_TRUST_ROOT_PUBLIC_KEY: emulator.rootPublicKey.toString('base64'),
    NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
    WA_STATE_KEY: randomBytes(32).toString('base64'),
    DB_POOL_SIZE: '20',
    LOG_LEVEL: 'error',
    // One key drives the whole load: the per-key request budget would measure itself.
    RATE_LIMIT_PER_SECOND: '0',
    ...(process.env.BAILEYS_SHARED_TX_STORAGE ? { BAILEYS_SHARED_TX_STORAGE: process.env.BAILEYS_SHARED_TX_STORAGE } : {}),
    // e.g. "--max-old-space-size=4096"; NODE_OPTIONS refuses profiling flags (use SIGUSR1 + the inspector).
    ...(process.env.BENCH_GATEWAY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_GATEWAY_NODE_OPTIONS } : {}),
    ...env,
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
  return {
    gw,
    db,
    base,
    key,
    call,
    close: async () => {
      await gw.kill('SIGTERM');
      await db.drop();
    },
  };
}

/** Creates and starts a session per account and links it by QR through the API; returns the session ids. */
export async function linkSessions(g: BenchGateway, emulator: WaEmulator, accounts: Account[]): Promise<string[]> {
  const sessions: string[] = [];
  await inBatches(accounts, 10, async (account, i) => {
    const id = (await g.call('POST', '/sessions', { name: `bench-${i}`, start: true })).id;
    let qr: string | undefined;
    await until(async () => !!(qr = (await g.call('GET', `/sessions/${id}/qr`)).qr), 30_000, 'a QR', 100);
    await emulator.phone(account).scanQr(qr!);
    await until(async () => (await g.call('GET', `/sessions/${id}`)).status === 'connected', 30_000, 'connected', 100);
    sessions.push(id);
  });
  return sessions;
}
