import { resolve } from 'node:path';

/**
 * The whole configuration of the gateway, read once from the environment.
 * Later features add their variables here (and to `.env.example`).
 */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  corsOrigins: string[];
  bodyLimit: string;
  cursorSecret?: string;
  metricsToken?: string;
  dbPoolSize: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Small typed readers that collect every problem instead of stopping at the first. */
class EnvReader {
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

export function loadConfig(env: Env = process.env): AppConfig {
  const r = new EnvReader(env);
  const config: AppConfig = {
    port: r.int('PORT', 3000, 0, 65535),
    host: r.string('HOST', '0.0.0.0')!,
    databaseUrl: r.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: resolve(r.string('DATA_DIR', './data')!),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    corsOrigins: r.list('CORS_ORIGINS'),
    bodyLimit: r.string('BODY_LIMIT', '1mb')!,
    cursorSecret: r.secret('CURSOR_SECRET', 32),
    metricsToken: r.secret('METRICS_TOKEN', 16),
    dbPoolSize: r.int('DB_POOL_SIZE', 10, 1, 200),
  };
  if (!/^\d+(b|kb|mb)$/i.test(config.bodyLimit)) {
    r.problems.push(`BODY_LIMIT: must look like 512kb or 1mb (got "${config.bodyLimit}")`);
  }
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}
