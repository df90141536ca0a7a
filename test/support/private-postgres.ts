import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { TestDatabase } from './database';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of its own for one test file (initdb under a temporary folder, a free
 * loopback port, trust authentication), so that a test may stop and restart "the database"
 * without touching the shared server the rest of the suite uses. Needs the server binaries of
 * Debian's packages (/usr/lib/postgresql/<version>/bin). As root, the binaries run as `postgres`
 * (initdb refuses root) and the folder is handed to that user.
 */
export interface PrivatePostgres {
  port: number;
  dir: string;
  /** A connection URL for `database` (default `postgres`). */
  url(database?: string): string;
  /** A fresh database on this cluster, in the shape startTestApp's `existing.db` takes. */
  createDatabase(name?: string): Promise<TestDatabase>;
  /** `pg_ctl stop -m fast`: every connection is ended, new ones are refused. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** `pg_ctl restart -m fast`. */
  restart(): Promise<void>;
  /** The server's log (what pg_ctl's -l collected). */
  log(): string;
  /** Stops the cluster (immediately) and deletes its folder. */
  destroy(): Promise<void>;
}

/** The newest installed server version's bin folder, or undefined. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'wgw-private-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  // argv only (no shell): paths are never interpreted.
  const cmd = (tool: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args]);
  const pg = async (tool: string, args: string[]) => {
    const [file, argv] = cmd(tool, args);
    try {
      await run(file, argv, { cwd: dir, timeout: 120_000 });
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${tool} ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}\n${readLog()}`);
    }
  };
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--encoding=UTF8', '--no-locale']);
  const port = await freePort();
  appendFileSync(
    join(data, 'postgresql.conf'),
    [
      '',
      '# test/support/private-postgres.ts',
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'max_connections = 100',
      '',
    ].join('\n'),
  );

  const start = () => pg('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', 'start']);
  const stop = () => pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  const restart = () => pg('pg_ctl', ['-D', data, '-l', logFile, '-m', 'fast', '-w', '-t', '60', 'restart']);

  let destroyed = false;
  // Whatever happens to the test process, the private server does not outlive it.
  const cleanupSync = () => {
    if (destroyed) return;
    destroyed = true;
    try {
      const [file, argv] = cmd('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      execFileSync(file, argv, { stdio: 'ignore', timeout: 30_000 });
    } catch {
      /* not running */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanupSync);

  await start();
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const admin = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: url() });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return {
    port,
    dir,
    url,
    createDatabase: async (name = `wgw_private_${Date.now().toString(36)}`) => {
      await admin((c) => c.query(`CREATE DATABASE "${name}"`));
      return { name, url: url(name), drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined) };
    },
    stop,
    start,
    restart,
    log: readLog,
    destroy: async () => {
      if (destroyed) return;
      await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      cleanupSync();
      process.removeListener('exit', cleanupSync);
    },
  };
}
