import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  /** Stops the server if this process started it; a no-op when it attached to another's. */
  stop(): Promise<void>;
}

interface ServerFile {
  pid: number;
  port: number;
}

/**
 * PGlite (PostgreSQL compiled to WASM) served on a loopback port so that `pg` and TypeORM use it
 * like any PostgreSQL. PGlite is single-process: a second process (the apikey CLI, a second
 * gateway) finds the running server through `DATA_DIR/embedded-postgres.json` and connects to it.
 */
export async function startEmbeddedPostgres(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const serverFile = join(dataDir, 'embedded-postgres.json');
  const running = readServerFile(serverFile);
  if (running && running.pid !== process.pid && isAlive(running.pid) && (await canConnect(running.port))) {
    return { url: urlFor(running.port), stop: async () => {} };
  }

  const db = await PGlite.create({ dataDir: join(dataDir, 'pgdata') });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  writeFileSync(serverFile, JSON.stringify({ pid: process.pid, port } satisfies ServerFile));

  let stopped = false;
  return {
    url: urlFor(port),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      rmSync(serverFile, { force: true });
      await server.stop();
      await db.close();
    },
  };
}

function urlFor(port: number): string {
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

function readServerFile(file: string): ServerFile | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ServerFile;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
