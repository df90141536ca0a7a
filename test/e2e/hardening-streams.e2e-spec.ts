import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, linkSessionByQr, startEmulator, stopEmulator } from '../support/emulator';
import { openSse, SseStream } from '../support/sse';

/**
 * The event stream applies the same capabilities as REST: a key sees an event only if it may read
 * the same data over REST (message.* and channel.post: send; session.qr: manage; the other
 * session.* types: any key), live and on replay, and asking for a type it may not see is a 403.
 */
describe('event streams and capabilities', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let session: string;
  const streams: SseStream[] = [];
  const keys: Record<'none' | 'send' | 'manage' | 'both', string> = { none: '', send: '', manage: '', both: '' };

  const sse = async (key: string, query = '', headers: Record<string, string> = {}) => {
    const s = await openSse(`${t.baseUrl}/api/v1/events${query}`, { authorization: `Bearer ${key}`, ...headers });
    streams.push(s);
    return s;
  };
  const types = (s: SseStream) => new Set(s.messages.map((m) => m.json.type));

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp({ ...emu.env, EVENTS_POLL_MS: '200', EVENTS_MAX_STREAMS_PER_KEY: '3' });
    for (const [name, caps] of [['none', []], ['send', ['send']], ['manage', ['manage']], ['both', ['send', 'manage']]] as const) {
      keys[name] = await createApiKey(t, { orgId: 'org-s', capabilities: [...caps] });
    }
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await t?.close();
    await stopEmulator(emulator);
  });

  it('gives each key exactly the types its capabilities allow, live and on replay', async () => {
    const live = { none: await sse(keys.none), send: await sse(keys.send), manage: await sse(keys.manage) };
    const linked = await linkSessionByQr(t, emulator, keys.both, 'caps-line');
    session = linked.id;
    const carol = emulator.addContact({ name: 'Carol' });
    await emulator.contact(carol).sendText(linked.account, 'a private text');
    await eventually(async () => types(live.send).has('message.received'), 15_000, 'message.received on the send stream');
    await eventually(async () => types(live.manage).has('session.qr'), 15_000, 'session.qr on the manage stream');
    // Everything recorded so far is visible to a stream with every capability.
    const all = await sse(keys.both, '?lastEventId=0');
    await eventually(async () => types(all).has('message.received') && types(all).has('session.qr'), 15_000, 'the full replay');
    const allTypes = types(all);
    expect(allTypes).toEqual(new Set(['session.created', 'session.status', 'session.qr', 'message.received']));
    // The zero-capability stream got its session.status events, then nothing more can arrive.
    await eventually(async () => types(live.none).has('session.status'), 15_000, 'session.status on the zero-capability stream');

    const expected = {
      none: new Set(['session.created', 'session.status']),
      send: new Set(['session.created', 'session.status', 'message.received']),
      manage: new Set(['session.created', 'session.status', 'session.qr']),
    };
    for (const name of ['none', 'send', 'manage'] as const) {
      expect(types(live[name]), `${name}, live`).toEqual(expected[name]);
      const replay = await sse(keys[name], '', { 'last-event-id': '0' });
      const count = all.messages.filter((m) => expected[name].has(m.json.type)).length;
      await replay.waitFor(count);
      expect(types(replay), `${name}, replay`).toEqual(expected[name]);
      // Nothing beyond what the rule allows, and no text of a message on the wire.
      expect(replay.messages).toHaveLength(count);
      if (name !== 'send') expect(replay.messages.map((m) => m.data).join('')).not.toContain('a private text');
      replay.close();
    }
    for (const s of Object.values(live)) s.close();
    all.close();
  });

  it('refuses with 403 a type filter the key may not see, and 404 a foreign session', async () => {
    const status = async (key: string, query: string) => {
      const s = await sse(key, query);
      s.close();
      return s.status;
    };
    expect(await status(keys.none, '?types=message.received')).toBe(403);
    expect(await status(keys.send, '?types=session.qr')).toBe(403);
    expect(await status(keys.manage, '?types=session.status,channel.post')).toBe(403);
    expect(await status(keys.manage, '?types=session.qr')).toBe(200);
    expect(await status(keys.none, '?types=session.status')).toBe(200);
    const res = await t.http('/api/v1/events?types=message.received', { token: keys.none });
    const body = (await res.json()) as { error: { code: string; details: { types: string[] } } };
    expect(body.error.code).toBe('forbidden');
    expect(body.error.details.types[0]).toContain('send');

    const other = await createApiKey(t, { orgId: 'org-other', capabilities: ['send', 'manage'] });
    expect(await status(other, `?sessionId=${session}`)).toBe(404);
    expect(await status(other, '?sessionId=01HZZZZZZZZZZZZZZZZZZZZZZZ')).toBe(404);
    expect(await status(keys.both, `?sessionId=${session}`)).toBe(200);
  });

  it('answers 400 for an event id out of range, by header and by query', async () => {
    for (const [query, headers] of [['', { 'last-event-id': '9999999999999999999' }], ['?lastEventId=9999999999999999999', {}]] as [string, Record<string, string>][]) {
      const res = await t.http(`/api/v1/events${query}`, { token: keys.both, headers });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_error');
    }
  });

  it('caps the streams one key may hold open (EVENTS_MAX_STREAMS_PER_KEY)', async () => {
    const key = await createApiKey(t, { orgId: 'org-s', capabilities: [] });
    const open = [await sse(key), await sse(key), await sse(key)];
    expect(open.map((s) => s.status)).toEqual([200, 200, 200]);
    const res = await t.http('/api/v1/events', { token: key });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // Another key is not affected; a closed stream frees its slot.
    expect((await sse(keys.none)).status).toBe(200);
    open[0].close();
    await eventually(async () => (await sse(key)).status === 200, 10_000, 'a freed stream slot');
  });
});
