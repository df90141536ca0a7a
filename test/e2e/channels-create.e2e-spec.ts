import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaEmulator } from '../../libs/wa-emulator/src';
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

  const api = async (method: string, path: string, token = sender, json?: unknown) => {
    const res = await t.http(`/api/v1${path}`, { method, token, json });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp({ ...emu.env, CHANNEL_CREATE_ENABLED: 'true' });
    sender = await createApiKey(t, { orgId: 'org-a', capabilities: ['send'] });
    manager = await createApiKey(t, { orgId: 'org-a', capabilities: ['send', 'manage'] });
    ({ id: sessionId, account } = await linkSessionByQr(t, emulator, manager, 'owner-line'));
  });
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
  });

  it('validates the name (400), then the session (404), then the connection (409)', async () => {
    const path = `/sessions/${sessionId}/channels`;
    for (const body of [{}, { name: '' }, { name: 42 }, { name: 'x'.repeat(101) }, { name: 'ok', extra: 1 }, { name: 'ok', description: 7 }]) {
      const r = await api('POST', path, sender, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('validation_error');
    }
    expect((await api('POST', '/sessions/01ARZ3NDEKTSV4RRFFQ69G5FAV/channels', sender, { name: 'News' })).status).toBe(404);
    const idle = (await api('POST', '/sessions', manager, { name: 'idle-line' })).body.id;
    expect(await api('POST', `/sessions/${idle}/channels`, sender, { name: 'News' })).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM channels'))[0].n).toBe(0);
  });

  it('creates a new channel on WhatsApp at every call and returns its JID', async () => {
    const first = await api('POST', `/sessions/${sessionId}/channels`, sender, { name: 'Launches', description: 'What we ship' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ jid: expect.stringMatching(/^\d+@newsletter$/) });
    const onWhatsApp = emulator.world.channels.get(first.body.jid)!;
    expect(onWhatsApp).toMatchObject({ name: 'Launches', description: 'What we ship', owner: account.phone });

    const second = await api('POST', `/sessions/${sessionId}/channels`, sender, { name: 'Launches' });
    expect(second.status).toBe(201);
    expect(second.body.jid).not.toBe(first.body.jid);

    const meta = await api('GET', `/sessions/${sessionId}/channels/${first.body.jid}`);
    expect(meta.body).toMatchObject({ jid: first.body.jid, name: 'Launches', role: 'owner', following: true });
    const list = (await api('GET', `/sessions/${sessionId}/channels`)).body.items.map((c: any) => c.jid);
    expect(list).toEqual(expect.arrayContaining([first.body.jid, second.body.jid]));
  });

  it('posts to an owned channel: followers get it, and it is stored once with its server id', async () => {
    const jid = (await api('POST', `/sessions/${sessionId}/channels`, sender, { name: 'Posts' })).body.jid as string;
    const follower = emulator.addAccount();
    emulator.world.channels.get(jid)!.followers.add(follower.phone);

    const sent = await api('POST', `/sessions/${sessionId}/channels/${jid}/messages`, sender, { text: 'hello followers' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ sessionId, chatJid: jid, fromMe: true, type: 'text', text: 'hello followers' });
    // The message id has the form WhatsApp clients use ("3EB0" + 18 hex), as in chats, not a ULID.
    expect(sent.body.waMessageId).toMatch(WA_MESSAGE_ID_RE);
    const ch = emulator.world.channels.get(jid)!;
    await eventually(async () => ch.posts.length === 1, 5000, 'the post on WhatsApp');
    const message = ch.posts[0].message;
    expect(message.conversation ?? message.extendedTextMessage?.text).toBe('hello followers');

    // WhatsApp echoes the post to its owner under another id: it completes the stored row.
    const stored = await eventually(async () => {
      const r = await api('GET', `/sessions/${sessionId}/channels/${jid}/messages`);
      return r.body.items[0]?.serverId ? r.body : undefined;
    }, 10_000, 'the server id');
    expect(stored.items).toHaveLength(1);
    expect(stored.items[0]).toMatchObject({ id: sent.body.id, waMessageId: sent.body.waMessageId, serverId: String(ch.posts[0].serverId) });
    const events = await t.dataSource.query("SELECT count(*)::int AS n FROM events WHERE type = 'channel.post' AND data->>'chatJid' = $1", [jid]);
    expect(events[0].n).toBe(1);
  });

  it('refuses to post where the session is only a follower (409), and bad bodies (400)', async () => {
    const ch = emulator.createChannel({ name: 'Not mine', followers: [account] });
    const path = `/sessions/${sessionId}/channels/${ch.jid}/messages`;
    expect((await api('POST', path, sender, {})).status).toBe(400);
    expect((await api('POST', path, sender, { type: 'image', text: 'x' })).status).toBe(400);
    const r = await api('POST', path, sender, { text: 'hijack' });
    expect(r).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect(ch.posts).toHaveLength(0);
  });
});
