import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TestApp } from '../support/app';
import { adminUrl, createTestDatabase, TestDatabase } from '../support/database';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'apikey.js');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');

/** A database URL on the test server naming a database that does not exist. */
function missingDatabaseUrl(): string {
  const url = new URL(adminUrl());
  url.pathname = '/wgw_no_such_database';
  return url.toString();
}

/** Runs a compiled entry point with `node`, in `cwd`, with exactly `env` (plus PATH). */
function node(script: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** Runs `npm run [-s] apikey -- ...args` as a user would, against the given database. */
function apikey(args: string[], databaseUrl: string, silent = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', ...(silent ? ['-s'] : []), 'apikey', '--', ...args], {
      cwd: ROOT,
      // ENV_FILE=none: a developer's .env in the project folder must not change what is tested.
      env: { ...process.env, ENV_FILE: 'none', DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('apikey CLI', () => {
  let db: TestDatabase;
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    // The CLI runs first, on an empty database: it applies the migrations itself.
    db = await createTestDatabase();
    const created = await apikey(['create', '--org', 'acme', '--name', 'first key', '--capabilities', 'send,manage,admin'], db.url);
    expect(created.stderr).not.toMatch(/failed/);
    expect(created.code).toBe(0);
    key = created.stdout;
    t = await startTestApp({}, { db });
  }, 60_000);
  afterAll(async () => {
    await t?.app.close();
    await db?.drop();
  });

  it('prints the key once, and nothing else, on stdout', () => {
    expect(key).toMatch(/^wgw_[A-Za-z0-9_-]{43}\n$/);
    key = key.trim();
  });

  it('creates a key that calls GET /api/v1/api-keys', async () => {
    const res = await t.client(key).GET('/api/v1/api-keys');
    expect(res.response.status).toBe(200);
    const { items } = res.data!;
    expect(items).toEqual([expect.objectContaining({ name: 'first key', capabilities: ['send', 'manage', 'admin'], prefix: key.slice(0, 12) })]);
  });

  it('lists keys without secrets, and revokes by id', async () => {
    const [{ id }] = await t.dataSource.query('SELECT id FROM api_keys');
    const list = await apikey(['list'], db.url);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(id);
    expect(list.stdout).toContain('acme');
    expect(list.stdout).not.toContain(key);

    const revoked = await apikey(['revoke', id], db.url);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe('');
    // The revoked key: a bad credential, so raw.
    expect((await t.http('/api/v1/api-keys', { token: key })).status).toBe(401);
    expect((await apikey(['revoke', id], db.url)).code).toBe(1);
  }, 30_000);

  it('refuses bad input with a usage message on stderr and nothing on stdout', async () => {
    const bad = await apikey(['create', '--org', 'acme', '--name', 'x', '--capabilities', 'send,root'], db.url);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('unknown capabilities: root');
    const noOrg = await apikey(['create', '--name', 'x'], db.url);
    expect(noOrg.code).toBe(2);
    expect(noOrg.stdout).toBe('');
  }, 30_000);

  it('checks its arguments before anything else: bad ones fail fast, without touching a database', async () => {
    const missing = missingDatabaseUrl();
    // Through npm as a user runs it (dist/ was built by the first run above).
    const bad = await apikey(['create', '--org', 'acme', '--name', 'x', '--capabilities', 'send,root'], missing);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('unknown capabilities: root');
    expect(bad.stderr).not.toMatch(/does not exist|ECONNREFUSED|failed/);
    // The compiled CLI alone: answers in well under a second or two, on any bad input.
    for (const args of [
      ['create', '--org', 'acme', '--name', 'x', '--capabilities', 'send,root'],
      ['create', '--org', 'acme', '--name', 'x'],
      ['create', '--name', 'x', '--capabilities', 'send'],
      ['revoke'],
      ['rename', 'x'],
      ['list', 'extra'],
      ['create', '--bogus'],
    ]) {
      const r = await node(CLI, args, ROOT, { ENV_FILE: 'none', DATABASE_URL: missing });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('Usage:');
      expect(r.stderr).not.toMatch(/does not exist/);
      expect(r.ms, args.join(' ')).toBeLessThan(3000);
    }
    const help = await node(CLI, ['--help'], ROOT, { ENV_FILE: 'none', DATABASE_URL: missing });
    expect(help.code).toBe(0);
    expect(help.stderr).toContain('npm run apikey -- create --org <org> --name <name> --capabilities <list>');
  }, 60_000);

  it('reads .env from the folder it runs in, the environment winning over the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgw-dotenv-'));
    try {
      // DATABASE_URL only in .env: the key is created in that database.
      writeFileSync(join(dir, '.env'), `# settings\nDATABASE_URL=${db.url}\nLOG_LEVEL=warn\n`);
      const fromFile = await node(CLI, ['create', '--org', 'dotenv', '--name', 'from-dotenv', '--capabilities', 'send'], dir, {});
      expect(fromFile.code, fromFile.stderr).toBe(0);
      expect(fromFile.stdout).toMatch(/^wgw_[A-Za-z0-9_-]{43}\n$/);
      expect(await t.dataSource.query("SELECT name FROM api_keys WHERE org_id = 'dotenv'")).toEqual([{ name: 'from-dotenv' }]);
      // The same variable in the environment wins over the file.
      writeFileSync(join(dir, '.env'), `DATABASE_URL=${missingDatabaseUrl()}\n`);
      const envWins = await node(CLI, ['list', '--org', 'dotenv'], dir, { DATABASE_URL: db.url });
      expect(envWins.code, envWins.stderr).toBe(0);
      expect(envWins.stdout).toContain('from-dotenv');
      // A bad value in .env is reported like one in the environment (before any database).
      writeFileSync(join(dir, '.env'), `DATABASE_URL=${db.url}\nLOG_LEVEL=loud\n`);
      const bad = await node(CLI, ['list'], dir, {});
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('LOG_LEVEL: must be one of');
      // ENV_FILE names another file, which must exist.
      const missingFile = await node(CLI, ['list'], dir, { ENV_FILE: 'nope.env' });
      expect(missingFile.code).toBe(2);
      expect(missingFile.stderr).toContain('ENV_FILE: cannot read');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('plain `npm run apikey -- create` prints the key alone on stdout (the project .npmrc silences npm)', async () => {
    const created = await apikey(['create', '--org', 'acme', '--name', 'second', '--capabilities', 'send'], db.url, false);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^wgw_[A-Za-z0-9_-]{43}\n$/);
  }, 30_000);
});

