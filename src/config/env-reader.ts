import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** Reading the environment: typed readers that collect every problem, durations, the `.env` file. */

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Small typed readers that collect every problem instead of stopping at the first. */
export class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  string(name: string, fallback?: string): string | undefined {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!/^-?\d+$/.test(v) || n < min || n > max) {
      this.problems.push(`${name}: must be an integer from ${min} to ${max} (got "${v}")`);
      return fallback;
    }
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(v)) {
      this.problems.push(`${name}: must be one of ${allowed.join(', ')} (got "${v}")`);
      return fallback;
    }
    return v as T;
  }

  url(name: string, protocols: string[]): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
      return v;
    } catch {
      this.problems.push(`${name}: must be a URL starting with ${protocols.join(' or ')}`);
      return undefined;
    }
  }

  list(name: string): string[] {
    const v = this.raw(name);
    return v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
  }

  secret(name: string, minLength: number): string | undefined {
    const v = this.raw(name);
    if (v !== undefined && v.length < minLength) {
      this.problems.push(`${name}: must be at least ${minLength} characters long`);
      return undefined;
    }
    return v;
  }
}

/** Standard Webhooks' suggested schedule: retries after 5s, 5m, 30m, 2h, 5h, 10h, 10h. */
export const DEFAULT_RETRY_SCHEDULE = ['5s', '5m', '30m', '2h', '5h', '10h', '10h'];
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "5s,5m,2h" (a bare number means seconds, "0.05" = 50 ms) → milliseconds. */
export function parseDurations(r: EnvReader, name: string, given: string[], fallback: string[]): number[] {
  const out: number[] = [];
  for (const item of given.length ? given : fallback) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(item);
    if (!m) {
      r.problems.push(`${name}: "${item}" is not a duration like 500ms, 5s, 5m or 2h`);
      return fallback.map((f) => Number(/^\d+/.exec(f)![0]) * DURATION_UNITS[f.replace(/^\d+/, '')]);
    }
    out.push(Math.round(Number(m[1]) * DURATION_UNITS[m[2] ?? 's']));
  }
  if (out.length > 20) r.problems.push(`${name}: at most 20 retries`);
  return out;
}

/**
 * Reads `.env` from the working directory (or the file ENV_FILE names) into `env`; a variable the
 * environment already sets (even to "") wins over the file. ENV_FILE=none reads no file. A missing
 * `.env` is fine; a missing ENV_FILE is an error. Returns the file read, if any.
 */
export function loadEnvFile(env: Env = process.env, cwd = process.cwd()): string | undefined {
  const named = env.ENV_FILE?.trim();
  if (named === 'none') return undefined;
  const file = resolve(cwd, named || '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (!named && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError([`ENV_FILE: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] === undefined && value !== undefined) env[name] = value;
  }
  return file;
}

