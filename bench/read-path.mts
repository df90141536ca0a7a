/**
 * Read-path benchmark: one channel holding many stored posts, read through
 * GET /api/v1/sessions/{session}/channels/{jid}/messages by 32 concurrent keep-alive clients.
 *
 *   npm run bench:read-path                 # 200,000 posts, 10 s per scenario
 *   BENCH_SCALE=full npm run bench:read-path  # 1,000,000 posts
 *   (BENCH_ROWS, BENCH_SECONDS, BENCH_CONCURRENCY override)
 *
 * The gateway runs as a separate built process (as in production: API key auth on every request,
 * session + channel check, keyset page query) on the real PostgreSQL server, in a scratch database.
 * Beside it, in the same run, a bare node:http + pg server runs the same page query with nothing
 * else. Writes bench/results/read-path.json:
 *   rows           stored posts in the channel
 *   firstPageRps   gateway, first page (limit 50, no cursor), requests/s
 *   deepPageRps    gateway, a page in the middle of the channel (cursor at rows/2), requests/s
 *   bareRps        bare server, first page, requests/s (bareDeepRps: its deep page)
 *   p50Ms / p99Ms  gateway first-page latency (deep*, bare* likewise)
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';
import { hashApiKey } from '../src/auth/api-keys.service';
import { CursorCodec } from '../src/common/pagination';
import { createTestDatabase } from '../test/support/database';
import { buildGateway, spawnGateway } from '../test/support/gateway-process';

const ROWS = Number(process.env.BENCH_ROWS ?? (process.env.BENCH_SCALE === 'full' ? 1_000_000 : 200_000));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const LIMIT = 50;
const POOL_SIZE = 10;
const CURSOR_SECRET = 'bench-read-path-cursor-secret-0123456789';
const API_KEY = `wgw_${'b'.repeat(43)}`;
const SESSION = '01BENCHREADPATH00000000000';
const JID = '120363000000000001@newsletter';
// npm runs scripts from the package root.
const ROOT = process.cwd();

interface Result {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** `CONCURRENCY` clients, each sending its next request when the previous answer is read. */
async function load(port: number, path: string, headers: Record<string, string>, seconds: number): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  const once = () =>
    new Promise<void>((resolvePromise, reject) => {
      const started = performance.now();
      const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => {
          if (res.statusCode !== 200 || bytes < 100) return reject(new Error(`${path}: HTTP ${res.statusCode}`));
          latencies.push(performance.now() - started);
          resolvePromise();
        });
      });
      req.on('error', reject);
      req.end();
    });
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) await once();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rps: round(latencies.length / elapsed, 1), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), requests: latencies.length };
}

async function fill(url: string): Promise<{ fillSeconds: number; deep: { ts: string; id: string } }> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const now = new Date().toISOString();
    await db.query(`INSERT INTO api_keys (id, org_id, name, prefix, key_hash, capabilities, created_at) VALUES ($1, 'bench', 'bench', $2, $3, '{send}', $4)`, [
      '01BENCHKEY0000000000000000',
      API_KEY.slice(0, 12),
      hashApiKey(API_KEY),
      now,
    ]);
    await db.query(`INSERT INTO sessions (id, org_id, name, status, desired_state, created_at, updated_at) VALUES ($1, 'bench', 'bench', 'stopped', 'stopped', $2, $2)`, [SESSION, now]);
    await db.query(`INSERT INTO channels (id, session_id, org_id, jid, name, following, created_at, updated_at) VALUES ($1, $2, 'bench', $3, 'Bench', true, $4, $4)`, [
      '01BENCHCHANNEL000000000000',
      SESSION,
      JID,
      now,
    ]);
    const started = performance.now();
    // One statement; whole-second timestamps like WhatsApp's, ids in the same order.
    await db.query(
      `INSERT INTO channel_posts (id, session_id, org_id, channel_jid, wa_message_id, server_id, from_me, type, text, media, timestamp, created_at)
       SELECT '01BENCH' || lpad(i::text, 19, '0'), $1, 'bench', $2, 'NLBENCH' || i, i::text, false, 'text',
              'Post number ' || i || ': the quick brown fox jumps over the lazy dog.', NULL,
              date_trunc('second', now()) - make_interval(secs => $3 - i), now()
       FROM generate_series(1, $3::int) AS i`,
      [SESSION, JID, ROWS],
    );
    await db.query('VACUUM ANALYZE channel_posts');
    const fillSeconds = round((performance.now() - started) / 1000, 1);
    const { rows } = await db.query(
      `SELECT timestamp, id FROM channel_posts WHERE session_id = $1 AND channel_jid = $2 ORDER BY timestamp DESC, id DESC OFFSET $3 LIMIT 1`,
      [SESSION, JID, Math.floor(ROWS / 2)],
    );
    return { fillSeconds, deep: { ts: (rows[0].timestamp as Date).toISOString(), id: rows[0].id as string } };
  } finally {
    await db.end();
  }
}

