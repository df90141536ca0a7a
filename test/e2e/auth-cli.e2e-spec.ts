import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';

const ROOT = join(__dirname, '..', '..');

/** Runs `npm run [-s] apikey -- ...args` as a user would, against the given database. */
function apikey(args: string[], databaseUrl: string, silent = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', ...(silent ? ['-s'] : []), 'apikey', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' },
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
    const res = await t.http('/api/v1/api-keys', { token: key });
    expect(res.status).toBe(200);
    const { items } = await res.json() as any;
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

  it('plain `npm run apikey -- create` prints the key alone on stdout (the project .npmrc silences npm)', async () => {
    const created = await apikey(['create', '--org', 'acme', '--name', 'second', '--capabilities', 'send'], db.url, false);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^wgw_[A-Za-z0-9_-]{43}\n$/);
  }, 30_000);
});