/**
 * The compiled gateway as `npm start` runs it: reads .env from the folder it starts in (the
 * environment winning), says truthfully where it listens, and sends a browser at `/` to the docs.
 */
describe('the gateway from dist/', () => {
  let db: TestDatabase;
  let dir: string;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.cjs')], { cwd: ROOT, stdio: 'ignore' });
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'wgw-main-'));
  }, 180_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads .env, prints what it listens on, and redirects / to /docs', async () => {
    // HOST in .env would open every interface; the environment's HOST wins.
    writeFileSync(join(dir, '.env'), `PORT=0\nHOST=0.0.0.0\nDATABASE_URL=${db.url}\nLOG_LEVEL=warn\nWA_RUNTIME=off\nWEBHOOK_WORKER=off\n`);
    child = spawn(process.execPath, [MAIN], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (c) => (out += c));
    child.stderr!.on('data', (c) => (out += c));
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up line:\n${out}`)), 45_000);
      child!.stdout!.on('data', () => {
        const m = /^WhatsApp Gateway listening on .*$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
      child!.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
    });
    expect(out).toContain('Read settings from .env (variables set in the environment win)');
    const m = /^WhatsApp Gateway listening on http:\/\/127\.0\.0\.1:(\d+) \(this machine only\); docs: http:\/\/127\.0\.0\.1:(\d+)\/docs$/.exec(line);
    expect(m, line).toBeTruthy();
    expect(m![2]).toBe(m![1]);
    // The forms tests and benchmarks parse keep working.
    expect(/listening on (http:\/\/\S+)/.exec(line)![1]).toBe(`http://127.0.0.1:${m![1]}`);
    expect(/listening on http:\/\/[^:]+:(\d+)/.exec(line)![1]).toBe(m![1]);

    const base = `http://127.0.0.1:${m![1]}`;
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/docs');
    expect((await fetch(`${base}/docs`)).status).toBe(200);
    // Anything else unknown is still the 404 envelope.
    const other = await fetch(`${base}/nope`);
    expect(other.status).toBe(404);
    expect(((await other.json()) as any).error.code).toBe('not_found');
  }, 90_000);
});