async function startBare(url: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [resolve(ROOT, 'bench/read-path-bare.mjs')], {
    env: { ...process.env, DATABASE_URL: url, POOL_SIZE: String(POOL_SIZE) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolvePort, reject) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /listening on (\d+)/.exec(out);
      if (m) resolvePort(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return { port, stop: () => new Promise((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))) };
}

async function main(): Promise<void> {
  process.stdout.write(`read path: ${ROWS.toLocaleString('en')} posts, ${CONCURRENCY} clients, ${SECONDS} s per scenario\nbuilding the gateway...\n`);
  const mainJs = buildGateway();
  const db = await createTestDatabase();
  const gateway = await spawnGateway(mainJs, {
    DATABASE_URL: db.url,
    CURSOR_SECRET,
    DB_POOL_SIZE: String(POOL_SIZE),
    LOG_LEVEL: 'warn',
    WEBHOOK_WORKER: 'off',
    // One key drives the whole load: the per-key request budget would measure itself.
    RATE_LIMIT_PER_SECOND: '0',
  });
  let bare: Awaited<ReturnType<typeof startBare>> | undefined;
  try {
    const gatewayPort = Number(/listening on http:\/\/[^:]+:(\d+)/.exec(gateway.output())![1]);
    process.stdout.write('filling...\n');
    const { fillSeconds, deep } = await fill(db.url);
    process.stdout.write(`filled in ${fillSeconds} s\n`);
    bare = await startBare(db.url);

    const auth = { authorization: `Bearer ${API_KEY}` };
    const base = `/api/v1/sessions/${SESSION}/channels/${JID}/messages?limit=${LIMIT}`;
    const cursor = new CursorCodec(CURSOR_SECRET).encode(`channel-posts:${SESSION}:${JID}`, [deep.ts, deep.id]);
    const bareBase = `/?session=${SESSION}&jid=${encodeURIComponent(JID)}&limit=${LIMIT}`;
    const scenarios = {
      first: () => load(gatewayPort, base, auth, SECONDS),
      deep: () => load(gatewayPort, `${base}&cursor=${encodeURIComponent(cursor)}`, auth, SECONDS),
      bareFirst: () => load(bare!.port, bareBase, {}, SECONDS),
      bareDeep: () => load(bare!.port, `${bareBase}&ts=${encodeURIComponent(deep.ts)}&id=${deep.id}`, {}, SECONDS),
    };
    // Warm both servers (JIT, pools, plan caches) before measuring.
    await load(gatewayPort, base, auth, 1);
    await load(bare.port, bareBase, {}, 1);
    const results: Record<string, Result> = {};
    for (const [name, run] of Object.entries(scenarios)) {
      results[name] = await run();
      process.stdout.write(`${name}: ${results[name].rps} req/s, p50 ${results[name].p50Ms} ms, p99 ${results[name].p99Ms} ms\n`);
    }
    const out = {
      rows: ROWS,
      firstPageRps: results.first.rps,
      deepPageRps: results.deep.rps,
      bareRps: results.bareFirst.rps,
      p50Ms: results.first.p50Ms,
      p99Ms: results.first.p99Ms,
      deepP50Ms: results.deep.p50Ms,
      deepP99Ms: results.deep.p99Ms,
      bareDeepRps: results.bareDeep.rps,
      bareP50Ms: results.bareFirst.p50Ms,
      bareP99Ms: results.bareFirst.p99Ms,
      concurrency: CONCURRENCY,
      secondsPerScenario: SECONDS,
      limit: LIMIT,
      fillSeconds,
      dbPoolSize: POOL_SIZE,
    };
    const file = resolve(ROOT, 'bench/results/read-path.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(out, null, 2)}\nwritten to ${file}\n`);
  } finally {
    await bare?.stop();
    await gateway.kill();
    await db.drop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
