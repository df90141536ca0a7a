import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import type { ErrorEnvelope, GatewayClient } from '../../libs/client/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, linkSessionByQr, startEmulator, stopEmulator } from '../support/emulator';

/** The seed's two channel endpoints (v1: creation is 501) and the read path of stored posts. */
describe('channels: v1 creation and stored posts', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let sender: string;
  let manager: string;
  let noSend: string;
  let otherOrg: string;
  let sessionId: string;
  let account: ReturnType<WaEmulator['addAccount']>;
  let gw: GatewayClient; // the sender's

  type Answer = { response: Response; error?: ErrorEnvelope };
  /** A raw call, for what the typed client cannot send (no token, a body or query outside the schema). */
  const raw = async (method: string, path: string, token: string, json?: unknown): Promise<Answer> => {
    const response = await t.http(`/api/v1${path}`, { method, token, json });
    return { response, error: response.ok ? undefined : ((await response.json()) as ErrorEnvelope) };
  };
  const onSession = (session = sessionId) => ({ params: { path: { session } } });
  const onChannel = (jid: string, session = sessionId) => ({ params: { path: { session, jid } } });
  const posts = (jid: string, query: { limit?: number; cursor?: string } = {}, client = gw, session = sessionId) =>
    client.GET('/api/v1/sessions/{session}/channels/{jid}/messages', { params: { path: { session, jid }, query } });
  const channels = (query: { limit?: number; cursor?: string } = {}, client = gw) =>
    client.GET('/api/v1/sessions/{session}/channels', { params: { path: { session: sessionId }, query } });
  const count = async (table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const storedPosts = async (jid: string) => (await t.dataSource.query('SELECT count(*)::int AS n FROM channel_posts WHERE channel_jid = $1', [jid]))[0].n as number;

  /** Posts `n` texts and waits until the gateway stored them all. */
  const pushPosts = async (jid: string, texts: string[]) => {
    const before = await storedPosts(jid);
    const pushed = texts.map((text) => emulator.postToChannel(jid, text));
    await eventually(async () => (await storedPosts(jid)) >= before + texts.length, 15_000, `${texts.length} stored posts`);
    return pushed;
  };

  /** Every page with `limit`; `between` runs after each page (new posts arriving mid-walk). */
  const walk = async (jid: string, limit: number, between?: () => Promise<void>) => {
    const ids: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const r = await posts(jid, { limit, ...(cursor ? { cursor } : {}) });
      expect(r.response.status).toBe(200);
      expect(r.data!.items.length).toBeLessThanOrEqual(limit);
      ids.push(...r.data!.items.map((p) => p.waMessageId));
      cursor = r.data!.nextCursor;
      pages++;
      if (between) await between();
    } while (cursor !== '');
    return { ids, pages };
  };

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp(emu.env);
    sender = await createApiKey(t, { orgId: 'org-a', capabilities: ['send'] });
    manager = await createApiKey(t, { orgId: 'org-a', capabilities: ['send', 'manage'] });
    noSend = await createApiKey(t, { orgId: 'org-a', capabilities: ['manage', 'admin'] });
    otherOrg = await createApiKey(t, { orgId: 'org-b', capabilities: ['send', 'manage'] });
    gw = t.client(sender);

    // Link one session by QR, as a user would.
    ({ id: sessionId, account } = await linkSessionByQr(t, emulator, manager, 'channels-line'));
  });
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
  });

  it('channel creation answers the ladder 401 → 403 → 404 → 501 and creates nothing', async () => {
    const channelsBefore = emulator.world.channels.size;
    const path = `/sessions/${sessionId}/channels`;
    const create = (client: GatewayClient, session = sessionId) => client.POST('/api/v1/sessions/{session}/channels', { ...onSession(session), body: { name: 'News' } });
    // No token, and a bad one: credential tests stay raw.
    expect((await raw('POST', path, '', { name: 'News' })).response.status).toBe(401);
    expect((await raw('POST', path, 'wgw_not-a-real-key', { name: 'News' })).response.status).toBe(401);
    const forbidden = await create(t.client(noSend));
    expect(forbidden.response.status).toBe(403);
    expect(forbidden.error).toMatchObject({ error: { code: 'forbidden' } });
    expect((await create(gw, '01ARZ3NDEKTSV4RRFFQ69G5FAV')).error?.error.code).toBe('not_found');
    // Another organization's session does not exist for this caller.
    const foreign = await create(t.client(otherOrg));
    expect(foreign.response.status).toBe(404);
    expect(foreign.error).toMatchObject({ error: { code: 'not_found' } });

    const bodies: [string, () => Promise<Answer>][] = [
      ['name and description', () => gw.POST('/api/v1/sessions/{session}/channels', { ...onSession(), body: { name: 'News', description: 'daily' } })],
      // A wrong type and an unknown field: outside the schema, so raw.
      ['{ name: 42, unexpected: true }', () => raw('POST', path, sender, { name: 42, unexpected: true })],
      ['{}', () => gw.POST('/api/v1/sessions/{session}/channels', { ...onSession(), body: {} })],
      ['no body', () => gw.POST('/api/v1/sessions/{session}/channels', onSession())],
    ];
    for (const [what, call] of bodies) {
      const r = await call();
      expect(r.response.status, what).toBe(501);
      expect(r.error?.error.code).toBe('not_implemented');
    }
    expect(await count('channels')).toBe(0);
    expect(await count('channel_posts')).toBe(0);
    expect(emulator.world.channels.size).toBe(channelsBefore);
  });

  it('stores pushed posts (text and media metadata) and lists them newest-first', async () => {
    const ch = emulator.createChannel({ name: 'Daily', followers: [account] });
    const pushed = await pushPosts(ch.jid, ['first', 'second', 'third']);
    pushed.push(emulator.postToChannel(ch.jid, { imageMessage: { mimetype: 'image/jpeg', caption: 'a picture', fileLength: 1234, width: 640, height: 480 } }));
    await eventually(async () => (await storedPosts(ch.jid)) === 4, 15_000, 'the image post');

    const r = await posts(ch.jid);
    expect(r.response.status).toBe(200);
    expect(r.data!.nextCursor).toBe('');
    expect(r.data!.items.map((p) => p.waMessageId)).toEqual(pushed.map((p) => p.id).reverse());
    expect(r.data!.items.map((p) => p.serverId)).toEqual(pushed.map((p) => String(p.serverId)).reverse());
    const [image, third] = r.data!.items;
    expect(image).toMatchObject({ sessionId, chatJid: ch.jid, fromMe: false, type: 'image', text: 'a picture' });
    expect(image.media).toMatchObject({ mimetype: 'image/jpeg', fileLength: 1234, width: 640, height: 480 });
    expect(third).toMatchObject({ type: 'text', text: 'third', media: null });
    expect(Date.parse(third.timestamp)).toBeGreaterThan(0);

    // Recorded with an event each, and the channel is now one the session follows.
    const events = await t.dataSource.query("SELECT data FROM events WHERE type = 'channel.post' AND data->>'chatJid' = $1 ORDER BY id", [ch.jid]);
    expect(events.map((e: any) => e.data.waMessageId)).toEqual(pushed.map((p) => p.id));
    const list = await channels();
    expect(list.data!.items).toContainEqual(expect.objectContaining({ jid: ch.jid, following: true }));
  });

  it('walks every page with limit 1, 7 and 200: each post once, in order, while new posts arrive', async () => {
    const ch = emulator.createChannel({ name: 'Busy', followers: [account] });
    const posted = (await pushPosts(ch.jid, Array.from({ length: 23 }, (_, i) => `post ${i}`))).map((p) => p.id);
    for (const limit of [1, 7, 200]) {
      // What was stored when the walk began, newest first: exactly what the walk must return.
      const expected = [...posted].reverse();
      const { ids, pages } = await walk(ch.jid, limit, async () => {
        // A newer post lands between two page reads.
        posted.push(...(await pushPosts(ch.jid, [`late ${posted.length}`])).map((p) => p.id));
      });
      expect(ids).toEqual(expected);
      expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
    }
    // The late posts were stored too, and a fresh walk sees every post once.
    const fresh = await walk(ch.jid, 50);
    expect(fresh.ids).toEqual([...posted].reverse());
    expect(new Set(fresh.ids).size).toBe(posted.length);
  });

  it('rejects a bad limit or cursor with 400', async () => {
    const ch = emulator.createChannel({ name: 'Cursors', followers: [account] });
    await pushPosts(ch.jid, ['a', 'b', 'c']);
    const base = `/sessions/${sessionId}/channels/${ch.jid}/messages`;
    const queries: [string, () => Promise<Answer>][] = [
      ['limit=0', () => posts(ch.jid, { limit: 0 })],
      ['limit=201', () => posts(ch.jid, { limit: 201 })],
      // Not a number: outside the schema, so raw.
      ['limit=abc', () => raw('GET', `${base}?limit=abc`, sender)],
      ['limit=-1', () => posts(ch.jid, { limit: -1 })],
      ['cursor=garbage', () => posts(ch.jid, { cursor: 'garbage' })],
    ];
    for (const [q, call] of queries) {
      const r = await call();
      expect(r.response.status, q).toBe(400);
      expect(r.error?.error.code).toBe('validation_error');
    }
    const cursor = (await posts(ch.jid, { limit: 1 })).data!.nextCursor;
    expect(cursor).not.toBe('');
    const [body, mac] = cursor.split('.');
    const forged = Buffer.from(Buffer.from(body, 'base64url').toString().replace(/"\d{4}-/, '"1999-')).toString('base64url');
    for (const bad of [`${forged}.${mac}`, `${body}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`, `${body}x.${mac}`]) {
      expect((await posts(ch.jid, { limit: 1, cursor: bad })).response.status).toBe(400);
    }
    // A cursor of another channel's list is foreign here.
    const other = emulator.createChannel({ name: 'Other', followers: [account] });
    await pushPosts(other.jid, ['x', 'y']);
    const otherCursor = (await posts(other.jid, { limit: 1 })).data!.nextCursor;
    expect((await posts(ch.jid, { cursor: otherCursor })).response.status).toBe(400);
    expect((await posts('not-a-channel')).response.status).toBe(400);
    expect((await posts('123@s.whatsapp.net')).response.status).toBe(400);
  });

  it('answers 404 for an unknown session or channel, and for another organization; an empty page for a known channel', async () => {
    const ch = emulator.createChannel({ name: 'Private', followers: [account] });
    await pushPosts(ch.jid, ['secret']);
    const path = `/sessions/${sessionId}/channels/${ch.jid}/messages`;
    expect((await posts(ch.jid, {}, t.client(noSend))).response.status).toBe(403);
    // No token at all: the typed client always sends one, so this goes raw.
    expect((await raw('GET', path, '')).response.status).toBe(401);
    const foreign = await posts(ch.jid, {}, t.client(otherOrg));
    expect(foreign.response.status).toBe(404);
    expect(foreign.error).toMatchObject({ error: { code: 'not_found' } });
    expect(JSON.stringify(foreign.error)).not.toContain('secret');
    expect((await posts(ch.jid, {}, gw, '01ARZ3NDEKTSV4RRFFQ69G5FAV')).response.status).toBe(404);
    expect((await posts('120363999999999999@newsletter')).response.status).toBe(404);

    // Known (looked up) but never posted: an empty last page, not a 404.
    const quiet = emulator.createChannel({ name: 'Quiet' });
    expect((await posts(quiet.jid)).response.status).toBe(404);
    expect((await gw.GET('/api/v1/sessions/{session}/channels/{jid}', onChannel(quiet.jid))).response.status).toBe(200);
    const empty = await posts(quiet.jid);
    expect({ status: empty.response.status, body: empty.data }).toEqual({ status: 200, body: { items: [], nextCursor: '' } });
  });

  it('looks up, follows and unfollows a channel; posts of a followed channel are stored', async () => {
    const ch = emulator.createChannel({ name: 'Weather', description: 'Forecasts' });
    const follow = (jid: string, client = gw) => client.POST('/api/v1/sessions/{session}/channels/{jid}:follow', onChannel(jid));
    const jids = async () => (await channels({ limit: 200 })).data!.items.map((c) => c.jid);
    const meta = await gw.GET('/api/v1/sessions/{session}/channels/{jid}', onChannel(ch.jid));
    expect(meta.response.status).toBe(200);
    expect(meta.data).toMatchObject({ jid: ch.jid, name: 'Weather', description: 'Forecasts', role: 'guest', following: false, subscribers: 0 });
    expect(meta.data!.metadataUpdatedAt).toBeTruthy();
    expect(await jids()).not.toContain(ch.jid);

    const followed = await follow(ch.jid);
    expect(followed.response.status).toBe(200);
    expect(followed.data).toMatchObject({ jid: ch.jid, following: true, role: 'subscriber', subscribers: 1 });
    expect(ch.followers.has(account.phone)).toBe(true);
    await pushPosts(ch.jid, ['sunny']);
    expect((await posts(ch.jid)).data!.items.map((p) => p.text)).toEqual(['sunny']);
    expect(await jids()).toContain(ch.jid);

    const unfollowed = await gw.POST('/api/v1/sessions/{session}/channels/{jid}:unfollow', onChannel(ch.jid));
    expect(unfollowed.data).toMatchObject({ following: false });
    expect(ch.followers.has(account.phone)).toBe(false);
    expect((await posts(ch.jid)).data!.items).toHaveLength(1);
    expect(await jids()).not.toContain(ch.jid);

    expect((await follow('120363999999999998@newsletter')).response.status).toBe(404);
    expect((await gw.GET('/api/v1/sessions/{session}/channels/{jid}', onChannel('120363999999999998@newsletter'))).response.status).toBe(404);
    expect((await follow('bad-jid')).response.status).toBe(400);
    expect((await follow(ch.jid, t.client(otherOrg))).response.status).toBe(404);
  });

  it('pages the channel list with opaque cursors', async () => {
    const all = (await channels({ limit: 200 })).data!.items.map((c) => c.jid);
    expect(all.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let cursor = '';
    do {
      const r = await channels({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...r.data!.items.map((c) => c.jid));
      cursor = r.data!.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect((await channels({}, t.client(otherOrg))).response.status).toBe(404);
  });
});
