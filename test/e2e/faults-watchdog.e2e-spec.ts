import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Contact, WaEmulator } from '../../libs/wa-emulator/src';
import type { GatewayClient } from '../../libs/client/src';
import { SessionSupervisor } from '../../src/sessions/runtime/session-supervisor';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, linkSessionByQr, startEmulator, stopEmulator } from '../support/emulator';

/**
 * `connected` means that messages flow. A connection whose socket is open but that makes no
 * progress while work waits on it (a send WhatsApp does not acknowledge, a keep-alive it does not
 * answer, stanzas received and never handled) is recycled by the liveness watchdog
 * (WA_WATCHDOG_MS, 2 s here): closed and reconnected from the stored state, the reason in
 * `lastError` and in a `session.status` event; what waited is then sent, and received, once.
 * Baileys' own keep-alive would end a silent socket only after 35 s or more, and never one that
 * still receives but handles nothing.
 */
const WATCHDOG_MS = 2_000;

describe('the liveness watchdog', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let token: string;
  let gw: GatewayClient;

  const sessionStatus = async (session: string) => (await gw.GET('/api/v1/sessions/{session}', { params: { path: { session } } })).data?.status;
  const messageStatus = async (session: string, id: string) => (await gw.GET('/api/v1/sessions/{session}/messages/{id}', { params: { path: { session, id } } })).data?.status;
  const sendText = (session: string, to: string, text: string) => gw.POST('/api/v1/sessions/{session}/messages', { params: { path: { session } }, body: { to, type: 'text', text } });
  type StatusEvent = { status: string; previous: string; lastError: string | null };
  const statusEvents = async (id: string): Promise<StatusEvent[]> =>
    (await t.dataSource.query("SELECT data FROM events WHERE session_id = $1 AND type = 'session.status' ORDER BY id", [id])).map((r: { data: StatusEvent }) => r.data);
  const watchdogEvents = async (id: string) => (await statusEvents(id)).filter((e) => /^no progress for /.test(e.lastError ?? ''));
  const storedCount = async (waMessageId: string) => (await t.dataSource.query('SELECT count(*)::int AS n FROM messages WHERE wa_message_id = $1', [waMessageId]))[0].n as number;
  const inboxCount = (contact: Contact, id: string) => emulator.contact(contact).inbox.filter((m) => m.id === id).length;

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp({ ...emu.env, WA_WATCHDOG_MS: String(WATCHDOG_MS), SEND_RATE_PER_SECOND: '0', SEND_WAIT_MS: '0', OUTBOUND_POLL_MS: '200' });
    token = await createApiKey(t, { orgId: 'org-wd', capabilities: ['send', 'manage'] });
    gw = t.client(token);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
  });

  /** A linked session and a contact that already wrote to it (so both have a Signal session). */
  async function linkedWithContact(name: string): Promise<{ id: string; account: Account; contact: Contact }> {
    const { id, account } = await linkSessionByQr(t, emulator, token, name);
    const contact = emulator.addContact({ name: `${name} contact` });
    const { id: hello } = await emulator.contact(contact).sendText(account, 'hello');
    await eventually(async () => (await storedCount(hello)) === 1, 15_000, 'the first message stored');
    return { id, account, contact };
  }

  it('a silent connection (WhatsApp answers nothing): recycled with the reason; after it the queued send goes once and the contact’s message is stored once', async () => {
    const { id, account, contact } = await linkedWithContact('frozen-line');
    expect(emulator.phone(account).freeze()).toBe(1);
    const answer = await sendText(id, contact.phone, 'through the black hole');
    expect(answer.response.status).toBe(202);
    const sent = answer.data!;
    const { id: inbound } = await emulator.contact(contact).sendText(account, 'while frozen');

    // The watchdog sees the send unacknowledged (and the keep-alive unanswered) and recycles.
    const [event] = await eventually(async () => {
      const found = await watchdogEvents(id);
      return found.length ? found : undefined;
    }, 15_000, 'the watchdog recycling the connection');
    expect(event).toMatchObject({ status: 'reconnecting', previous: 'connected' });
    expect(event.lastError).toMatch(/^no progress for \d+ s while 1 send was waiting( and a keep-alive was not answered)?; reconnecting$/);
    // Nothing was sent while frozen: the message is still queued, and the device is offline.
    expect(await messageStatus(id, sent.id)).toBe('queued');
    expect(inboxCount(contact, sent.waMessageId)).toBe(0);

    emulator.phone(account).unfreeze();
    await eventually(async () => (await sessionStatus(id)) === 'connected', 20_000, 'connected again');
    await eventually(async () => inboxCount(contact, sent.waMessageId) === 1, 15_000, 'the queued message delivered');
    await eventually(async () => (await storedCount(inbound)) === 1, 15_000, "the contact's message stored");
    await eventually(async () => (await messageStatus(id, sent.id)) === 'delivered', 15_000, 'delivered');
    await new Promise((r) => setTimeout(r, 1_000)); // a second copy would have come by now
    expect(inboxCount(contact, sent.waMessageId)).toBe(1);
    expect(await storedCount(inbound)).toBe(1);
    expect(await watchdogEvents(id)).toHaveLength(1);
  }, 90_000);

  it('a connection that receives but handles nothing (a stuck await under its message lock): recycled; the messages then arrive once', async () => {
    const { id, account, contact } = await linkedWithContact('stuck-line');
    // What the fault run saw after a restart: an await under Baileys' message lock that never ends.
    const conn = t.app.get(SessionSupervisor).connection(id) as unknown as { socket: { messageMutex: { mutex(fn: () => Promise<void>): Promise<void> } } };
    void conn.socket.messageMutex.mutex(() => new Promise<void>(() => undefined));
    const { id: first } = await emulator.contact(contact).sendText(account, 'into the stuck socket 1');
    const { id: second } = await emulator.contact(contact).sendText(account, 'into the stuck socket 2');
    const answer = await sendText(id, contact.phone, 'out of the stuck socket');
    expect(answer.response.status).toBe(202);
    const sent = answer.data!;

    const [event] = await eventually(async () => {
      const found = await watchdogEvents(id);
      return found.length ? found : undefined;
    }, 15_000, 'the watchdog recycling the connection');
    expect(event).toMatchObject({ status: 'reconnecting', previous: 'connected' });
    expect(event.lastError).toMatch(/^no progress for \d+ s while (1 send was waiting and )?2 incoming stanzas were waiting to be handled; reconnecting$/);

    await eventually(async () => (await sessionStatus(id)) === 'connected', 20_000, 'connected again');
    await eventually(async () => (await storedCount(first)) === 1 && (await storedCount(second)) === 1, 15_000, 'both messages stored');
    await eventually(async () => inboxCount(contact, sent.waMessageId) === 1, 15_000, 'the queued message delivered');
    await new Promise((r) => setTimeout(r, 1_000));
    expect([await storedCount(first), await storedCount(second), inboxCount(contact, sent.waMessageId)]).toEqual([1, 1, 1]);
  }, 90_000);

  it('a contact whose Signal session diverged, while sends go out and another contact writes: nothing stalls, everything arrives once', async () => {
    const { id, account, contact: healthy } = await linkedWithContact('diverged-line');
    const broken = emulator.addContact({ name: 'Diverged' });
    const { id: hello } = await emulator.contact(broken).sendText(account, 'hello before');
    await eventually(async () => (await storedCount(hello)) === 1, 15_000, 'the broken contact’s first message');
    await emulator.contact(broken).divergeSession(account);
    emulator.resetCounters();

    const N = 12;
    const M = 30;
    const fromBroken = [];
    for (let i = 0; i < N; i++) fromBroken.push(await emulator.contact(broken).prepare(account, { conversation: `broken ${i}` }));
    const fromHealthy = [];
    for (let i = 0; i < M; i++) fromHealthy.push(await emulator.contact(healthy).prepare(account, { conversation: `healthy ${i}` }));
    for (let i = 0; i < M; i++) {
      if (fromBroken[i]) emulator.contact(broken).push(fromBroken[i]);
      emulator.contact(healthy).push(fromHealthy[i]);
    }
    const sends = [];
    for (let i = 0; i < 3; i++) sends.push((await sendText(id, healthy.phone, `during failures ${i}`)).data!);

    const pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    try {
      const count = async (prefix: string) => (await pg.query('SELECT count(DISTINCT wa_message_id)::int AS n, count(*)::int AS rows FROM messages WHERE session_id = $1 AND text LIKE $2', [id, `${prefix}%`])).rows[0];
      await eventually(async () => (await count('healthy ')).n === M, 30_000, 'the healthy messages stored');
      await eventually(async () => (await count('broken ')).n === N, 60_000, 'the broken contact’s messages stored after their resends');
      expect(await count('healthy ')).toEqual({ n: M, rows: M });
      expect(await count('broken ')).toEqual({ n: N, rows: N });
    } finally {
      await pg.end();
    }
    for (const s of sends) await eventually(async () => inboxCount(healthy, s.waMessageId) === 1, 15_000, `"${s.text}" delivered`);
    expect(emulator.stats().retryReceiptsFromDevices).toBe(N);
    expect(emulator.stats().contactResends).toBe(N);
    expect(await watchdogEvents(id)).toEqual([]);
    expect(await sessionStatus(id)).toBe('connected');
  }, 120_000);
});
