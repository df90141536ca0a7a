import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaEmulator } from '../../libs/wa-emulator/src';
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

  const api = async (method: string, path: string, token = sender, json?: unknown) => {
    const res = await t.http(`/api/v1${path}`, { method, token, json });
    return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as any };
  };
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
      const q = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
      const r = await api('GET', `/sessions/${sessionId}/channels/${jid}/messages?${q}`);
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...r.body.items.map((p: any) => p.waMessageId));
      cursor = r.body.nextCursor;
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
    expect((await api('POST', path, '', { name: 'News' })).status).toBe(401);
    expect((await api('POST', path, 'wgw_not-a-real-key', { name: 'News' })).status).toBe(401);
    const forbidden = await api('POST', path, noSend, { name: 'News' });
    expect(forbidden).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await api('POST', '/sessions/01ARZ3NDEKTSV4RRFFQ69G5FAV/channels', sender, { name: 'News' })).body.error.code).toBe('not_found');
    // Another organization's session does not exist for this caller.
    const foreign = await api('POST', path, otherOrg, { name: 'News' });
    expect(foreign).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });

    for (const body of [{ name: 'News', description: 'daily' }, { name: 42, unexpected: true }, {}, undefined]) {
      const r = await api('POST', path, sender, body);
      expect(r.status, JSON.stringify(body)).toBe(501);
      expect(r.body.error.code).toBe('not_implemented');
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

    const r = await api('GET', `/sessions/${sessionId}/channels/${ch.jid}/messages`);
    expect(r.status).toBe(200);
    expect(r.body.nextCursor).toBe('');
    expect(r.body.items.map((p: any) => p.waMessageId)).toEqual(pushed.map((p) => p.id).reverse());
    expect(r.body.items.map((p: any) => p.serverId)).toEqual(pushed.map((p) => String(p.serverId)).reverse());
    const [image, third] = r.body.items;
    expect(image).toMatchObject({ sessionId, chatJid: ch.jid, fromMe: false, type: 'image', text: 'a picture' });
    expect(image.media).toMatchObject({ mimetype: 'image/jpeg', fileLength: 1234, width: 640, height: 480 });
    expect(third).toMatchObject({ type: 'text', text: 'third', media: null });
    expect(Date.parse(third.timestamp)).toBeGreaterThan(0);

    // Recorded with an event each, and the channel is now one the session follows.
    const events = await t.dataSource.query("SELECT data FROM events WHERE type = 'channel.post' AND data->>'chatJid' = $1 ORDER BY id", [ch.jid]);
    expect(events.map((e: any) => e.data.waMessageId)).toEqual(pushed.map((p) => p.id));
    const list = await api('GET', `/sessions/${sessionId}/channels`);
    expect(list.body.items).toContainEqual(expect.objectContaining({ jid: ch.jid, following: true }));
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
    for (const q of ['limit=0', 'limit=201', 'limit=abc', 'limit=-1', 'cursor=garbage']) {
      const r = await api('GET', `${base}?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toBe('validation_error');
    }
    const cursor = (await api('GET', `${base}?limit=1`)).body.nextCursor as string;
    expect(cursor).not.toBe('');
    const [body, mac] = cursor.split('.');
    const forged = Buffer.from(Buffer.from(body, 'base64url').toString().replace(/"\d{4}-/, '"1999-')).toString('base64url');
    for (const bad of [`${forged}.${mac}`, `${body}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`, `${body}x.${mac}`]) {
      expect((await api('GET', `${base}?limit=1&cursor=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
    // A cursor of another channel's list is foreign here.
    const other = emulator.createChannel({ name: 'Other', followers: [account] });
    await pushPosts(other.jid, ['x', 'y']);
    const otherCursor = (await api('GET', `/sessions/${sessionId}/channels/${other.jid}/messages?limit=1`)).body.nextCursor;
    expect((await api('GET', `${base}?cursor=${encodeURIComponent(otherCursor)}`)).status).toBe(400);
    expect((await api('GET', `/sessions/${sessionId}/channels/not-a-channel/messages`)).status).toBe(400);
    expect((await api('GET', `/sessions/${sessionId}/channels/123@s.whatsapp.net/messages`)).status).toBe(400);
  });

  it('answers 404 for an unknown session or channel, and for another organization; an empty page for a known channel', async () => {
    const ch = emulator.createChannel({ name: 'Private', followers: [account] });
    await pushPosts(ch.jid, ['secret']);
    const path = `/sessions/${sessionId}/channels/${ch.jid}/messages`;
    expect((await api('GET', path, noSend)).status).toBe(403);
    expect((await api('GET', path, '')).status).toBe(401);
    const foreign = await api('GET', path, otherOrg);
    expect(foreign).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(JSON.stringify(foreign.body)).not.toContain('secret');
    expect((await api('GET', `/sessions/01ARZ3NDEKTSV4RRFFQ69G5FAV/channels/${ch.jid}/messages`)).status).toBe(404);
    expect((await api('GET', `/sessions/${sessionId}/channels/120363999999999999@newsletter/messages`)).status).toBe(404);

    // Known (looked up) but never posted: an empty last page, not a 404.
    const quiet = emulator.createChannel({ name: 'Quiet' });
    expect((await api('GET', `/sessions/${sessionId}/channels/${quiet.jid}/messages`)).status).toBe(404);
    expect((await api('GET', `/sessions/${sessionId}/channels/${quiet.jid}`)).status).toBe(200);
    expect(await api('GET', `/sessions/${sessionId}/channels/${quiet.jid}/messages`)).toEqual({ status: 200, body: { items: [], nextCursor: '' } });
  });

  it('looks up, follows and unfollows a channel; posts of a followed channel are stored', async () => {
    const ch = emulator.createChannel({ name: 'Weather', description: 'Forecasts' });
    const base = `/sessions/${sessionId}/channels/${ch.jid}`;
    const meta = await api('GET', base);
    expect(meta.status).toBe(200);
    expect(meta.body).toMatchObject({ jid: ch.jid, name: 'Weather', description: 'Forecasts', role: 'guest', following: false, subscribers: 0 });
    expect(meta.body.metadataUpdatedAt).toBeTruthy();
    expect((await api('GET', '/sessions/' + sessionId + '/channels?limit=200')).body.items.map((c: any) => c.jid)).not.toContain(ch.jid);

    const followed = await api('POST', `${base}:follow`);
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({ jid: ch.jid, following: true, role: 'subscriber', subscribers: 1 });
    expect(ch.followers.has(account.phone)).toBe(true);
    await pushPosts(ch.jid, ['sunny']);
    expect((await api('GET', `${base}/messages`)).body.items.map((p: any) => p.text)).toEqual(['sunny']);
    expect((await api('GET', `/sessions/${sessionId}/channels?limit=200`)).body.items.map((c: any) => c.jid)).toContain(ch.jid);

    const unfollowed = await api('POST', `${base}:unfollow`);
    expect(unfollowed.body).toMatchObject({ following: false });
    expect(ch.followers.has(account.phone)).toBe(false);
    expect((await api('GET', `${base}/messages`)).body.items).toHaveLength(1);
    expect((await api('GET', `/sessions/${sessionId}/channels?limit=200`)).body.items.map((c: any) => c.jid)).not.toContain(ch.jid);

    expect((await api('POST', `/sessions/${sessionId}/channels/120363999999999998@newsletter:follow`)).status).toBe(404);
    expect((await api('GET', `/sessions/${sessionId}/channels/120363999999999998@newsletter`)).status).toBe(404);
    expect((await api('POST', `/sessions/${sessionId}/channels/bad-jid:follow`)).status).toBe(400);
    expect((await api('POST', `${base}:follow`, otherOrg)).status).toBe(404);
  });

  it('pages the channel list with opaque cursors', async () => {
    const all = (await api('GET', `/sessions/${sessionId}/channels?limit=200`)).body.items.map((c: any) => c.jid);
    expect(all.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let cursor = '';
    do {
      const r = await api('GET', `/sessions/${sessionId}/channels?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...r.body.items.map((c: any) => c.jid));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect((await api('GET', `/sessions/${sessionId}/channels`, otherOrg)).status).toBe(404);
  });
});
