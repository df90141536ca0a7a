import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Contact, WaEmulator } from '../../libs/wa-emulator/src';
import type { GatewayClient } from '../../libs/client/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, linkSessionByQr, startEmulator, stopEmulator } from '../support/emulator';

/**
 * Contacts through the API against the emulator: bulk checks (paced, answered from the store the
 * second time: one usync query for two checks of 50 numbers), contacts known from chats, their
 * about text and business profile, profile pictures (cached; 404 when none or hidden by privacy),
 * block / unblock / block list, names from the phone's address book (contact sync, with the LID
 * pairs its entries reveal). `send` reads and checks, `manage` blocks; another organization's
 * session is a 404 on every route; bad ids and bodies are 400s with the error envelope.
 * Well-formed calls go through the typed client (libs/client); raw requests only for malformed input.
 */
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600', 'hex'), Buffer.alloc(300, 9), Buffer.from('ffd9', 'hex')]);

describe('contacts', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let manage: string;
  let reader: string;
  let stranger: string;
  let session: string;
  let account: Account;
  let ana: Contact;
  let ben: Contact;
  let shy: Contact;

  let gw: GatewayClient; // send + manage
  let read: GatewayClient; // send only
  let other: GatewayClient; // another organization

  /** A raw call, for deliberately malformed input only. */
  const raw = async (method: string, path: string, json?: unknown, token = manage) => {
    const res = await t.http(`/api/v1${path}`, { method, token, json });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
  };
  const check = (phoneNumbers: string[], client = read) => client.POST('/api/v1/sessions/{session}/contacts:check', { params: { path: { session } }, body: { phoneNumbers } });
  const list = (query: { limit?: number; cursor?: string; q?: string }, client = read) => client.GET('/api/v1/sessions/{session}/contacts', { params: { path: { session }, query } });
  const contact = (id: string, client = read) => client.GET('/api/v1/sessions/{session}/contacts/{id}', { params: { path: { session, id } } });
  const picture = async (id: string, client = read) => {
    const r = await client.GET('/api/v1/sessions/{session}/contacts/{id}/picture', { params: { path: { session, id } }, parseAs: 'arrayBuffer' });
    return { ...r, bytes: r.data ? Buffer.from(r.data as ArrayBuffer) : undefined };
  };
  const block = (id: string, client = gw) => client.POST('/api/v1/sessions/{session}/contacts/{id}:block', { params: { path: { session, id } } });
  const unblock = (id: string, client = gw) => client.POST('/api/v1/sessions/{session}/contacts/{id}:unblock', { params: { path: { session, id } } });
  const blocklist = (client = read) => client.GET('/api/v1/sessions/{session}/blocklist', { params: { path: { session } } });

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp({ ...emu.env, SEND_RATE_PER_SECOND: '0', CONTACT_CHECK_RATE: '120', CONTACT_CHECK_TTL: '3600' });
    manage = await createApiKey(t, { orgId: 'org-contacts', capabilities: ['send', 'manage'] });
    reader = await createApiKey(t, { orgId: 'org-contacts', capabilities: ['send'] });
    stranger = await createApiKey(t, { orgId: 'org-other', capabilities: ['send', 'manage', 'admin'] });
    ({ id: session, account } = await linkSessionByQr(t, emulator, manage, 'contacts'));
    gw = t.client(manage);
    read = t.client(reader);
    other = t.client(stranger);
    ana = emulator.addContact({ name: 'Ana' });
    ben = emulator.addContact({ name: 'Ben' });
    shy = emulator.addContact({ name: 'Shy' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
  });

  it('checks 50 numbers twice: WhatsApp is asked once, the second answer comes from the store', async () => {
    const known = Array.from({ length: 10 }, () => emulator.addContact());
    const numbers = [...known.map((c, i) => (i % 2 ? `+${c.phone}` : c.phone)), ...Array.from({ length: 40 }, (_, i) => `1555800${String(i).padStart(4, '0')}`)];
    emulator.resetCounters();
    const first = await check(numbers);
    expect(first.response.status).toBe(200);
    const results = first.data!.results;
    expect(results).toHaveLength(50);
    expect(results[0]).toMatchObject({ phoneNumber: known[0].phone, exists: true, jid: known[0].pnJid, lid: known[0].lidJid, cached: false });
    expect(results[1]).toMatchObject({ phoneNumber: `+${known[1].phone}`, exists: true, jid: known[1].pnJid, lid: known[1].lidJid });
    expect(results[10]).toMatchObject({ phoneNumber: '15558000000', exists: false, jid: null, lid: null, cached: false });
    const second = await check(numbers);
    expect(second.response.status).toBe(200);
    expect(second.data!.results.every((r) => r.cached)).toBe(true);
    expect(second.data!.results.map((r) => [r.exists, r.jid, r.lid])).toEqual(results.map((r) => [r.exists, r.jid, r.lid]));
    expect(emulator.contactsStats()).toMatchObject({ contactQueries: 1, contactQueryUsers: 50 });
    // The pairs learnt are answered by the lids routes.
    const lid = await read.GET('/api/v1/sessions/{session}/lids/{lid}', { params: { path: { session, lid: known[0].lidJid } } });
    expect(lid.response.status).toBe(200);
    expect(lid.data).toEqual({ lid: known[0].lidJid, phoneJid: known[0].pnJid, phoneNumber: known[0].phone });
  });

  it('paces numbers asked of WhatsApp per session: 429 with Retry-After past CONTACT_CHECK_RATE', async () => {
    const fresh = (n: number, base: string) => Array.from({ length: n }, (_, i) => `${base}${String(i).padStart(4, '0')}`);
    // 50 were asked above; 50 more fit in 120 per minute, the next 50 do not.
    expect((await check(fresh(50, '1555810'))).response.status).toBe(200);
    const over = await check(fresh(50, '1555820'));
    expect(over.response.status).toBe(429);
    expect(over.error?.error.code).toBe('rate_limited');
    expect(Number(over.response.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses bad check bodies with 400 and the error envelope', async () => {
    for (const body of [{}, { phoneNumbers: [] }, { phoneNumbers: 'x' }, { phoneNumbers: ['abc'] }, { phoneNumbers: ['0123456'] }, { phoneNumbers: Array(51).fill('15551234567') }, { phoneNumbers: ['15551234567'], extra: 1 }]) {
      const r = await raw('POST', `/sessions/${session}/contacts:check`, body, reader);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('validation_error');
    }
  });

  it('lists contacts known from chats, with both forms and push names; q filters; cursor pages', async () => {
    await emulator.contact(ana).sendText(account, 'hello from Ana');
    await emulator.contact(ben).sendText(account, 'hello from Ben');
    const all = await eventually(async () => {
      const items = (await list({ limit: 200 })).data!.items;
      // Both stored with their names and both forms (each message is stored on its own).
      const known = (p: Contact, name: string) => items.some((c) => c.phoneJid === p.pnJid && c.lid === p.lidJid && c.pushName === name);
      return known(ana, 'Ana') && known(ben, 'Ben') ? items : undefined;
    });
    expect(all.find((c) => c.phoneJid === ana.pnJid)).toMatchObject({ lid: ana.lidJid, pushName: 'Ana', phoneNumber: ana.phone, blocked: false });
    expect((await list({ q: 'Ana' })).data!.items.map((c) => c.phoneJid)).toEqual([ana.pnJid]);
    expect((await list({ q: ben.phone.slice(-6) })).data!.items.map((c) => c.phoneJid)).toContain(ben.pnJid);
    const seen: (string | null)[] = [];
    let cursor = '';
    do {
      const page = await list({ limit: 7, ...(cursor ? { cursor } : {}) });
      expect(page.response.status).toBe(200);
      seen.push(...page.data!.items.map((c) => c.phoneJid ?? c.lid));
      cursor = page.data!.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((c) => c.phoneJid ?? c.lid));
    expect((await raw('GET', `/sessions/${session}/contacts?cursor=forged.x`, undefined, reader)).status).toBe(400);
    expect((await raw('GET', `/sessions/${session}/contacts?limit=0`, undefined, reader)).status).toBe(400);
  });

  it('reads a contact by number, JID or LID: about text and business profile', async () => {
    emulator.profile(ana).setAbout('Busy building', 1_700_000_000);
    emulator.profile(ben).setBusiness({ description: 'Bakery', category: 'Food', email: 'ben@example.com' });
    emulator.profile(shy).setAbout('secret').aboutVisibleTo('none');
    const byNumber = await contact(`+${ana.phone}`);
    expect(byNumber.response.status).toBe(200);
    expect(byNumber.data).toMatchObject({ phoneJid: ana.pnJid, lid: ana.lidJid, about: 'Busy building', aboutSetAt: new Date(1_700_000_000_000).toISOString(), aboutHidden: false, business: false });
    const byLid = await contact(ben.lidJid);
    expect(byLid.response.status).toBe(200);
    expect(byLid.data).toMatchObject({ phoneJid: ben.pnJid, lid: ben.lidJid, business: true, businessProfile: { description: 'Bakery', category: 'Food', email: 'ben@example.com' } });
    const hidden = await contact(shy.pnJid);
    expect(hidden.response.status).toBe(200);
    expect(hidden.data).toMatchObject({ phoneJid: shy.pnJid, about: null, aboutHidden: true });
    for (const bad of ['abc', '0123', `${ana.phone}:2@s.whatsapp.net`, '120363000000000042@g.us']) {
      const r = await raw('GET', `/sessions/${session}/contacts/${encodeURIComponent(bad)}`, undefined, reader);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code).toBe('validation_error');
    }
  });

  it('serves profile pictures from WhatsApp, then from the store; 404 when none or hidden', async () => {
    emulator.profile(ana).setPicture(JPEG);
    emulator.resetCounters();
    const first = await picture(ana.phone);
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get('content-type')).toMatch(/^image\/jpeg/);
    expect(first.bytes?.equals(JPEG)).toBe(true);
    const again = await picture(ana.lidJid);
    expect(again.bytes?.equals(JPEG)).toBe(true);
    expect(again.response.headers.get('x-cache')).toBe('HIT');
    expect(emulator.contactsStats().pictureQueries).toBe(1);
    const none = await picture(ben.phone);
    expect(none.response.status).toBe(404);
    expect(none.error).toMatchObject({ error: { code: 'not_found', details: { reason: 'none' } } });
    emulator.profile(shy).setPicture(JPEG);
    emulator.profile(shy).pictureVisibleTo('none');
    const hidden = await picture(shy.phone);
    expect(hidden.response.status).toBe(404);
    expect(hidden.error).toMatchObject({ error: { code: 'not_found', details: { reason: 'hidden' } } });
  });

  it('blocks and unblocks (manage), by number or LID; the block list follows WhatsApp', async () => {
    expect((await block(ben.phone, read)).response.status).toBe(403);
    const blocked = await block(ben.phone);
    expect(blocked.response.status).toBe(200);
    expect(blocked.data).toMatchObject({ phoneJid: ben.pnJid, lid: ben.lidJid, blocked: true });
    expect(emulator.profile(account).blocked()).toEqual([{ lid: ben.lid, phone: ben.phone }]);
    expect((await blocklist()).data!.items.map((c) => c.phoneJid)).toEqual([ben.pnJid]);
    // Blocked: WhatsApp never delivers his messages; unblocked, it does again.
    await emulator.contact(ben).sendText(account, 'while blocked');
    const unblocked = await unblock(ben.lidJid);
    expect(unblocked.response.status).toBe(200);
    expect(unblocked.data).toMatchObject({ blocked: false });
    expect(emulator.profile(account).blocked()).toEqual([]);
    expect((await blocklist()).data!.items).toEqual([]);
    await emulator.contact(ben).sendText(account, 'after unblocking');
    const texts = await eventually(async () => {
      const page = await read.GET('/api/v1/sessions/{session}/chats/{jid}/messages', { params: { path: { session, jid: ben.pnJid }, query: { limit: 200 } } });
      const rows = page.data?.items ?? [];
      return rows.some((m) => m.text === 'after unblocking') ? rows.map((m) => m.text) : undefined;
    }, 15_000, 'the message after unblocking');
    expect(texts).not.toContain('while blocked');
    expect((await block('15558999999')).response.status).toBe(404);
  });

  it('shows the names saved in the phone address book (contact sync): list, read, q; the entries reveal LID pairs', async () => {
    const dora = emulator.addContact({ name: 'Dora' }); // never seen before: the entry is all the session knows of her
    const eve = emulator.addContact({ name: 'Eve' });
    emulator.profile(eve).hidePhone();
    const fromLid = await emulator.contact(eve).sendText(account, 'from my LID');
    const messagesOf = (jid: string) => read.GET('/api/v1/sessions/{session}/chats/{jid}/messages', { params: { path: { session, jid }, query: { limit: 200 } } });
    await eventually(async () => (await messagesOf(eve.lidJid)).data?.items.some((m) => m.waMessageId === fromLid.id), 15_000, 'the message from the LID');
    expect((await read.GET('/api/v1/sessions/{session}/lids/{lid}', { params: { path: { session, lid: dora.lidJid } } })).response.status).toBe(404);

    // The phone shares its app-state key with the session's device, then syncs the entries.
    await emulator.phone(account).saveContacts([
      { party: ana, name: { fullName: 'Ana Lima', firstName: 'Ana' } },
      { party: dora, name: { fullName: 'Dora Explorer', firstName: 'Dora' } },
      { party: eve, name: { fullName: 'Eve Hidden' } },
    ]);
    const items = await eventually(async () => {
      const all = (await list({ limit: 200 })).data!.items;
      const named = (p: Contact, name: string) => all.some((c) => c.phoneJid === p.pnJid && c.lid === p.lidJid && c.name === name);
      return named(ana, 'Ana Lima') && named(dora, 'Dora Explorer') && named(eve, 'Eve Hidden') ? all : undefined;
    }, 15_000, 'the address book names');
    expect(items.find((c) => c.phoneJid === ana.pnJid)).toMatchObject({ name: 'Ana Lima', pushName: 'Ana' });
    expect(items.find((c) => c.phoneJid === dora.pnJid)).toMatchObject({ lid: dora.lidJid, name: 'Dora Explorer', pushName: null, phoneNumber: dora.phone });
    // One row per person: Eve's LID row (her message) became her number's row.
    for (const p of [ana, dora, eve]) expect(items.filter((c) => c.phoneJid === p.pnJid || c.lid === p.lidJid), p.name).toHaveLength(1);

    const byLid = await contact(dora.lidJid);
    expect(byLid.response.status).toBe(200);
    expect(byLid.data).toMatchObject({ phoneJid: dora.pnJid, lid: dora.lidJid, name: 'Dora Explorer' });
    expect((await contact(`+${ana.phone}`)).data).toMatchObject({ name: 'Ana Lima' });
    expect((await list({ q: 'explorer' })).data!.items.map((c) => c.phoneJid)).toEqual([dora.pnJid]);
    expect((await list({ q: 'Lima' })).data!.items.map((c) => c.phoneJid)).toEqual([ana.pnJid]);

    // The entries' LIDs revealed the pairs: the lids routes answer them, Eve's LID chat joined her number's.
    const pair = await read.GET('/api/v1/sessions/{session}/lids/{lid}', { params: { path: { session, lid: dora.lidJid } } });
    expect(pair.response.status).toBe(200);
    expect(pair.data).toEqual({ lid: dora.lidJid, phoneJid: dora.pnJid, phoneNumber: dora.phone });
    const joined = await eventually(async () => (await messagesOf(eve.pnJid)).data?.items.find((m) => m.waMessageId === fromLid.id), 15_000, 'the LID chat under the number');
    expect(joined).toMatchObject({ chatJid: eve.pnJid });
    const chats = (await read.GET('/api/v1/sessions/{session}/chats', { params: { path: { session }, query: { limit: 200 } } })).data!.items.map((c) => c.jid);
    expect(chats).toContain(eve.pnJid);
    expect(chats).not.toContain(eve.lidJid);

    // A renamed entry renames the contact.
    await emulator.phone(account).saveContact(dora, { fullName: 'Dora Renamed' });
    await eventually(async () => (await contact(dora.phone)).data?.name === 'Dora Renamed', 15_000, 'the new name');
  });

  it('another organization gets 404 on every route, and nothing of this one', async () => {
    const answers = {
      check: await check([ana.phone], other),
      list: await list({}, other),
      contact: await contact(ana.phone, other),
      picture: await picture(ana.phone, other),
      block: await block(ana.phone, other),
      unblock: await unblock(ana.phone, other),
      blocklist: await blocklist(other),
      phoneOfLid: await other.GET('/api/v1/sessions/{session}/lids/{lid}', { params: { path: { session, lid: ana.lidJid } } }),
      lidOfPhone: await other.GET('/api/v1/sessions/{session}/lids', { params: { path: { session }, query: { phoneNumber: ana.phone } } }),
    };
    for (const [route, r] of Object.entries(answers)) {
      expect(r.response.status, route).toBe(404);
      expect(r.error?.error.code, route).toBe('not_found');
      expect(JSON.stringify(r.error), route).not.toContain(ana.phone.slice(-6) + '@');
    }
  });
});
