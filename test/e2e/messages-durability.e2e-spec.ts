import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import { createGatewayClient } from '../../libs/client/src';
import { createTestDatabase, TestDatabase } from '../support/database';
import { eventually, startEmulator, stopEmulator } from '../support/emulator';
import { buildGateway, GatewayProcess, spawnGateway } from '../support/gateway-process';

/**
 * Messages across a crash: a gateway process SIGKILLed with messages queued to send, and with
 * received messages not yet stored.
 */
describe('message durability across a crash', () => {
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
  /** The typed client of the gateway process at `base`. */
  const api = (base: string) => createGatewayClient({ baseUrl: base, token: key });
  const sessionStatus = async (base: string, session: string) => (await api(base).GET('/api/v1/sessions/{session}', { params: { path: { session } } })).data?.status;
  const chatMessages = (base: string, session: string, jid: string) =>
    api(base).GET('/api/v1/sessions/{session}/chats/{jid}/messages', { params: { path: { session, jid }, query: { limit: 50 } } });

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
    await stopEmulator(emulator);
    await db?.drop();
  });

  const linkedSession = async (base: string, name: string) => {
    const account = emulator.addAccount();
    const session = (await api(base).POST('/api/v1/sessions', { body: { name, start: true } })).data!.id;
    const qr = await eventually(async () => {
      const r = await api(base).GET('/api/v1/sessions/{session}/qr', { params: { path: { session } } });
      return r.response.status === 200 ? r.data!.qr : undefined;
    }, 15_000, 'a QR');
    await emulator.phone(account).scanQr(qr);
    await eventually(async () => (await sessionStatus(base, session)) === 'connected', 15_000, 'connected');
    return { account, session };
  };

  it('sends every queued message exactly once after a SIGKILL and a restart', async () => {
    const first = await gateway();
    const contact = emulator.addContact();
    const { session } = await linkedSession(first.base, 'durable');

    const N = 30;
    const accepted: { id: string; text: string | null; waMessageId: string }[] = [];
    const gw = api(first.base);
    for (let i = 0; i < N; i++) {
      const r = await gw.POST('/api/v1/sessions/{session}/messages', { params: { path: { session } }, body: { to: contact.phone, type: 'text', text: `durable ${i}` } });
      expect([201, 202]).toContain(r.response.status);
      accepted.push(r.data!);
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
      const rows = await Promise.all(accepted.map((a) => api(second.base).GET('/api/v1/sessions/{session}/messages/{id}', { params: { path: { session, id: a.id } } })));
      return rows.every((r) => ['sent', 'delivered', 'read'].includes(r.data?.status ?? ''));
    }, 15_000, 'every message marked sent');
  });

  it('receipts a received message only once it is stored: killed before, it is delivered again and stored once', async () => {
    const first = await gateway();
    const contact = emulator.addContact();
    const { account, session } = await linkedSession(first.base, 'receiver');
    const pg = new Client({ connectionString: db.url });
    const observer = new Client({ connectionString: db.url }); // a transaction sees one pg_stat_activity snapshot
    await pg.connect();
    await observer.connect();
    try {
      // Hold every insert into messages: the gateway receives and decrypts, but cannot store.
      await pg.query('BEGIN');
      await pg.query('LOCK TABLE messages IN SHARE ROW EXCLUSIVE MODE');
      const N = 5;
      const sent: string[] = [];
      for (let i = 0; i < N; i++) sent.push((await emulator.contact(contact).sendText(account, `inbound ${i}`)).id);
      await eventually(
        async () => Number((await observer.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO messages%'`)).rows[0].n) > 0,
        15_000,
        'the gateway to try storing',
      );
      expect(sent.filter((id) => emulator.receipt(id)?.delivered)).toEqual([]);
      await first.p.kill('SIGKILL');
      await pg.query('ROLLBACK');

      const second = await gateway();
      const chat = await eventually(async () => {
        const r = await chatMessages(second.base, session, `${contact.phone}@s.whatsapp.net`);
        return r.response.status === 200 && r.data!.items.length >= N ? r.data!.items : undefined;
      }, 30_000, `all ${N} messages stored after the restart`);
      expect(chat.map((m) => m.text).sort()).toEqual(sent.map((_, i) => `inbound ${i}`));
      expect(chat.map((m) => m.waMessageId).sort()).toEqual([...sent].sort());
      for (const id of sent) await emulator.waitForDelivered(id, 15_000);
    } finally {
      await pg.end();
      await observer.end();
    }
  });

  it('withholds the receipts of messages it fails to store, reconnects, and stores them once storing works again', async () => {
    const { base, p } = await gateway();
    const contact = emulator.addContact();
    const { account, session } = await linkedSession(base, 'refusing');
    // Also proves the process survives it: a crash would fail every later request.
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      await pg.query(`CREATE FUNCTION refuse_messages() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.text LIKE 'refused %' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
      await pg.query('CREATE TRIGGER refuse_messages BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_messages()');
      const N = 3;
      const sent: string[] = [];
      for (let i = 0; i < N; i++) sent.push((await emulator.contact(contact).sendText(account, `refused ${i}`)).id);
      await eventually(async () => p.output().includes('reconnecting from the stored state'), 15_000, 'a refused store to end the connection');
      expect(sent.filter((id) => emulator.receipt(id)?.delivered)).toEqual([]);

      await pg.query('DROP TRIGGER refuse_messages ON messages');
      const chat = await eventually(async () => {
        const r = await chatMessages(base, session, `${contact.phone}@s.whatsapp.net`);
        return r.response.status === 200 && r.data!.items.length >= N ? r.data!.items : undefined;
      }, 30_000, `all ${N} messages stored once storing works`);
      expect(chat.map((m) => m.waMessageId).sort()).toEqual([...sent].sort());
      for (const id of sent) await emulator.waitForDelivered(id, 15_000);
      expect(await sessionStatus(base, session)).toBe('connected');
    } finally {
      await pg.query('DROP TRIGGER IF EXISTS refuse_messages ON messages').catch(() => undefined);
      await pg.end();
    }
  }, 90_000);
});
