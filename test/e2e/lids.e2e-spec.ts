import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, WaEmulator } from '../../libs/wa-emulator/src';
import type { GatewayClient } from '../../libs/client/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, linkSessionByQr, startEmulator, stopEmulator } from '../support/emulator';

/**
 * LID ↔ phone number through the API: pairs learnt from message attributes are answered both ways
 * (404 when unknown, never a null in a 200); a contact that writes from its LID alone first, its
 * number revealed later, ends up in one chat found under either form (its messages listed, and
 * the chat marked read, by LID or number alike); messages and `message.received` events name the
 * sender by both forms wherever the pair is known, even when a message carries only one; a send
 * accepts a LID as `to`, and goes to the number's chat when the pair is known. Well-formed calls go through the typed client (libs/client).
 */
describe('lids', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let token: string;
  let stranger: string;
  let session: string;
  let account: Account;
  let gw: GatewayClient;

  /** A raw call, for deliberately malformed input only. */
  const raw = async (method: string, path: string, tok = token) => {
    const res = await t.http(`/api/v1${path}`, { method, token: tok });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
  };
  const lidOf = (phoneNumber: string, client = gw) => client.GET('/api/v1/sessions/{session}/lids', { params: { path: { session }, query: { phoneNumber } } });
  const phoneOf = (lid: string, client = gw) => client.GET('/api/v1/sessions/{session}/lids/{lid}', { params: { path: { session, lid } } });
  const messagesOf = (jid: string, query: { limit?: number; cursor?: string } = {}) =>
    gw.GET('/api/v1/sessions/{session}/chats/{jid}/messages', { params: { path: { session, jid }, query } });
  const received = async (waMessageId: string) =>
    (await t.dataSource.query(`SELECT data FROM events WHERE session_id = $1 AND type = 'message.received' AND data->>'waMessageId' = $2`, [session, waMessageId])).map(
      (r: { data: any }) => r.data,
    );

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp({ ...emu.env, SEND_RATE_PER_SECOND: '0', SEND_WAIT_MS: '5000' });
    token = await createApiKey(t, { orgId: 'org-lids', capabilities: ['send', 'manage'] });
    stranger = await createApiKey(t, { orgId: 'org-lids-other', capabilities: ['send', 'manage', 'admin'] });
    ({ id: session, account } = await linkSessionByQr(t, emulator, token, 'lids'));
    gw = t.client(token);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
  });

  it('learns the pair from a message (sender_pn) and answers it both ways; the message names both forms', async () => {
    const carol = emulator.addContact({ name: 'Carol' });
    const hi = await emulator.contact(carol).sendText(account, 'hi');
    const byLid = await eventually(async () => {
      const r = await phoneOf(carol.lidJid);
      return r.response.status === 200 ? r.data : undefined;
    });
    expect(byLid).toEqual({ lid: carol.lidJid, phoneJid: carol.pnJid, phoneNumber: carol.phone });
    const byPhone = await lidOf(`+${carol.phone}`);
    expect(byPhone.response.status).toBe(200);
    expect(byPhone.data).toMatchObject({ lid: carol.lidJid, phoneJid: carol.pnJid });
    expect((await lidOf(carol.pnJid)).data?.lid).toBe(carol.lidJid);
    // Both forms on the stored message and on its event.
    const both = { jid: carol.lidJid, phoneJid: carol.pnJid, lid: carol.lidJid, pushName: 'Carol' };
    const stored = await eventually(async () => (await messagesOf(carol.pnJid)).data?.items.find((m) => m.waMessageId === hi.id));
    expect(stored.sender).toEqual(both);
    expect(await received(hi.id)).toEqual([expect.objectContaining({ chatJid: carol.pnJid, sender: both })]);
  });

  it('404 for an unknown LID or number, 400 for malformed ones', async () => {
    const unknownLid = await phoneOf('999999999999999@lid');
    expect(unknownLid.response.status).toBe(404);
    expect(unknownLid.error?.error.code).toBe('not_found');
    expect(unknownLid.data).toBeUndefined();
    expect((await lidOf('15557777777')).response.status).toBe(404);
    for (const bad of [`/lids/15551234567@s.whatsapp.net`, `/lids/abc@lid`, `/lids/123`, `/lids`, `/lids?phoneNumber=abc`, `/lids?phoneNumber=1@lid`]) {
      const r = await raw('GET', `/sessions/${session}${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code).toBe('validation_error');
    }
  });

  it('a contact writing from its LID first, its number revealed later, ends up in one chat found under either form', async () => {
    const dana = emulator.addContact({ name: 'Dana' });
    emulator.profile(dana).hidePhone();
    const first = await emulator.contact(dana).sendText(account, 'first, from my LID');
    // Stored under the LID, named by the LID alone: the number is not known yet.
    const alone = await eventually(async () => (await messagesOf(dana.lidJid)).data?.items[0]);
    expect(alone).toMatchObject({ waMessageId: first.id, chatJid: dana.lidJid, sender: { jid: dana.lidJid, phoneJid: null, lid: dana.lidJid } });
    expect((await phoneOf(dana.lidJid)).response.status).toBe(404);
    // Before the pair is known, the number names no chat.
    expect((await messagesOf(dana.pnJid)).response.status).toBe(404);

    emulator.profile(dana).revealPhone();
    const second = await emulator.contact(dana).sendText(account, 'now with my number');
    const merged = await eventually(async () => {
      const r = await messagesOf(dana.pnJid);
      return r.data?.items.length === 2 ? r.data.items : undefined;
    });
    expect(merged.map((m) => m.waMessageId).sort()).toEqual([first.id, second.id].sort());
    const chatRows = (await gw.GET('/api/v1/sessions/{session}/chats', { params: { path: { session }, query: { limit: 200 } } })).data!.items;
    const chats = chatRows.map((c) => c.jid);
    expect(chats).toContain(dana.pnJid);
    expect(chats).not.toContain(dana.lidJid);
    // The chat carries both forms.
    expect(chatRows.find((c) => c.jid === dana.pnJid)).toMatchObject({ phoneJid: dana.pnJid, lid: dana.lidJid });
    expect((await phoneOf(dana.lidJid)).data?.phoneJid).toBe(dana.pnJid);

    // The chat's messages are listed under the LID and under the number, identically.
    const underLid = await messagesOf(dana.lidJid);
    expect(underLid.response.status).toBe(200);
    expect(underLid.data).toEqual((await messagesOf(dana.pnJid)).data);
    expect(underLid.data!.items.every((m) => m.chatJid === dana.pnJid)).toBe(true);
    // One list: a cursor taken under one form continues under the other.
    const page1 = await messagesOf(dana.lidJid, { limit: 1 });
    const page2 = await messagesOf(dana.pnJid, { limit: 1, cursor: page1.data!.nextCursor });
    expect(page2.response.status).toBe(200);
    expect([...page1.data!.items, ...page2.data!.items].map((m) => m.id)).toEqual(merged.map((m) => m.id));

    // The first message now names the sender by both forms.
    const both = { jid: dana.lidJid, phoneJid: dana.pnJid, lid: dana.lidJid, pushName: 'Dana' };
    expect(merged.find((m) => m.waMessageId === first.id)?.sender).toEqual(both);
    expect(merged.find((m) => m.waMessageId === second.id)?.sender).toEqual(both);
    expect(await received(second.id)).toEqual([expect.objectContaining({ chatJid: dana.pnJid, sender: both })]);
    // One contact, both forms.
    const contacts = (await gw.GET('/api/v1/sessions/{session}/contacts', { params: { path: { session }, query: { q: 'Dana' } } })).data!.items;
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ phoneJid: dana.pnJid, lid: dana.lidJid });

    // Hiding the number again changes nothing: the pair is known, so a LID-only message joins the
    // number's chat and names both forms (the message itself carries only the LID).
    emulator.profile(dana).hidePhone();
    const third = await emulator.contact(dana).sendText(account, 'from my LID again');
    const after = await eventually(async () => (await messagesOf(dana.lidJid)).data?.items.find((m) => m.waMessageId === third.id));
    expect(after).toMatchObject({ chatJid: dana.pnJid, sender: both });
    expect(await received(third.id)).toEqual([expect.objectContaining({ chatJid: dana.pnJid, sender: both })]);
    const chatsAfter = (await gw.GET('/api/v1/sessions/{session}/chats', { params: { path: { session }, query: { limit: 200 } } })).data!.items.map((c) => c.jid);
    expect(chatsAfter).not.toContain(dana.lidJid);

    // Marking the chat read by its LID marks the number's chat.
    const read = await gw.POST('/api/v1/sessions/{session}/chats/{jid}:markRead', { params: { path: { session, jid: dana.lidJid } }, body: {} });
    expect(read.response.status).toBe(200);
    expect(read.data).toMatchObject({ chatJid: dana.pnJid, unreadCount: 0 });
  });

  it('a message from a hidden number whose pair a contact check revealed names both forms and joins the number', async () => {
    const fay = emulator.addContact({ name: 'Fay' });
    emulator.profile(fay).hidePhone();
    const check = await gw.POST('/api/v1/sessions/{session}/contacts:check', { params: { path: { session } }, body: { phoneNumbers: [fay.phone] } });
    expect(check.data?.results[0]).toMatchObject({ exists: true, jid: fay.pnJid, lid: fay.lidJid });
    const hello = await emulator.contact(fay).sendText(account, 'hello, only my LID travels');
    const stored = await eventually(async () => (await messagesOf(fay.pnJid)).data?.items[0]);
    const both = { jid: fay.lidJid, phoneJid: fay.pnJid, lid: fay.lidJid, pushName: 'Fay' };
    expect(stored).toMatchObject({ waMessageId: hello.id, chatJid: fay.pnJid, sender: both });
    expect(await received(hello.id)).toEqual([expect.objectContaining({ chatJid: fay.pnJid, sender: both })]);
    expect((await messagesOf(fay.lidJid)).data).toEqual((await messagesOf(fay.pnJid)).data);
  });

  it('a number whose messages are still under the LID finds the LID chat; both chats at once are joined', async () => {
    const gus = emulator.addContact({ name: 'Gus' });
    emulator.profile(gus).hidePhone();
    const one = await emulator.contact(gus).sendText(account, 'one');
    await eventually(async () => (await messagesOf(gus.lidJid)).data?.items.length === 1);
    // A pair recorded while the LID's messages were being stored (as when both arrive at once):
    // written straight into the store, so no merge ran.
    await t.dataSource.query(`INSERT INTO lid_mappings (session_id, lid, org_id, phone_jid, learned_at) VALUES ($1, $2, 'org-lids', $3, now())`, [session, gus.lidJid, gus.pnJid]);
    const byNumber = await messagesOf(gus.pnJid);
    expect(byNumber.response.status).toBe(200);
    expect(byNumber.data!.items.map((m) => [m.waMessageId, m.chatJid])).toEqual([[one.id, gus.lidJid]]);
    expect((await messagesOf(gus.lidJid)).data).toEqual(byNumber.data);
    // A message now stored under the number (the pair is known): the next read joins the two chats.
    emulator.profile(gus).revealPhone();
    const two = await emulator.contact(gus).sendText(account, 'two');
    await eventually(async () => (await t.dataSource.query('SELECT 1 FROM messages WHERE session_id = $1 AND wa_message_id = $2', [session, two.id])).length === 1);
    const joined = await messagesOf(gus.lidJid);
    expect(joined.data!.items.map((m) => m.waMessageId).sort()).toEqual([one.id, two.id].sort());
    expect(joined.data!.items.every((m) => m.chatJid === gus.pnJid)).toBe(true);
    expect((await messagesOf(gus.pnJid)).data).toEqual(joined.data);
  });

  it('sends to a LID given as `to`', async () => {
    const erin = emulator.addContact({ name: 'Erin' });
    const sent = await gw.POST('/api/v1/sessions/{session}/messages', { params: { path: { session } }, body: { to: erin.lidJid, type: 'text', text: 'to your LID' } });
    expect([201, 202]).toContain(sent.response.status);
    const got = await emulator.contact(erin).waitForMessage((m) => m.id === sent.data!.waMessageId);
    expect(got.message.conversation ?? got.message.extendedTextMessage?.text).toBe('to your LID');
  });

  it('a send to a LID whose number is known goes to, and is stored in, the number’s chat', async () => {
    const hal = emulator.addContact({ name: 'Hal' });
    emulator.profile(hal).hidePhone();
    const first = await emulator.contact(hal).sendText(account, 'hello from my LID');
    await eventually(async () => (await messagesOf(hal.lidJid)).data?.items.length === 1);
    emulator.profile(hal).revealPhone();
    await emulator.contact(hal).sendText(account, 'and now my number');
    await eventually(async () => (await phoneOf(hal.lidJid)).data?.phoneJid === hal.pnJid);
    await eventually(async () => (await messagesOf(hal.pnJid)).data?.items.length === 2);

    const sent = await gw.POST('/api/v1/sessions/{session}/messages', { params: { path: { session } }, body: { to: hal.lidJid, type: 'text', text: 'answer to your LID' } });
    expect([201, 202]).toContain(sent.response.status);
    expect(sent.data!.chatJid).toBe(hal.pnJid);
    const got = await emulator.contact(hal).waitForMessage((m) => m.id === sent.data!.waMessageId);
    expect(got.message.conversation ?? got.message.extendedTextMessage?.text).toBe('answer to your LID');
    // One chat: the reply sits with the contact's messages, found under either form.
    const items = await eventually(async () => {
      const r = await messagesOf(hal.lidJid);
      return r.data?.items.length === 3 ? r.data.items : undefined;
    });
    expect(items.every((m) => m.chatJid === hal.pnJid)).toBe(true);
    expect(items.map((m) => m.waMessageId)).toContain(first.id);
    expect(items.find((m) => m.fromMe)?.waMessageId).toBe(sent.data!.waMessageId);
    const chats = (await gw.GET('/api/v1/sessions/{session}/chats', { params: { path: { session }, query: { limit: 200 } } })).data!.items.map((c) => c.jid);
    expect(chats.filter((j) => j === hal.pnJid || j === hal.lidJid)).toEqual([hal.pnJid]);
  });

  it("a pair only the gateway stored is the one the engine uses: blocking by LID needs the number, taken from the gateway's store", async () => {
    const jo = emulator.addContact({ name: 'Jo' });
    emulator.profile(jo).hidePhone();
    // Written into the gateway's store alone, with the session connected: the engine never heard of it.
    await t.dataSource.query(`INSERT INTO lid_mappings (session_id, lid, org_id, phone_jid, learned_at) VALUES ($1, $2, 'org-lids', $3, now())`, [session, jo.lidJid, jo.pnJid]);
    const blocked = await gw.POST('/api/v1/sessions/{session}/contacts/{id}:block', { params: { path: { session, id: jo.lidJid } } });
    expect(blocked.response.status).toBe(200);
    expect(blocked.data).toMatchObject({ phoneJid: jo.pnJid, lid: jo.lidJid, blocked: true });
    // WhatsApp got both forms: the engine found the number behind the LID in the gateway's pairs.
    expect(emulator.profile(account).blocked()).toEqual([{ lid: jo.lid, phone: jo.phone }]);
    expect((await gw.POST('/api/v1/sessions/{session}/contacts/{id}:unblock', { params: { path: { session, id: jo.lidJid } } })).response.status).toBe(200);
    expect(emulator.profile(account).blocked()).toEqual([]);
  });

  it('a group member known only by LID is paired with the number the group lists', async () => {
    const ivy = emulator.addContact({ name: 'Ivy' });
    const kim = emulator.addContact({ name: 'Kim' });
    emulator.profile(ivy).hidePhone();
    const hello = await emulator.contact(ivy).sendText(account, 'hi, LID only');
    await eventually(async () => (await messagesOf(ivy.lidJid)).data?.items.length === 1);
    expect((await phoneOf(ivy.lidJid)).response.status).toBe(404);
    // Kim makes a group with Ivy and this number: the group's member list names Ivy by both forms.
    emulator.createGroup({ subject: 'Ivy and Kim', creator: kim, participants: [account, ivy] });
    const pair = await eventually(async () => {
      const r = await phoneOf(ivy.lidJid);
      return r.response.status === 200 ? r.data : undefined;
    });
    expect(pair).toEqual({ lid: ivy.lidJid, phoneJid: ivy.pnJid, phoneNumber: ivy.phone });
    // Her LID chat joined the number's.
    const items = (await messagesOf(ivy.pnJid)).data!.items;
    expect(items.map((m) => [m.waMessageId, m.chatJid])).toEqual([[hello.id, ivy.pnJid]]);
  });

  it('another organization gets 404, also for a chat by LID', async () => {
    const other = t.client(stranger);
    expect((await phoneOf('201000000000001@lid', other)).response.status).toBe(404);
    expect((await lidOf('15551234567', other)).response.status).toBe(404);
    const chat = await other.GET('/api/v1/sessions/{session}/chats/{jid}/messages', { params: { path: { session, jid: '201000000000001@lid' } } });
    expect(chat.response.status).toBe(404);
    expect(chat.error?.error.code).toBe('not_found');
  });
});
