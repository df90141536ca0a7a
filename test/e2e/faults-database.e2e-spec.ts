import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Contact, WaEmulator } from '../../libs/wa-emulator/src';
import type { GatewayClient } from '../../libs/client/src';
import { DATABASE_LOST } from '../../src/sessions/runtime/session-supervisor';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import type { TestDatabase } from '../support/database';
import { eventually, linkSessionByQr, startEmulator, stopEmulator } from '../support/emulator';
import { PrivatePostgres, startPrivatePostgres } from '../support/private-postgres';

/**
 * A connected session while the gateway's database stops and starts again (a PostgreSQL cluster of
 * the test's own). Losing the database loses the session leases, so the gateway closes its
 * sessions; that transition, and every later one, is recorded with its `session.status` event as
 * soon as the database answers again, the API never shows `connected` for a session whose device
 * is offline, and messages flow again afterwards, each once.
 */
describe('a connected session across a database stop', () => {
  let pg: PrivatePostgres;
  let db: TestDatabase;
  let t: TestApp;
  let emulator: WaEmulator;
  let token: string;
  let gw: GatewayClient;

  const getSession = (session: string) => gw.GET('/api/v1/sessions/{session}', { params: { path: { session } } });
  const withClient = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: db.url });
    c.on('error', () => undefined);
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end().catch(() => undefined);
    }
  };
  const statusEvents = (id: string) =>
    withClient(async (c) => (await c.query("SELECT data FROM events WHERE session_id = $1 AND type = 'session.status' ORDER BY id", [id])).rows.map((r) => r.data as { status: string; previous: string; lastError: string | null }));
  const textOf = (m: { message: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } }) =>
    m.message.conversation ?? m.message.extendedTextMessage?.text ?? '';

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    db = await pg.createDatabase('wgw_db_faults');
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp({ ...emu.env, SEND_RATE_PER_SECOND: '0', SEND_WAIT_MS: '0', OUTBOUND_POLL_MS: '200' }, { db });
    token = await createApiKey(t, { orgId: 'org-dbf', capabilities: ['send', 'manage'] });
    gw = t.client(token);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
    await pg?.destroy();
  });

  /** A contact's message, stored once; a send, delivered to the contact once. */
  async function messagesFlow(id: string, account: Account, contact: Contact, tag: string): Promise<void> {
    const { id: inboundId } = await emulator.contact(contact).sendText(account, `inbound ${tag}`);
    await eventually(async () => (await withClient((c) => c.query('SELECT 1 FROM messages WHERE wa_message_id = $1', [inboundId]))).rowCount === 1, 30_000, `"inbound ${tag}" stored`);
    const answer = await gw.POST('/api/v1/sessions/{session}/messages', { params: { path: { session: id } }, body: { to: contact.phone, type: 'text', text: `outbound ${tag}` } });
    expect([201, 202], JSON.stringify(answer.error)).toContain(answer.response.status);
    const sent = answer.data!;
    await eventually(async () => emulator.contact(contact).inbox.some((m) => m.id === sent.waMessageId), 30_000, `"outbound ${tag}" delivered`);
    await eventually(
      async () => (await gw.GET('/api/v1/sessions/{session}/messages/{id}', { params: { path: { session: id, id: sent.id } } })).data?.status === 'delivered',
      30_000,
      `"outbound ${tag}" delivered status`,
    );
    await new Promise((r) => setTimeout(r, 500)); // a second copy would have come by now
    expect(emulator.contact(contact).inbox.filter((m) => m.id === sent.waMessageId)).toHaveLength(1);
    expect((await withClient((c) => c.query('SELECT count(*)::int AS n FROM messages WHERE wa_message_id = $1', [inboundId]))).rows[0].n).toBe(1);
  }

  it('records the transitions with their events once the database is back, never shows a stale connected, and messages flow again', async () => {
    const { id, account } = await linkSessionByQr(t, emulator, token, 'db-line');
    const contact = emulator.addContact({ name: 'Dora' });
    await messagesFlow(id, account, contact, 'before');
    const eventsBefore = (await statusEvents(id)).length;

    await pg.stop();
    // The gateway closes its sessions (it no longer holds their leases) and stays up.
    await eventually(async () => !emulator.phone(account).isConnected(), 15_000, 'the device offline');
    expect((await t.http('/healthz')).status).toBe(200);
    expect((await getSession(id)).response.status).toBeGreaterThanOrEqual(500);
    await new Promise((r) => setTimeout(r, 1_500)); // a few reconcile rounds find no database

    // WhatsApp refuses the device for a while after the database is back: the session cannot be
    // connected yet, and the API must say so from its very first answer.
    emulator.refuseConnections(3_000);
    await pg.start();
    const first = await eventually(async () => {
      const r = await getSession(id);
      return r.response.status === 200 ? r.data : undefined;
    }, 15_000, 'the API answering again');
    expect(emulator.phone(account).isConnected()).toBe(false);
    expect(first.status, JSON.stringify(first)).toBe('reconnecting');
    // Why: the database was lost, or (if an attempt was refused already) WhatsApp's refusal.
    expect([DATABASE_LOST, 'closed by WhatsApp with code 428']).toContain(first.lastError);

    await eventually(async () => (await getSession(id)).data?.status === 'connected', 30_000, 'connected again');
    expect(emulator.phone(account).isConnected()).toBe(true);
    // Recorded: connected → reconnecting (the database was lost) → ... → connected, with events.
    const after = (await statusEvents(id)).slice(eventsBefore);
    expect(after[0], JSON.stringify(after)).toMatchObject({ status: 'reconnecting', previous: 'connected', lastError: DATABASE_LOST });
    expect(after[after.length - 1]).toMatchObject({ status: 'connected', lastError: null });
    for (const e of after.slice(0, -1)) expect(e.status, JSON.stringify(after)).toBe('reconnecting');
    const row = await withClient(async (c) => (await c.query('SELECT status, last_error FROM sessions WHERE id = $1', [id])).rows[0]);
    expect(row).toEqual({ status: 'connected', last_error: null });

    await messagesFlow(id, account, contact, 'after');
    expect(emulator.contact(contact).inbox.filter((m) => textOf(m).startsWith('outbound ')).map(textOf)).toEqual(['outbound before', 'outbound after']);
  }, 120_000);
});
