import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createGatewayClient, type GatewayClient } from '../../libs/client/src';
import { createApp } from '../../src/app.setup';
import { AppConfig, loadConfig } from '../../src/config/config';
import { createTestDatabase, TestDatabase } from './database';

export interface TestApp {
  app: NestExpressApplication;
  baseUrl: string;
  config: AppConfig;
  dataSource: DataSource;
  db: TestDatabase;
  /** fetch against the app: `http('/api/v1/x', { method: 'POST', json: {...}, token })`. */
  http(path: string, init?: RequestInitJson): Promise<Response>;
  /** The typed API client (libs/client) against the app, sending `token` as the bearer. */
  client(token: string): GatewayClient;
  close(): Promise<void>;
}

export interface RequestInitJson extends RequestInit {
  json?: unknown;
  token?: string;
}

/**
 * The whole gateway over real HTTP on a loopback port, with its own fresh database on the real
 * PostgreSQL server and its own data directory. `env` adds environment variables to the config.
 */
export async function startTestApp(env: Record<string, string> = {}, existing?: { db?: TestDatabase; dataDir?: string }): Promise<TestApp> {
  const db = existing?.db ?? (await createTestDatabase());
  const dataDir = existing?.dataDir ?? mkdtempSync(join(tmpdir(), 'wgw-test-'));
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Every test comes from 127.0.0.1: the per-IP failure limit would make one file's 401 tests
    // refuse its later requests. Its own test sets a small limit.
    AUTH_FAILURE_LIMIT: '1000000',
    ...env,
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    baseUrl,
    config,
    db,
    dataSource: app.get(DataSource),
    http: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (init.json !== undefined) headers.set('content-type', 'application/json');
      if (init.token) headers.set('authorization', `Bearer ${init.token}`);
      return fetch(baseUrl + path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
    },
    client: (token) => createGatewayClient({ baseUrl, token }),
    close: async () => {
      await app.close();
      if (!existing?.db) await db.drop();
      if (!existing?.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
