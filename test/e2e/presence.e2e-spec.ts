import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Contact, WaEmulator } from '../../libs/wa-emulator/src';
import { EVENT_CAPABILITY, mayReadEventType } from '../../src/events/event-types';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, linkSessionByQr, startEmulator, stopEmulator } from '../support/emulator';

/**
 * Presence through the API against the emulator: the session's own presence (`manage`), typing in
 * a chat, subscribing to a contact's presence (`send`) whose reports arrive as `presence.update`
 * events and as the last known presence; by number, phone JID or LID, the same under either form once
 * the session knows both (events name both). Capabilities, other
 * organizations (404), bad input (400) and a session that is not connected (409).
 */
describe('presence', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let manage: string; // send + manage
  let reader: string; // send only
  let admin: string; // manage only
  let stranger: string; // another organization, every capability
  let session: string;
  let idle: string; // created, never started
  let account: Account;
  let carol: Contact;
  let dave: Contact;

  const api = async (method: string, path: string, json?: unknown, token = manage) => {
    const res = await t.http(`/api/v1${path}`, { method, token, json });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
  };
  const events = async (type: string) =>
    (await t.dataSource.query('SELECT data FROM events WHERE session_id = $1 AND type = $2 ORDER BY id', [session, type])).map((r: { data: any }) => r.data);

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp({ ...emu.env, SEND_RATE_PER_SECOND: '0', SEND_WAIT_MS: '5000' });
    manage = await createApiKey(t, { orgId: 'org-presence', capabilities: ['send', 'manage'] });
    reader = await createApiKey(t, { orgId: 'org-presence', capabilities: ['send'] });
    admin = await createApiKey(t, { orgId: 'org-presence', capabilities: ['manage'] });
    stranger = await createApiKey(t, { orgId: 'org-other', capabilities: ['send', 'manage', 'admin'] });
    ({ id: session, account } = await linkSessionByQr(t, emulator, manage, 'presence'));
    idle = (await api('POST', '/sessions', { name: 'idle' })).body.id;
    carol = emulator.addContact({ name: 'Carol' });
    dave = emulator.addContact({ name: 'Dave' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
  });

  const routes = () => [
    { method: 'POST', path: `/sessions/${session}/presence`, body: { state: 'available' }, capability: 'manage' },
    { method: 'POST', path: `/sessions/${session}/chats/${carol.phone}/presence`, body: { state: 'paused' }, capability: 'send' },
    { method: 'POST', path: `/sessions/${session}/contacts/${carol.phone}/presence:subscribe`, body: undefined, capability: 'send' },
    { method: 'GET', path: `/sessions/${session}/contacts/${carol.phone}/presence`, body: undefined, capability: 'send' },
  ];

  it('401 without a token, 403 without the capability, 404 for another organization (nothing leaks)', async () => {
    for (const r of routes()) {
      const res = await t.http(`/api/v1${r.path}`, { method: r.method, json: r.body });
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
      const wrong = await api(r.method, r.path, r.body, r.capability === 'manage' ? reader : admin);
      expect(wrong.status, `${r.method} ${r.path}`).toBe(403);
      const other = await api(r.method, r.path, r.body, stranger);
      expect(other.status, `${r.method} ${r.path}`).toBe(404);
      expect(other.body.error.code).toBe('not_found');
      expect(JSON.stringify(other.body)).not.toContain(carol.phone);
    }
  });

  it('400 for bad states, chats, contacts and unknown fields', async () => {
    const bad: [string, string, unknown][] = [
      ['POST', `/sessions/${session}/presence`, { state: 'online' }],
      ['POST', `/sessions/${session}/presence`, {}],
      ['POST', `/sessions/${session}/presence`, { state: 'available', extra: 1 }],
      ['POST', `/sessions/${session}/chats/${carol.phone}/presence`, { state: 'typing' }],
      ['POST', `/sessions/${session}/chats/not-a-jid/presence`, { state: 'composing' }],
      ['POST', `/sessions/${session}/chats/120363000000000001@newsletter/presence`, { state: 'composing' }],
      ['POST', `/sessions/${session}/chats/${carol.phone}:3@s.whatsapp.net/presence`, { state: 'composing' }],
      ['POST', `/sessions/${session}/contacts/120363400000000001@g.us/presence:subscribe`, undefined],
      ['POST', `/sessions/${session}/contacts/abc/presence:subscribe`, undefined],
      ['GET', `/sessions/${session}/contacts/0123/presence`, undefined],
    ];
    for (const [method, path, body] of bad) {
      const res = await api(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
    }
  });

  it('409 when the session is not connected (changes), while the last known presence stays readable', async () => {
    for (const [method, path, body] of [
      ['POST', `/sessions/${idle}/presence`, { state: 'available' }],
      ['POST', `/sessions/${idle}/chats/${carol.phone}/presence`, { state: 'composing' }],
      ['POST', `/sessions/${idle}/contacts/${carol.phone}/presence:subscribe`, undefined],
    ] as const) {
      const res = await api(method, path, body);
      expect(res.status, path).toBe(409);
      expect(res.body.error.message).toMatch(/not connected: it is stopped/);
    }
    const got = await api('GET', `/sessions/${idle}/contacts/${carol.phone}/presence`, undefined, reader);
    expect(got).toMatchObject({ status: 200, body: { jid: carol.pnJid, state: 'unknown', lastSeen: null } });
  });

  it("sets the session's own presence: available, then unavailable (manage)", async () => {
    const gw = t.client(manage);
    const on = await gw.POST('/api/v1/sessions/{session}/presence', { params: { path: { session } }, body: { state: 'available' } });
    expect(on.response.status).toBe(200);
    expect(on.data).toEqual({ state: 'available' });
    const p = await emulator.presence.waitForAccount(account, 'available');
    expect(p.name).toBe(account.name);
    await gw.POST('/api/v1/sessions/{session}/presence', { params: { path: { session } }, body: { state: 'unavailable' } });
    const off = await emulator.presence.waitForAccount(account, 'unavailable');
    expect(off.lastSeen).toBeGreaterThan(0);
  });

  it('shows typing, recording and paused in a chat (send), by number or JID', async () => {
    const gw = t.client(reader);
    const typing = await gw.POST('/api/v1/sessions/{session}/chats/{jid}/presence', { params: { path: { session, jid: carol.phone } }, body: { state: 'composing' } });
    expect(typing.response.status).toBe(200);
    expect(typing.data).toEqual({ chatJid: carol.pnJid, state: 'composing' });
    await emulator.presence.waitForChatState(carol, (s) => s.state === 'composing' && s.from === account.phone);
    await gw.POST('/api/v1/sessions/{session}/chats/{jid}/presence', { params: { path: { session, jid: carol.pnJid } }, body: { state: 'recording' } });
    await emulator.presence.waitForChatState(carol, (s) => s.state === 'recording');
    await gw.POST('/api/v1/sessions/{session}/chats/{jid}/presence', { params: { path: { session, jid: carol.lidJid } }, body: { state: 'paused' } });
    await emulator.presence.waitForChatState(carol, (s) => s.state === 'paused');
  });

  it("subscribes to a contact's presence: the current one, then online, typing and offline as presence.update events and GET", async () => {
    emulator.presence.setContact(carol, 'unavailable');
    const gw = t.client(reader);
    const sub = await gw.POST('/api/v1/sessions/{session}/contacts/{id}/presence:subscribe', { params: { path: { session, id: carol.phone } } });
    expect(sub.response.status).toBe(200);
    expect(sub.data).toMatchObject({ jid: carol.pnJid });
    expect(sub.data!.subscribedAt).toEqual(expect.any(String));
    await emulator.presence.waitForSubscription(carol, account);

    const get = () => gw.GET('/api/v1/sessions/{session}/contacts/{id}/presence', { params: { path: { session, id: carol.pnJid } } }).then((r) => r.data!);
    const first = await eventually(async () => ((await get()).state === 'unavailable' ? get() : undefined), 10_000, 'first presence');
    expect(first.lastSeen).toEqual(expect.any(String));
    expect(first.chatJid).toBe(carol.pnJid);

    emulator.presence.setContact(carol, 'available');
    await eventually(async () => (await get()).state === 'available', 10_000, 'online');
    emulator.presence.typing(carol, account, 'composing');
    await eventually(async () => (await get()).state === 'composing', 10_000, 'typing');
    emulator.presence.typing(carol, account, 'recording');
    await eventually(async () => (await get()).state === 'recording', 10_000, 'recording');
    emulator.presence.setContact(carol, 'unavailable');
    const last = await eventually(async () => ((await get()).state === 'unavailable' ? get() : undefined), 10_000, 'offline');
    expect(new Date(last.lastSeen!).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const evs = (await events('presence.update')).filter((e: any) => e.jid === carol.pnJid);
    expect(evs.map((e: any) => e.state)).toEqual(['unavailable', 'available', 'composing', 'recording', 'unavailable']);
    expect(evs[0]).toMatchObject({ chatJid: carol.pnJid, lastSeen: expect.any(String) });
    expect(evs[1].lastSeen).toBeNull();
  });

  it('a contact hiding last seen reports none; by LID the presence is kept under the LID', async () => {
    emulator.presence.setContact(dave, 'available', { hideLastSeen: true });
    const sub = await api('POST', `/sessions/${session}/contacts/${dave.lidJid}/presence:subscribe`, undefined, reader);
    expect(sub.status).toBe(200);
    expect(sub.body.jid).toBe(dave.lidJid);
    await eventually(async () => (await api('GET', `/sessions/${session}/contacts/${dave.lidJid}/presence`, undefined, reader)).body.state === 'available', 10_000, 'dave online');
    emulator.presence.setContact(dave, 'unavailable');
    const got = await eventually(async () => {
      const r = await api('GET', `/sessions/${session}/contacts/${dave.lidJid}/presence`, undefined, reader);
      return r.body.state === 'unavailable' ? r.body : undefined;
    }, 10_000, 'dave offline');
    expect(got.lastSeen).toBeNull();
    // Never subscribed by number, and the session does not know Dave's number behind the LID: nothing known under that form.
    expect(got).toMatchObject({ jid: dave.lidJid, lid: dave.lidJid, phoneJid: null });
    expect((await api('GET', `/sessions/${session}/contacts/${dave.phone}/presence`, undefined, reader)).body.state).toBe('unknown');
  });

  it('once the number and LID are known, the presence is the same under either form, and its events name both', async () => {
    const erin = emulator.addContact({ name: 'Erin' });
    const fred = emulator.addContact({ name: 'Fred' });
    const check = await api('POST', `/sessions/${session}/contacts:check`, { phoneNumbers: [erin.phone, fred.phone] });
    expect(check.status).toBe(200);
    expect(check.body.results.map((r: any) => r.lid)).toEqual([erin.lidJid, fred.lidJid]);
    const both = (c: Contact) => ({ phoneJid: c.pnJid, lid: c.lidJid });
    const get = async (id: string) => (await api('GET', `/sessions/${session}/contacts/${id}/presence`, undefined, reader)).body;

    // Subscribed by number, read by LID.
    emulator.presence.setContact(erin, 'available');
    const sub = await api('POST', `/sessions/${session}/contacts/${erin.phone}/presence:subscribe`, undefined, reader);
    expect(sub.body).toMatchObject({ jid: erin.pnJid, ...both(erin) });
    const byLid = await eventually(async () => {
      const p = await get(erin.lidJid);
      return p.state === 'available' ? p : undefined;
    }, 10_000, 'erin online, read by LID');
    expect(byLid).toMatchObject({ jid: erin.pnJid, ...both(erin), chatJid: erin.pnJid });
    expect(byLid.subscribedAt).toEqual(sub.body.subscribedAt);
    expect(await get(erin.phone)).toEqual(byLid);

    // Subscribed by LID, read by number.
    emulator.presence.setContact(fred, 'unavailable');
    expect((await api('POST', `/sessions/${session}/contacts/${fred.lidJid}/presence:subscribe`, undefined, reader)).status).toBe(200);
    const byNumber = await eventually(async () => {
      const p = await get(fred.pnJid);
      return p.state === 'unavailable' ? p : undefined;
    }, 10_000, 'fred offline, read by number');
    expect(byNumber).toMatchObject({ jid: fred.lidJid, ...both(fred), lastSeen: expect.any(String) });
    expect(await get(fred.lidJid)).toEqual(byNumber);
    emulator.presence.setContact(fred, 'available');
    await eventually(async () => (await get(fred.phone)).state === 'available', 10_000, 'fred online, read by number');

    // Every presence.update names the contact by both forms, whichever form WhatsApp reported.
    const evs = (await events('presence.update')).filter((e: any) => [erin.pnJid, erin.lidJid, fred.pnJid, fred.lidJid].includes(e.jid));
    expect(evs.length).toBeGreaterThanOrEqual(3);
    for (const e of evs) expect(e).toMatchObject([erin.pnJid, erin.lidJid].includes(e.jid) ? both(erin) : both(fred));
  });

  it('presence.update is read with send', () => {
    expect(EVENT_CAPABILITY['presence.update']).toBe('send');
    expect(mayReadEventType(['send'], 'presence.update')).toBe(true);
    expect(mayReadEventType(['manage'], 'presence.update')).toBe(false);
  });
});
