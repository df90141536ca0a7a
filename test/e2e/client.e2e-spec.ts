import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayClient, GatewayStreamError, streamEvents, type GatewayEvent } from '../../libs/client/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually } from '../support/emulator';

/**
 * The typed client (libs/client) against a real gateway: typed calls with the token in the
 * Authorization header, errors as the envelope, and the live-events helper resuming a dropped
 * stream with Last-Event-ID (nothing missed, nothing twice), refusing for good on a bad token.
 */
describe('the typed client', () => {
  let t: TestApp;
  let key: string;
  const urls: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ WA_RUNTIME: 'off' });
    key = await createApiKey(t, { orgId: 'org-client', capabilities: ['send', 'manage'] });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('types calls and answers; errors are the envelope; the token never goes into a URL', async () => {
    const seen: typeof fetch = (input, init) => {
      urls.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    const gw = createGatewayClient({ baseUrl: t.baseUrl, token: key, fetch: seen });
    const created = await gw.POST('/api/v1/sessions', { body: { name: 'from the client' } });
    expect(created.response.status).toBe(201);
    expect(created.data?.name).toBe('from the client');
    const listed = await gw.GET('/api/v1/sessions', { params: { query: { limit: 10 } } });
    expect(listed.data?.items.map((s) => s.id)).toContain(created.data!.id);

    const missing = await gw.GET('/api/v1/sessions/{session}', { params: { path: { session: '01HXXXXXXXXXXXXXXXXXXXXXXX' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toBe('not_found');
    const bad = await gw.POST('/api/v1/sessions', { body: { name: '' } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.error.code).toBe('validation_error');
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.some((u) => u.includes(key))).toBe(false);
  });

  it('streams events, resumes a dropped stream with Last-Event-ID: every event once, in order', async () => {
    const gw = createGatewayClient({ baseUrl: t.baseUrl, token: key });
    let cut: AbortController | undefined;
    const cuttable: typeof fetch = (input, init) => {
      cut = new AbortController();
      const signals = [cut.signal, ...(init?.signal ? [init.signal] : [])];
      return fetch(input, { ...init, signal: AbortSignal.any(signals) });
    };
    const stop = new AbortController();
    const received: GatewayEvent[] = [];
    let opens = 0;
    let retries = 0;
    const reading = (async () => {
      for await (const e of streamEvents({
        baseUrl: t.baseUrl,
        token: key,
        types: ['session.created'],
        signal: stop.signal,
        fetch: cuttable,
        retryMs: 300,
        onOpen: () => opens++,
        onRetry: () => retries++,
      })) {
        received.push(e);
      }
    })();
    await eventually(async () => opens === 1, 10_000, 'the stream open');
    const names = ['one', 'two', 'three'];
    await gw.POST('/api/v1/sessions', { body: { name: 'stream one' } });
    await eventually(async () => received.length === 1, 10_000, 'the first event');
    // The connection drops; two sessions are created while the client waits to reconnect.
    cut!.abort();
    await gw.POST('/api/v1/sessions', { body: { name: 'stream two' } });
    await gw.POST('/api/v1/sessions', { body: { name: 'stream three' } });
    await eventually(async () => received.length >= 3 && opens >= 2, 15_000, 'the missed events after the reconnect');
    stop.abort();
    await reading;
    expect(retries).toBeGreaterThanOrEqual(1);
    expect(received.map((e) => (e.data as { name?: string }).name)).toEqual(names.map((n) => `stream ${n}`));
    expect(new Set(received.map((e) => e.id)).size).toBe(3);
    expect(received.every((e) => e.type === 'session.created')).toBe(true);
  });

  it('a refused stream (bad token, unknown type) throws instead of reconnecting', async () => {
    const refused = async (token: string, types?: string[]) => {
      try {
        for await (const _ of streamEvents({ baseUrl: t.baseUrl, token, types: types as never, retryMs: 10 })) break;
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const unauthorized = await refused('wgw_not-a-key');
    expect(unauthorized).toBeInstanceOf(GatewayStreamError);
    expect((unauthorized as GatewayStreamError).status).toBe(401);
    const unknown = await refused(key, ['no.such.type']);
    expect((unknown as GatewayStreamError).status).toBe(400);
    expect((unknown as GatewayStreamError).body?.error.code).toBe('validation_error');
  });
});
