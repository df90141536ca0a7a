import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// dirname(__filename): tsx (the benchmark) defines __filename but not __dirname.
const ROOT = join(dirname(__filename), '..', '..');
const OUT = join(ROOT, 'node_modules', '.cache', 'wgw-gateway-process');

/**
 * Compiles the gateway (nest build, as `npm run build` does) and returns a private copy of it, so
 * test files running in parallel (and benchmarks) never run a build another one is rewriting.
 * The build itself is serialized with a lock directory.
 */
export function buildGateway(): string {
  const lock = `${OUT}.lock`;
  mkdirSync(dirname(OUT), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than the longest build is left over from a killed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) throw new Error('timed out waiting for another gateway build');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  const copy = `${OUT}-${process.pid}-${randomBytes(3).toString('hex')}`;
  try {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'nest'), ['build', '-p', 'test/support/tsconfig.gateway.json'], { cwd: ROOT, stdio: 'pipe' });
    cpSync(OUT, copy, { recursive: true });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  process.once('exit', () => rmSync(copy, { recursive: true, force: true }));
  const main = join(copy, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`nest build produced no ${main}`);
  return main;
}

export interface GatewayProcess {
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `node <main>` with `env` and resolves once it listens. */
export async function spawnGateway(main: string, env: Record<string, string>): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ENV_FILE: 'none', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: mkdtempSync(join(tmpdir(), 'wgw-proc-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${out}`)), 120_000);
    const check = () => {
      if (out.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${out}`));
    });
  });
  return {
    child,
    output: () => out,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}
