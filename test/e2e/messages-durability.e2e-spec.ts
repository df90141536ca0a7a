import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import { createTestDatabase, TestDatabase } from '../support/database';
import { eventually, startEmulator } from '../support/emulator';
import { buildGateway, GatewayProcess, spawnGateway } from '../support/gateway-process';

/** The outbound queue across a crash: a gateway process SIGKILLed with messages queued. */
describe('outbound queue durability', () => {
  let main: string;
  let db: TestDatabase;
  let emulator: WaEmulator;
  let env: Record<string, string>;
  let key: string;
  const procs: GatewayProcess[] = [];

  const gateway = async () => {
    const p = await spawnGateway(main, env);
    procs.push(p);
    const base = /listening on (http:\/\/\S+)/.exec(p.output())![1];
    return { p, base };
  };
  const call = async (base: string, method: string, path: string, json?: unknown) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(json ? { 'content-type': 'application/json' } : {}) },
      body: json ? JSON.stringify(json) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    main = buildGateway();
    db = await createTestDatabase();
    const emu = await startEmulator();
    emulator = emu.emulator;
    const dir = mkdtempSync(join(tmpdir(), 'wgw-msg-'));
    writeFileSync(join(dir, 'media-ca.pem'), emulator.mediaCaPem);
    env = {
      ...emu.env,
      DATABASE_URL: db.url,
      NODE_EXTRA_CA_CERTS: join(dir, 'media-ca.pem'),
      // Both processes must read the same encrypted WhatsApp state.
      WA_STATE_KEY: randomBytes(32).toString('base64'),
      CURSOR_SECRET: randomBytes(24).toString('hex'),
      // Paced, so the kill lands in the middle of the queue.
      SEND_RATE_PER_SECOND: '10',
      SEND_JITTER_MS: '0',
      SEND_WAIT_MS: '0',
      OUTBOUND_POLL_MS: '200',
    };
    key = execFileSync(join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx'), ['src/cli/apikey.ts', 'create', '--org', 'org-k', '--name', 'k', '--capabilities', 'send,manage'], {
      cwd: join(__dirname, '..', '..'),
      env: { PATH: process.env.PATH, DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
    })
      .toString()
      .trim();
  }, 120_000);
  afterAll(async () => {
    for (const p of procs) await p.kill('SIGKILL');
    await emulator?.stop();
    await db?.drop();
  });

  it('sends every queued message exactly once after a SIGKILL and a restart', async () => {
    const first = await gateway();
    const account = emulator.addAccount();
    const contact = emulator.addContact();
    const session = (await call(first.base, 'POST', '/sessions', { name: 'durable', start: true })).body.id;
    const qr = await eventually(async () => {
      const r = await call(first.base, 'GET', `/sessions/${session}/qr`);
      return r.status === 200 ? (r.body.qr as string) : undefined;
    }, 15_000, 'a QR');
    await emulator.phone(account).scanQr(qr);
    await eventually(async () => (await call(first.base, 'GET', `/sessions/${session}`)).body.status === 'connected', 15_000, 'connected');

    const N = 30;
    const accepted: any[] = [];
    for (let i = 0; i < N; i++) {
      const r = await call(first.base, 'POST', `/sessions/${session}/messages`, { to: contact.phone, type: 'text', text: `durable ${i}` });
      expect([201, 202]).toContain(r.status);
      accepted.push(r.body);
    }
    const textOf = (m: { message: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } }) =>
      m.message.conversation ?? m.message.extendedTextMessage?.text ?? '';
    const inbox = () => emulator.contact(contact).inbox.filter((m) => textOf(m).startsWith('durable '));
    await eventually(async () => inbox().length >= 5, 15_000, 'some messages before the kill');
    await first.p.kill('SIGKILL');
    expect(inbox().length).toBeLessThan(N); // killed with messages still queued

    const second = await gateway();
    await eventually(async () => new Set(inbox().map(textOf)).size === N, 30_000, `all ${N} messages after the restart`);
    // Each text arrived under the one WhatsApp id stored for it (WhatsApp dedupes by id).
    for (const a of accepted) {
      const got = inbox().filter((m) => textOf(m) === a.text);
      expect(new Set(got.map((m) => m.id))).toEqual(new Set([a.waMessageId]));
    }
    const ids = inbox().map((m) => m.id);
    expect(ids.length - new Set(ids).size).toBeLessThanOrEqual(1); // at most the one in flight at the kill
    await eventually(async () => {
      const rows = await Promise.all(accepted.map((a) => call(second.base, 'GET', `/sessions/${session}/messages/${a.id}`)));
      return rows.every((r) => ['sent', 'delivered', 'read'].includes(r.body.status));
    }, 15_000, 'every message marked sent');
  });
});
