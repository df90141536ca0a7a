import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import type { ErrorEnvelope, GatewayClient, Schemas } from '../../libs/client/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, linkSessionByQr, startEmulator, stopEmulator } from '../support/emulator';
import { WA_MESSAGE_ID_RE } from '../../libs/whatsapp/src/message-id';

/** Beyond the v1 seed: CHANNEL_CREATE_ENABLED=true creates channels; posting to an owned channel. */
describe('channels: creation enabled, posting', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let sender: string;
  let manager: string;
  let sessionId: string;
  let account: ReturnType<WaEmulator['addAccount']>;
  let gw: GatewayClient; // the sender's

  type Answer = { response: Response; error?: ErrorEnvelope };
  /** A raw POST, for bodies outside the schema (wrong types, unknown fields, missing fields). */
  const rawPost = async (path: string, json: unknown): Promise<Answer> => {
    const response = await t.http(`/api/v1${path}`, { method: 'POST', token: sender, json });
    return { response, error: response.ok ? undefined : ((await response.json()) as ErrorEnvelope) };
  };
  const create = (body: Schemas['CreateChannelDto'], session = sessionId) => gw.POST('/api/v1/sessions/{session}/channels', { params: { path: { session } }, body });
  const onChannel = (jid: string) => ({ params: { path: { session: sessionId, jid } } });

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp({ ...emu.env, CHANNEL_CREATE_ENABLED: 'true' });
    sender = await createApiKey(t, { orgId: 'org-a', capabilities: ['send'] });
    manager = await createApiKey(t, { orgId: 'org-a', capabilities: ['send', 'manage'] });
    ({ id: sessionId, account } = await linkSessionByQr(t, emulator, manager, 'owner-line'));
    gw = t.client(sender);
  });
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
  });

  it('validates the name (400), then the session (404), then the connection (409)', async () => {
    const path = `/sessions/${sessionId}/channels`;
    const bodies: [string, () => Promise<Answer>][] = [
      ['{}', () => create({})],
      ["{ name: '' }", () => create({ name: '' })],
      // A wrong type or an unknown field: outside the schema, so raw.
      ['{ name: 42 }', () => rawPost(path, { name: 42 })],
      ['a name of 101 characters', () => create({ name: 'x'.repeat(101) })],
      ["{ name: 'ok', extra: 1 }", () => rawPost(path, { name: 'ok', extra: 1 })],
      ["{ name: 'ok', description: 7 }", () => rawPost(path, { name: 'ok', description: 7 })],
    ];
    for (const [what, call] of bodies) {
      const r = await call();
      expect(r.response.status, what).toBe(400);
      expect(r.error?.error.code).toBe('validation_error');
    }
    expect((await create({ name: 'News' }, '01ARZ3NDEKTSV4RRFFQ69G5FAV')).response.status).toBe(404);
    const idle = (await t.client(manager).POST('/api/v1/sessions', { body: { name: 'idle-line' } })).data!.id;
    const onIdle = await create({ name: 'News' }, idle);
    expect(onIdle.response.status).toBe(409);
    expect(onIdle.error).toMatchObject({ error: { code: 'conflict' } });
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM channels'))[0].n).toBe(0);
  });

  it('creates a new channel on WhatsApp at every call and returns its JID', async () => {
    const first = await create({ name: 'Launches', description: 'What we ship' });
    expect(first.response.status).toBe(201);
    expect(first.data).toEqual({ jid: expect.stringMatching(/^\d+@newsletter$/) });
    const onWhatsApp = emulator.world.channels.get(first.data!.jid)!;
    expect(onWhatsApp).toMatchObject({ name: 'Launches', description: 'What we ship', owner: account.phone });

    const second = await create({ name: 'Launches' });
    expect(second.response.status).toBe(201);
    expect(second.data!.jid).not.toBe(first.data!.jid);

    const meta = await gw.GET('/api/v1/sessions/{session}/channels/{jid}', onChannel(first.data!.jid));
    expect(meta.data).toMatchObject({ jid: first.data!.jid, name: 'Launches', role: 'owner', following: true });
    const list = (await gw.GET('/api/v1/sessions/{session}/channels', { params: { path: { session: sessionId } } })).data!.items.map((c) => c.jid);
    expect(list).toEqual(expect.arrayContaining([first.data!.jid, second.data!.jid]));
  });

  it('posts to an owned channel: followers get it, and it is stored once with its server id', async () => {
    const jid = (await create({ name: 'Posts' })).data!.jid;
    const follower = emulator.addAccount();
    emulator.world.channels.get(jid)!.followers.add(follower.phone);

    const posted = await gw.POST('/api/v1/sessions/{session}/channels/{jid}/messages', { ...onChannel(jid), body: { text: 'hello followers' } });
    expect(posted.response.status).toBe(201);
    const sent = posted.data!;
    expect(sent).toMatchObject({ sessionId, chatJid: jid, fromMe: true, type: 'text', text: 'hello followers' });
    // The message id has the form WhatsApp clients use ("3EB0" + 18 hex), as in chats, not a ULID.
    expect(sent.waMessageId).toMatch(WA_MESSAGE_ID_RE);
    const ch = emulator.world.channels.get(jid)!;
    await eventually(async () => ch.posts.length === 1, 5000, 'the post on WhatsApp');
    const message = ch.posts[0].message;
    expect(message.conversation ?? message.extendedTextMessage?.text).toBe('hello followers');

    // WhatsApp echoes the post to its owner under another id: it completes the stored row.
    const stored = await eventually(async () => {
      const r = (await gw.GET('/api/v1/sessions/{session}/channels/{jid}/messages', onChannel(jid))).data!;
      return r.items[0]?.serverId ? r : undefined;
    }, 10_000, 'the server id');
    expect(stored.items).toHaveLength(1);
    expect(stored.items[0]).toMatchObject({ id: sent.id, waMessageId: sent.waMessageId, serverId: String(ch.posts[0].serverId) });
    const events = await t.dataSource.query("SELECT count(*)::int AS n FROM events WHERE type = 'channel.post' AND data->>'chatJid' = $1", [jid]);
    expect(events[0].n).toBe(1);
  });

  it('refuses to post where the session is only a follower (409), and bad bodies (400)', async () => {
    const ch = emulator.createChannel({ name: 'Not mine', followers: [account] });
    const path = `/sessions/${sessionId}/channels/${ch.jid}/messages`;
    // No text, and a type outside the enum: bodies the typed client refuses to build, so raw.
    expect((await rawPost(path, {})).response.status).toBe(400);
    expect((await rawPost(path, { type: 'image', text: 'x' })).response.status).toBe(400);
    const r = await gw.POST('/api/v1/sessions/{session}/channels/{jid}/messages', { ...onChannel(ch.jid), body: { text: 'hijack' } });
    expect(r.response.status).toBe(409);
    expect(r.error).toMatchObject({ error: { code: 'conflict' } });
    expect(ch.posts).toHaveLength(0);
  });
});
