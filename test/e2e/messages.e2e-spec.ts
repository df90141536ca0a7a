import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Contact, WaEmulator } from '../../libs/wa-emulator/src';
import type { ErrorEnvelope, GatewayClient, Schemas } from '../../libs/client/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, startEmulator, stopEmulator } from '../support/emulator';
import { messagesApi } from '../support/messages';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(2000, 7)]);
const MEDIA_MAX = 100_000;

/** A message to send; `to` defaults to Carol. */
type SendBody = Omit<Schemas['SendMessageDto'], 'to'> & { to?: string };

describe('messages against the emulator', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let key: string;
  let h: ReturnType<typeof messagesApi>;
  let gw: GatewayClient;
  let session: string;
  let account: Account;
  let carol: Contact;
  let mediaServer: Server;
  let mediaBase: string;

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    // "localhost" is allowlisted by name for the media server; 127.0.0.1 itself stays forbidden.
    t = await startTestApp({ ...emu.env, SEND_RATE_PER_SECOND: '0', SEND_WAIT_MS: '2000', OUTBOUND_POLL_MS: '200', MEDIA_MAX_BYTES: String(MEDIA_MAX), MEDIA_ALLOWED_HOSTS: 'localhost' });
    key = await createApiKey(t, { orgId: 'org-m', capabilities: ['send', 'manage'] });
    h = messagesApi(t, emulator, key);
    gw = t.client(key);
    ({ id: session, account } = await h.linkByQr('main-line'));
    carol = emulator.addContact({ name: 'Carol' });
    mediaServer = createServer((req, res) => {
      if (req.url === '/cat.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      if (req.url === '/big.bin') return void res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.alloc(MEDIA_MAX + 1));
      if (req.url === '/to-loopback') return void res.writeHead(302, { location: `http://127.0.0.1:${(mediaServer.address() as AddressInfo).port}/cat.png` }).end();
      if (req.url === '/to-metadata') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => mediaServer.listen(0, '127.0.0.1', r));
    mediaBase = `http://localhost:${(mediaServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
    await new Promise((r) => mediaServer?.close(r));
  });

  const send = (body: SendBody, idempotencyKey?: string, sessionId = session) =>
    gw.POST('/api/v1/sessions/{session}/messages', {
      params: { path: { session: sessionId }, header: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} },
      body: { to: carol.phone, ...body },
    });
  const message = (sessionId: string, id: string) => ({ params: { path: { session: sessionId, id } } });
  const media = (sessionId: string, id: string) => gw.GET('/api/v1/sessions/{session}/messages/{id}/media', { ...message(sessionId, id), parseAs: 'arrayBuffer' });
  const chatMessages = (jid: string, query: { limit?: number; cursor?: string } = {}) =>
    gw.GET('/api/v1/sessions/{session}/chats/{jid}/messages', { params: { path: { session, jid }, query } });
  const received = (waMessageId: string) => emulator.contact(carol).waitForMessage((m) => m.id === waMessageId);

  it('sends a text: 201, it arrives, and receipts move it to delivered and read', async () => {
    const r = await send({ type: 'text', text: 'hello carol' });
    expect(r.response.status).toBe(201);
    const sent = r.data!;
    expect(sent).toMatchObject({ sessionId: session, chatJid: `${carol.phone}@s.whatsapp.net`, fromMe: true, type: 'text', text: 'hello carol', status: 'sent', sender: null });
    expect(sent.waMessageId).toMatch(/^3EB0[0-9A-F]{18}$/);
    const got = await received(sent.waMessageId);
    expect(got.message.conversation ?? got.message.extendedTextMessage?.text).toBe('hello carol');
    // Carol's phone confirms delivery by itself (automatic receipt), then she reads it.
    await h.waitMessageStatus(session, sent.id, 'delivered');
    emulator.contact(carol).markRead(account, [sent.waMessageId]);
    await h.waitMessageStatus(session, sent.id, 'read');
    const events = await t.dataSource.query(`SELECT type, data FROM events WHERE data->>'id' = $1 ORDER BY id`, [sent.id]);
    expect(events.map((e: any) => [e.type, e.data.status ?? ''])).toEqual([['message.sent', ''], ['message.status', 'delivered'], ['message.status', 'read']]);
  });

  it('sends image (base64 and URL), video, voice note, document and sticker with their bytes', async () => {
    const bytes = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * seed) % 251));
    const cases = [
      { type: 'image', media: { base64: PNG.toString('base64'), mimetype: 'image/png', caption: 'a cat' }, data: PNG, field: 'imageMessage' },
      { type: 'image', media: { url: `${mediaBase}/cat.png`, caption: 'by url' }, data: PNG, field: 'imageMessage' },
      { type: 'video', media: { base64: bytes(3000, 3).toString('base64'), mimetype: 'video/mp4', caption: 'clip' }, data: bytes(3000, 3), field: 'videoMessage' },
      { type: 'audio', media: { base64: bytes(1500, 5).toString('base64'), mimetype: 'audio/ogg; codecs=opus', voiceNote: true }, data: bytes(1500, 5), field: 'audioMessage' },
      { type: 'document', media: { base64: bytes(900, 7).toString('base64'), mimetype: 'application/pdf', filename: 'report.pdf', caption: 'the report' }, data: bytes(900, 7), field: 'documentMessage' },
      { type: 'sticker', media: { base64: bytes(800, 11).toString('base64'), mimetype: 'image/webp' }, data: bytes(800, 11), field: 'stickerMessage' },
    ] as const;
    for (const c of cases) {
      const r = await send({ type: c.type, media: c.media });
      expect(r.response.status, JSON.stringify(r.error)).toBe(201);
      const got = await received(r.data!.waMessageId);
      expect(got.media?.equals(c.data), `${c.type} bytes`).toBe(true);
      const m = (got.message as any)[c.field] ?? got.message.documentWithCaptionMessage?.message?.documentMessage;
      if ('caption' in c.media) expect(m.caption).toBe(c.media.caption);
      if (c.type === 'audio') expect(m.ptt).toBe(true);
      if (c.type === 'document') expect(m.fileName).toBe('report.pdf');
      expect(r.data!.media).toMatchObject({ fileLength: c.data.length });
    }
    // The stored outgoing image can be downloaded again from WhatsApp.
    const img = await send({ type: 'image', media: { base64: PNG.toString('base64'), mimetype: 'image/png' } });
    const dl = await media(session, img.data!.id);
    expect(dl.response.status).toBe(200);
    expect(dl.response.headers.get('content-type')).toContain('image/png');
    expect(Buffer.from(dl.data!).equals(PNG)).toBe(true);
  });

  it('sends location, contact card, poll, reaction and a quoted reply', async () => {
    const locSent = await send({ type: 'location', location: { latitude: 52.52, longitude: 13.405, name: 'Office' } });
    expect(locSent.response.status).toBe(201);
    const loc = locSent.data!;
    const gotLoc = await received(loc.waMessageId);
    expect(gotLoc.message.locationMessage).toMatchObject({ degreesLatitude: 52.52, degreesLongitude: 13.405, name: 'Office' });

    const card = (await send({ type: 'contact', contact: { displayName: 'Jane Doe', phoneNumber: '+15551112222' } })).data!;
    const gotCard = await received(card.waMessageId);
    const vcard = gotCard.message.contactMessage?.vcard ?? gotCard.message.contactsArrayMessage?.contacts?.[0]?.vcard;
    expect(vcard).toContain('FN:Jane Doe');
    expect(vcard).toContain('waid=15551112222');

    const poll = (await send({ type: 'poll', poll: { name: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'] } })).data!;
    const gotPoll = await received(poll.waMessageId);
    const p = gotPoll.message.pollCreationMessage ?? gotPoll.message.pollCreationMessageV3 ?? gotPoll.message.pollCreationMessageV2;
    expect(p?.name).toBe('Lunch?');
    expect(p?.options?.map((o) => o.optionName)).toEqual(['Pizza', 'Sushi', 'Salad']);

    const react = (await send({ type: 'reaction', reaction: { messageId: loc.id, emoji: '👍' } })).data!;
    const gotReact = await received(react.waMessageId);
    expect(gotReact.message.reactionMessage).toMatchObject({ text: '👍', key: { id: loc.waMessageId } });
    expect(react.reaction).toEqual({ targetId: loc.waMessageId, emoji: '👍' });

    const reply = (await send({ type: 'text', text: 'see above', replyTo: card.id })).data!;
    const gotReply = await received(reply.waMessageId);
    expect(gotReply.message.extendedTextMessage?.contextInfo?.stanzaId).toBe(card.waMessageId);
    expect(reply.replyTo).toBe(card.waMessageId);
  });

  it('stores texts and media from contacts once, lists them newest-first, and downloads the media', async () => {
    const dave = emulator.addContact({ name: 'Dave' });
    const c = emulator.contact(dave);
    const first = await c.sendText(account, 'one');
    const image = await c.sendImage(account, { data: PNG, mimetype: 'image/png', caption: 'pic' });
    const last = await c.sendText(account, 'three');
    const chat = `${dave.phone}@s.whatsapp.net`;
    const page = await eventually(async () => {
      const r = await chatMessages(chat);
      return r.response.status === 200 && r.data!.items.length === 3 ? r.data! : undefined;
    }, 15_000, 'three stored messages');
    expect(page.items.map((m) => m.waMessageId)).toEqual([last.id, image.id, first.id]);
    expect(page.items[0]).toMatchObject({ fromMe: false, type: 'text', text: 'three', status: null, sender: { phoneJid: chat, lid: `${dave.lid}@lid`, pushName: 'Dave' } });
    expect(page.items[1]).toMatchObject({ type: 'image', text: 'pic', media: { mimetype: 'image/png', fileLength: PNG.length } });
    // Paging with limit 1 walks the same order without duplicates.
    const seen: string[] = [];
    let cursor = '';
    do {
      const r = await chatMessages(chat, { limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...r.data!.items.map((m) => m.waMessageId));
      cursor = r.data!.nextCursor;
    } while (cursor);
    expect(seen).toEqual([last.id, image.id, first.id]);
    const dl = await media(session, page.items[1].id);
    expect(dl.response.status).toBe(200);
    expect(Buffer.from(dl.data!).equals(PNG)).toBe(true);
    // A stranger's bytes are a download, never rendered or sniffed by a browser.
    expect(dl.response.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    expect(dl.response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dl.response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    // Chats are listed by last activity (WhatsApp timestamps have second precision).
    const chats = (await gw.GET('/api/v1/sessions/{session}/chats', { params: { path: { session } } })).data!.items;
    expect(chats.find((c) => c.jid === chat)).toMatchObject({ jid: chat, name: 'Dave', lastMessageId: page.items[0].id });
    const times = chats.map((c) => c.lastMessageAt);
    expect(times).toEqual([...times].sort().reverse());
    const stored = await t.dataSource.query('SELECT count(*)::int AS n FROM messages WHERE session_id = $1 AND chat_jid = $2', [session, chat]);
    expect(stored[0].n).toBe(3);
    const events = await t.dataSource.query(`SELECT count(*)::int AS n FROM events WHERE type = 'message.received' AND data->>'chatJid' = $1`, [chat]);
    expect(events[0].n).toBe(3);
    // A hostile file name cannot break out of the header or name another file type's handler.
    const doc = await c.sendDocument(account, { data: Buffer.from('<script>alert(1)</script>'), mimetype: 'text/html', fileName: 'x"; filename*=UTF-8\'\'evil.html\r\nSet-Cookie: a=b' });
    const docRow = await eventually(async () => (await chatMessages(chat, { limit: 1 })).data!.items.find((m) => m.waMessageId === doc.id), 15_000, 'the document');
    const docDl = await media(session, docRow.id);
    expect(docDl.response.status).toBe(200);
    expect(docDl.response.headers.get('set-cookie')).toBeNull();
    expect(docDl.response.headers.get('content-disposition')).toMatch(/^attachment; filename="x\\"; filename\*=UTF-8''evil\.html[^"]*"; filename\*=UTF-8''/);
    expect(docDl.response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });

  it('replays an Idempotency-Key and refuses it for another request', async () => {
    const before = await h.countMessages();
    const idempotencyKey = 'send-once-1';
    const a = await send({ type: 'text', text: 'only once' }, idempotencyKey);
    const b = await send({ type: 'text', text: 'only once' }, idempotencyKey);
    expect(a.response.status).toBe(201);
    expect(b.response.status).toBe(201);
    expect(b.data).toEqual(a.data);
    expect(b.response.headers.get('idempotent-replayed')).toBe('true');
    expect(await h.countMessages()).toBe(before + 1);
    const c = await send({ type: 'text', text: 'something else' }, idempotencyKey);
    expect(c.response.status).toBe(409);
    expect(await h.countMessages()).toBe(before + 1);
  });

  it('revokes a sent message', async () => {
    const r = (await send({ type: 'text', text: 'oops' })).data!;
    const revoked = await gw.POST('/api/v1/sessions/{session}/messages/{id}:revoke', message(session, r.id));
    expect(revoked.response.status).toBe(200);
    expect(revoked.data!.revokedAt).toBeTruthy();
    const got = await emulator.contact(carol).waitForMessage((m) => m.message.protocolMessage?.key?.id === r.waMessageId);
    expect(got.message.protocolMessage?.type).toBe(0); // REVOKE
  });

  describe('bad input: the error envelope, nothing stored', () => {
    const refused = async (call: () => Promise<{ response: Response; error?: ErrorEnvelope }>, status: number, field?: string) => {
      const before = await h.countMessages();
      const r = await call();
      expect(r.response.status, JSON.stringify(r.error)).toBe(status);
      expect(r.error?.error.code).toBeTypeOf('string');
      if (field) expect(Object.keys(r.error!.error.details).join(',')).toContain(field);
      expect(await h.countMessages()).toBe(before);
      return r.error!.error;
    };
    const rejects = (body: SendBody, status: number, field?: string, sessionId = session) => refused(() => send(body, undefined, sessionId), status, field);

    it('rejects an unknown type, missing text, a bad recipient and bad base64', async () => {
      // A type outside the enum: a body the typed client refuses to build, so it goes raw.
      await refused(async () => {
        const response = await t.http(`/api/v1/sessions/${session}/messages`, { method: 'POST', token: key, json: { to: carol.phone, type: 'fax', text: 'x' } });
        return { response, error: (await response.json()) as ErrorEnvelope };
      }, 400, 'type');
      await rejects({ type: 'text' }, 400, 'text');
      await rejects({ type: 'text', text: 'x', to: 'not-a-number' }, 400, 'to');
      await rejects({ type: 'text', text: 'x', to: '12@example.com' }, 400, 'to');
      await rejects({ type: 'image', media: { base64: '%%%not base64%%%', mimetype: 'image/png' } }, 400, 'media.base64');
      await rejects({ type: 'image' }, 400, 'media');
      await rejects({ type: 'image', media: { base64: PNG.toString('base64'), mimetype: 'application/pdf' } }, 400, 'media.mimetype');
    });

    it('rejects media over the limit (413), by base64 and by URL', async () => {
      expect((await rejects({ type: 'document', media: { base64: Buffer.alloc(MEDIA_MAX + 10).toString('base64'), mimetype: 'application/pdf' } }, 413)).code).toBe('payload_too_large');
      expect((await rejects({ type: 'document', media: { url: `${mediaBase}/big.bin` } }, 413)).code).toBe('payload_too_large');
    });

    it('refuses media URLs to loopback, metadata and redirects there', async () => {
      const port = (mediaServer.address() as AddressInfo).port;
      await rejects({ type: 'image', media: { url: `http://127.0.0.1:${port}/cat.png` } }, 400, 'media.url');
      await rejects({ type: 'image', media: { url: 'http://169.254.169.254/latest/meta-data/' } }, 400, 'media.url');
      await rejects({ type: 'image', media: { url: `${mediaBase}/to-loopback` } }, 400, 'media.url');
      await rejects({ type: 'image', media: { url: `${mediaBase}/to-metadata` } }, 400, 'media.url');
      await rejects({ type: 'image', media: { url: 'file:///etc/passwd' } }, 400, 'media.url');
    });

    it('rejects replyTo of a message of another session', async () => {
      const other = await h.linkByQr('other-line');
      const foreign = await send({ type: 'text', text: 'from the other line' }, undefined, other.id);
      expect(foreign.response.status).toBe(201);
      await rejects({ type: 'text', text: 'x', replyTo: foreign.data!.id }, 400, 'replyTo');
      await rejects({ type: 'reaction', reaction: { messageId: foreign.data!.id, emoji: '👍' } }, 400, 'reaction.messageId');
    });

    it('answers 409 on a session that is stopped, logged out, failed or pairing', async () => {
      const stopped = await h.linkByQr('stopped-line');
      await gw.POST('/api/v1/sessions/{session}:stop', { params: { path: { session: stopped.id } } });
      expect((await rejects({ type: 'text', text: 'x' }, 409, undefined, stopped.id)).code).toBe('conflict');
      const out = await h.linkByQr('out-line');
      await gw.POST('/api/v1/sessions/{session}:logout', { params: { path: { session: out.id } } });
      await rejects({ type: 'text', text: 'x' }, 409, undefined, out.id);
      const failed = await h.linkByQr('failed-line');
      emulator.phone(failed.account).kick(440);
      await h.waitStatus(failed.id, 'failed');
      await rejects({ type: 'text', text: 'x' }, 409, undefined, failed.id);
      const pairing = (await gw.POST('/api/v1/sessions', { body: { name: 'pairing-line', start: true } })).data!.id;
      await h.waitStatus(pairing, 'pairing');
      await rejects({ type: 'text', text: 'x' }, 409, undefined, pairing);
      await gw.POST('/api/v1/sessions/{session}:stop', { params: { path: { session: pairing } } });
      expect((await rejects({ type: 'text', text: 'x' }, 404, undefined, '01HXXXXXXXXXXXXXXXXXXXXXXX')).code).toBe('not_found');
    });
  });

  it('accepts a message while reconnecting (202 queued) and sends it once connected', async () => {
    const line = await h.linkByQr('flaky-line');
    emulator.refuseConnections(3000);
    emulator.phone(line.account).drop();
    await h.waitStatus(line.id, 'reconnecting');
    const r = await send({ type: 'text', text: 'while away' }, undefined, line.id);
    expect(r.response.status).toBe(202);
    const queued = r.data!;
    expect(queued.status).toBe('queued');
    await h.waitStatus(line.id, 'connected');
    const got = await received(queued.waMessageId);
    expect(got.message.conversation ?? got.message.extendedTextMessage?.text).toBe('while away');
    await eventually(
      async () => ['sent', 'delivered', 'read'].includes((await gw.GET('/api/v1/sessions/{session}/messages/{id}', message(line.id, queued.id))).data?.status ?? ''),
      10_000,
      'sent',
    );
    expect(emulator.contact(carol).inbox.filter((m) => m.id === queued.waMessageId)).toHaveLength(1);
  });
});
