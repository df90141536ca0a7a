import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Contact, ReceivedMessage, WaEmulator } from '../../libs/wa-emulator/src';
import type { GatewayClient, Schemas } from '../../libs/client/src';
import type { TestApp } from '../support/app';
import { eventually } from '../support/emulator';
import { LinkedGateway, startLinkedGateway } from '../support/linked-gateway';

/**
 * Read marks and sending like a person, through the API against the emulator: chats carry their
 * unread count and the last message's preview; `chats/{jid}:markRead` sends read receipts (all, or
 * up to a message) that reach the contact who sent them; `typingMs` shows typing on the contact's
 * side before the message while another chat's send on the same session is not held; the
 * `markReadOnReply` session setting marks a chat read before a reply.
 */
describe('read marks, unread counts, typing before sends', () => {
  let linked: LinkedGateway;
  let t: TestApp;
  let emulator: WaEmulator;
  let manage: GatewayClient; // send + manage
  let reader: GatewayClient; // send only
  let admin: GatewayClient; // manage only
  let stranger: GatewayClient; // another organization, every capability
  let session: string;
  let idle: string;
  let account: Account;
  let erin: Contact;
  let frank: Contact;
  let gina: Contact;
  let hank: Contact;
  /** When each message reached an emulated contact (epoch ms), by WhatsApp id. */
  const arrivedAt = new Map<string, number>();
  const PACE_MS = 200;

  const chat = async (jid: string) =>
    (await reader.GET('/api/v1/sessions/{session}/chats', { params: { path: { session }, query: { limit: 100 } } })).data!.items.find((c) => c.jid === jid);
  const send = (body: Schemas['SendMessageDto']) => reader.POST('/api/v1/sessions/{session}/messages', { params: { path: { session } }, body });
  const markRead = (jid: string, body: Schemas['MarkReadDto'] = {}, client = reader, sessionId = session) =>
    client.POST('/api/v1/sessions/{session}/chats/{jid}:markRead', { params: { path: { session: sessionId, jid } }, body });
  const message = async (id: string) => (await reader.GET('/api/v1/sessions/{session}/messages/{id}', { params: { path: { session, id } } })).data!;
  const received = (c: Contact, waId: string): Promise<ReceivedMessage> => emulator.contact(c).waitForMessage((m) => m.id === waId, 15_000);

  beforeAll(async () => {
    // Pacing on (5 per second, no jitter): a send waits its slot; typing must not add to it.
    linked = await startLinkedGateway({
      org: 'org-reads',
      strangerOrg: 'org-other',
      sessionName: 'reads',
      env: { SEND_RATE_PER_SECOND: '5', SEND_JITTER_MS: '0', SEND_WAIT_MS: '5000' },
    });
    ({ t, emulator, session, account } = linked);
    ({ manage, reader, admin, stranger } = linked.clients);
    idle = (await manage.POST('/api/v1/sessions', { body: { name: 'idle' } })).data!.id;
    erin = emulator.addContact({ name: 'Erin' });
    frank = emulator.addContact({ name: 'Frank' });
    gina = emulator.addContact({ name: 'Gina' });
    hank = emulator.addContact({ name: 'Hank' });
    emulator.world.on('contact-message', (_c: Contact, m: ReceivedMessage) => arrivedAt.set(m.id, Date.now()));
  }, 60_000);
  afterAll(() => linked?.close());

  let erinIds: string[] = [];

  it('chats carry the unread count and the last message preview', async () => {
    for (const text of ['first', 'second', 'third']) {
      const { id } = await emulator.contact(erin).sendText(account, text);
      erinIds.push(id);
      await emulator.waitForDelivered(id);
    }
    const c = await eventually(async () => {
      const found = await chat(erin.pnJid);
      return found?.unreadCount === 3 ? found : undefined;
    }, 10_000, 'three unread');
    expect(c.lastMessage).toMatchObject({ waMessageId: erinIds[2], fromMe: false, type: 'text', preview: 'third', status: null, revoked: false });
    const typed = await reader.GET('/api/v1/sessions/{session}/chats', { params: { path: { session } } });
    expect(typed.data!.items.find((x) => x.jid === erin.pnJid)).toMatchObject({ unreadCount: 3, lastMessage: { preview: 'third' } });
  });

  it('markRead: 401, 403 without send, 404 for another organization, 400 for bad input, 404 for unknown chats and messages, 409 when not connected', async () => {
    const path = `/sessions/${session}/chats/${erin.phone}:markRead`;
    expect((await t.http(`/api/v1${path}`, { method: 'POST', json: {} })).status).toBe(401);
    expect((await markRead(erin.phone, {}, admin)).response.status).toBe(403);
    const other = await markRead(erin.phone, {}, stranger);
    expect(other.response.status).toBe(404);
    expect(JSON.stringify(other.error)).not.toContain(erin.phone);
    // Well-formed requests with values refused, then bodies of the wrong shape (raw).
    for (const [jid, body] of [
      ['nope', {}],
      [erin.phone, { upTo: '' }],
    ] as const) {
      const res = await markRead(jid, body);
      expect(res.response.status, `${jid} ${JSON.stringify(body)}`).toBe(400);
      expect(res.error?.error.code).toBe('validation_error');
    }
    for (const body of [{ upTo: 7 }, { everything: true }]) {
      const res = await linked.raw('POST', path, body, linked.keys.reader);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
    }
    const unknownChat = await markRead('15550999999');
    expect(unknownChat.response.status).toBe(404);
    const unknownMessage = await markRead(erin.phone, { upTo: 'NOSUCHMESSAGE' });
    expect(unknownMessage.response.status).toBe(404);
    expect((await markRead(erin.phone, {}, reader, idle)).response.status).toBe(409);
    // Nothing was marked by any of these.
    expect(emulator.presence.readReceipts(erin)).toEqual([]);
    expect((await chat(erin.pnJid))!.unreadCount).toBe(3);
  });

  it('markRead up to a message, then the rest: read receipts reach the contact, the unread count drops', async () => {
    const up = await markRead(erin.pnJid, { upTo: erinIds[1] });
    expect(up.response.status).toBe(200);
    expect(up.data).toEqual({ chatJid: erin.pnJid, marked: 2, unreadCount: 1 });
    await emulator.presence.waitForReadReceipt(erin, erinIds[1]);
    await emulator.presence.waitForReadReceipt(erin, erinIds[0]);
    expect(emulator.presence.readReceipts(erin).map((r) => r.id).sort()).toEqual([erinIds[0], erinIds[1]].sort());
    expect(emulator.presence.readReceipts(erin).every((r) => r.type === 'read' && r.from === account.phone)).toBe(true);
    expect((await chat(erin.pnJid))!.unreadCount).toBe(1);

    const rest = await markRead(erin.phone);
    expect(rest.data).toEqual({ chatJid: erin.pnJid, marked: 1, unreadCount: 0 });
    await emulator.presence.waitForReadReceipt(erin, erinIds[2]);
    const again = await markRead(erin.phone);
    expect(again.data).toEqual({ chatJid: erin.pnJid, marked: 0, unreadCount: 0 });
    expect(emulator.presence.readReceipts(erin)).toHaveLength(3);
    expect((await chat(erin.pnJid))!.unreadCount).toBe(0);
  });

  it('markRead refuses a message the session sent as upTo, and a message of another chat', async () => {
    const mine = await send({ to: erin.phone, type: 'text', text: 'ok' });
    expect(mine.response.status).toBe(201);
    const { id: mineId, waMessageId: mineWaId } = mine.data!;
    const own = await markRead(erin.phone, { upTo: mineId });
    expect(own.response.status).toBe(400);
    await eventually(async () => (await chat(erin.pnJid))!.lastMessage?.status === 'sent' || (await chat(erin.pnJid))!.lastMessage?.status === 'delivered', 10_000, 'sent');
    expect((await chat(erin.pnJid))!.lastMessage).toMatchObject({ id: mineId, fromMe: true, preview: 'ok' });
    // A reaction is no unread message.
    await emulator.contact(erin).sendReaction(account, mineWaId, '👍');
    await eventually(async () => Object.keys((await message(mineId)).reactions ?? {}).length > 0, 10_000, 'reaction stored');
    expect((await chat(erin.pnJid))!.unreadCount).toBe(0);
    const { id } = await emulator.contact(frank).sendText(account, 'for frank chat');
    await emulator.waitForDelivered(id);
    await eventually(async () => (await chat(frank.pnJid))?.unreadCount === 1, 10_000, 'frank unread');
    const elsewhere = await markRead(erin.phone, { upTo: id });
    expect(elsewhere.response.status).toBe(404);
  });

  it('typingMs: validated; 202 at once; composing on the contact side before the message; another chat is not held beyond pacing', async () => {
    for (const bad of [-1, 20_001, 1.5]) {
      const res = await send({ to: gina.phone, type: 'text', text: 'x', typingMs: bad });
      expect(res.response.status, String(bad)).toBe(400);
      expect(res.error!.error.details.typingMs).toBeDefined();
    }
    // A string where a number belongs: only a raw request sends that.
    const stringly = await linked.raw('POST', `/sessions/${session}/messages`, { to: gina.phone, type: 'text', text: 'x', typingMs: '500' }, linked.keys.reader);
    expect(stringly.status, "'500'").toBe(400);
    expect(stringly.body.error.details.typingMs).toBeDefined();
    expect((await send({ to: '120363000000000001@newsletter', type: 'text', text: 'x', typingMs: 100 })).response.status).toBe(400);

    const TYPING = 2000;
    const t0 = Date.now();
    const slow = await send({ to: gina.phone, type: 'text', text: 'let me think', typingMs: TYPING });
    expect(slow.response.status).toBe(202);
    expect(slow.data!.status).toBe('queued');
    expect(Date.now() - t0).toBeLessThan(1000);
    const fast = await send({ to: hank.phone, type: 'text', text: 'quick one' });
    expect(fast.response.status).toBe(201);

    const hankGot = await received(hank, fast.data!.waMessageId);
    const ginaGot = await received(gina, slow.data!.waMessageId);
    const composing = emulator.presence.chatStates(gina).find((s) => s.state === 'composing' && s.at >= t0);
    expect(composing, 'composing shown to gina').toBeDefined();
    const ginaAt = arrivedAt.get(ginaGot.id)!;
    const hankAt = arrivedAt.get(hankGot.id)!;
    // Typing first, for the whole time asked, then the message.
    expect(composing!.at).toBeLessThan(ginaAt);
    expect(ginaAt - composing!.at).toBeGreaterThanOrEqual(TYPING - 50);
    // Hank's message did not wait for Gina's typing: only for its pace slot (plus the send itself).
    expect(hankAt).toBeLessThan(ginaAt);
    expect(hankAt - t0).toBeLessThan(PACE_MS * 2 + 800);
    await eventually(async () => (await message(slow.data!.id)).status !== 'queued', 10_000, 'stored as sent');
  });

  it('typingMs on a voice note shows recording', async () => {
    const t0 = Date.now();
    const voice = await send({ to: hank.phone, type: 'audio', media: { base64: Buffer.alloc(700, 5).toString('base64'), mimetype: 'audio/ogg; codecs=opus', voiceNote: true }, typingMs: 500 });
    expect(voice.response.status).toBe(202);
    const got = await received(hank, voice.data!.waMessageId);
    const recording = emulator.presence.chatStates(hank).find((s) => s.state === 'recording' && s.at >= t0);
    expect(recording).toBeDefined();
    expect(recording!.at).toBeLessThan(arrivedAt.get(got.id)!);
  });

  it('markReadOnReply: a session setting (manage) that marks the chat read before the reply shows typing and leaves', async () => {
    const setMarkReadOnReply = (markReadOnReply: boolean, client = manage) =>
      client.PATCH('/api/v1/sessions/{session}', { params: { path: { session } }, body: { markReadOnReply } });
    expect((await setMarkReadOnReply(true, reader)).response.status).toBe(403);
    expect((await setMarkReadOnReply(true, stranger)).response.status).toBe(404);
    const bad = await linked.raw('PATCH', `/sessions/${session}`, { markReadOnReply: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.markReadOnReply).toBeDefined();
    const on = await setMarkReadOnReply(true);
    expect(on.response.status).toBe(200);
    expect(on.data!.markReadOnReply).toBe(true);
    expect((await reader.GET('/api/v1/sessions/{session}', { params: { path: { session } } })).data!.markReadOnReply).toBe(true);

    const { id: question } = await emulator.contact(gina).sendText(account, 'are you there?');
    await emulator.waitForDelivered(question);
    await eventually(async () => (await chat(gina.pnJid))?.unreadCount === 1, 10_000, 'gina unread');
    const reply = await send({ to: gina.phone, type: 'text', text: 'yes', typingMs: 400 });
    expect(reply.response.status).toBe(202);
    const got = await received(gina, reply.data!.waMessageId);
    const receipt = await emulator.presence.waitForReadReceipt(gina, question);
    const typing = emulator.presence.chatStates(gina).filter((s) => s.state === 'composing').at(-1)!;
    expect(receipt.at).toBeLessThanOrEqual(typing.at);
    expect(typing.at).toBeLessThan(arrivedAt.get(got.id)!);
    expect((await chat(gina.pnJid))!.unreadCount).toBe(0);

    // Off again: a reply leaves the chat unread.
    await setMarkReadOnReply(false);
    const { id: second } = await emulator.contact(gina).sendText(account, 'and now?');
    await emulator.waitForDelivered(second);
    const plain = await send({ to: gina.phone, type: 'text', text: 'still here' });
    expect(plain.response.status).toBe(201);
    await received(gina, plain.data!.waMessageId);
    expect(emulator.presence.readReceipts(gina).map((r) => r.id)).toEqual([question]);
    expect((await chat(gina.pnJid))!.unreadCount).toBe(1);
  });
});
