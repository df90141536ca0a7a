import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventTypes } from '../../src/events/event-types';
import { NewEvent, OutboxService } from '../../src/events/outbox.service';
import type { ErrorEnvelope, GatewayClient, Schemas } from '../../libs/client/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { ReceivedWebhook, startWebhookReceiver, verifyWebhook, WebhookReceiver } from '../support/webhook-receiver';

/** A replacement character (a byte sequence cut short) or a UTF-16 surrogate without its pair. */
const BROKEN = /\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Webhook CRUD and delivery over real HTTP, against real PostgreSQL and a real receiver. */
describe('webhooks', () => {
  let t: TestApp;
  let manage: string;
  let sendOnly: string;
  let otherOrg: string;
  let gw: GatewayClient; // manage
  /** Real sessions of org-1: a webhook's session filter must name one. */
  let s7: string;
  let s9: string;
  const receivers: WebhookReceiver[] = [];
  let seq = 0;

  const receiver = async () => {
    const r = await startWebhookReceiver();
    receivers.push(r);
    return r;
  };
  const createHook = async (url: string, body: Partial<Schemas['CreateWebhookDto']> = {}) => {
    const res = await gw.POST('/api/v1/webhooks', { body: { url, events: ['*'], ...body } });
    expect(res.response.status).toBe(201);
    return res.data!;
  };
  const webhook = (webhook: string) => ({ params: { path: { webhook } } });
  const record = (...events: Partial<NewEvent>[]) =>
    t.dataSource.transaction((m) =>
      t.app.get(OutboxService).recordMany(
        m,
        events.map((e) => ({ type: EventTypes.MESSAGE_RECEIVED, orgId: 'org-1', sessionId: 'S1', data: { n: ++seq }, ...e })),
      ),
    );
  const deliveries = async (id: string) => (await gw.GET('/api/v1/webhooks/{webhook}/deliveries', { params: { path: { webhook: id }, query: { limit: 200 } } })).data!.items;
  /** The receiver may have answered before the gateway recorded the outcome: wait for the log. */
  const settledDeliveries = async (id: string) => {
    for (let i = 0; i < 100; i++) {
      const items = await deliveries(id);
      if (items.length && items.every((d) => d.status !== 'pending')) return items;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error('deliveries still pending');
  };

  beforeAll(async () => {
    t = await startTestApp({
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_RETRY_SCHEDULE: '50ms,100ms,100ms,100ms,100ms',
      WEBHOOK_TIMEOUT_MS: '400',
      EVENTS_POLL_MS: '100',
    });
    // send + manage: its ["*"] webhooks receive message events too (a manage-only key's would not).
    manage = await createApiKey(t, { orgId: 'org-1', capabilities: ['send', 'manage'] });
    sendOnly = await createApiKey(t, { orgId: 'org-1', capabilities: ['send'] });
    otherOrg = await createApiKey(t, { orgId: 'org-2', capabilities: ['manage'] });
    gw = t.client(manage);
    const session = async (name: string) => (await gw.POST('/api/v1/sessions', { body: { name } })).data!.id;
    s7 = await session('s7');
    s9 = await session('s9');
  });
  afterAll(async () => {
    await t?.close();
    for (const r of receivers) await r.close();
  });

  describe('management', () => {
    it('creates (secret shown once), lists, reads, updates, rotates and deletes', async () => {
      const r = await receiver();
      const created = await createHook(r.url, { events: ['message.received', 'session.status'], sessionId: s9 });
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
      expect(created).toMatchObject({ url: r.url, events: ['message.received', 'session.status'], sessionId: s9, enabled: true, disabledReason: null });
      const got = (await gw.GET('/api/v1/webhooks/{webhook}', webhook(created.id))).data!;
      expect((got as { secret?: string }).secret).toBeUndefined();
      const list = (await gw.GET('/api/v1/webhooks')).data!;
      expect(list.items.map((w) => w.id)).toContain(created.id);
      expect(list.items.every((w) => (w as { secret?: string }).secret === undefined)).toBe(true);

      const patched = await gw.PATCH('/api/v1/webhooks/{webhook}', { ...webhook(created.id), body: { events: ['*'], sessionId: null } });
      expect(patched.data).toMatchObject({ events: ['*'], sessionId: null });
      const rotated = (await gw.POST('/api/v1/webhooks/{webhook}:rotateSecret', webhook(created.id))).data!;
      expect(rotated.secret).toMatch(/^whsec_/);
      expect(rotated.secret).not.toBe(created.secret);

      expect((await gw.DELETE('/api/v1/webhooks/{webhook}', webhook(created.id))).response.status).toBe(204);
      expect((await gw.GET('/api/v1/webhooks/{webhook}', webhook(created.id))).response.status).toBe(404);
    });

    it('paginates with an org-scoped cursor', async () => {
      const r = await receiver();
      for (let i = 0; i < 3; i++) await createHook(r.url);
      const page1 = (await gw.GET('/api/v1/webhooks', { params: { query: { limit: 2 } } })).data!;
      expect(page1.items).toHaveLength(2);
      const page2 = (await gw.GET('/api/v1/webhooks', { params: { query: { limit: 2, cursor: page1.nextCursor } } })).data!;
      expect(page2.items.map((w) => w.id)).not.toContain(page1.items[1].id);
      expect((await t.client(otherOrg).GET('/api/v1/webhooks', { params: { query: { cursor: page1.nextCursor } } })).response.status).toBe(400);
      for (const w of [...page1.items, ...page2.items]) await gw.DELETE('/api/v1/webhooks/{webhook}', webhook(w.id));
    });

    it('requires manage (403), hides other organizations (404) and validates (400)', async () => {
      const r = await receiver();
      const hook = await createHook(r.url);
      expect((await t.client(sendOnly).GET('/api/v1/webhooks')).response.status).toBe(403);
      // No Authorization header at all: the typed client always sends one, so this goes raw.
      expect((await t.http('/api/v1/webhooks', {})).status).toBe(401);
      const other = t.client(otherOrg);
      const calls: [string, () => Promise<{ response: Response; error?: ErrorEnvelope }>][] = [
        ['GET', () => other.GET('/api/v1/webhooks/{webhook}', webhook(hook.id))],
        ['PATCH', () => other.PATCH('/api/v1/webhooks/{webhook}', { ...webhook(hook.id), body: {} })],
        ['DELETE', () => other.DELETE('/api/v1/webhooks/{webhook}', webhook(hook.id))],
        ['GET /deliveries', () => other.GET('/api/v1/webhooks/{webhook}/deliveries', webhook(hook.id))],
        ['POST :rotateSecret', () => other.POST('/api/v1/webhooks/{webhook}:rotateSecret', webhook(hook.id))],
      ];
      for (const [what, call] of calls) expect((await call()).response.status, what).toBe(404);
      const otherList = (await other.GET('/api/v1/webhooks')).data!;
      expect(otherList.items).toEqual([]);
      const bad = await gw.POST('/api/v1/webhooks', { body: { url: r.url, events: ['nope'] } });
      expect(bad.response.status).toBe(400);
      expect(bad.error?.error.details.events).toBeDefined();
      expect((await gw.POST('/api/v1/webhooks', { body: { url: 'ftp://x.example/', events: ['*'] } })).response.status).toBe(400);
      // No url: a body the typed client refuses to build, so it goes raw.
      expect((await t.http('/api/v1/webhooks', { method: 'POST', token: manage, json: { events: ['*'] } })).status).toBe(400);
      await gw.DELETE('/api/v1/webhooks/{webhook}', webhook(hook.id));
    });

    it('refuses loopback, private, link-local and metadata URLs without the allowlist (400)', async () => {
      const strict = await startTestApp();
      try {
        const key = await createApiKey(strict, { orgId: 'org-1', capabilities: ['manage'] });
        const strictGw = strict.client(key);
        for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.0.0.1/', 'http://169.254.169.254/latest', 'http://[::1]/', 'http://192.168.0.10/']) {
          const res = await strictGw.POST('/api/v1/webhooks', { body: { url, events: ['*'] } });
          expect(res.response.status, url).toBe(400);
          expect(res.error?.error.details.url).toBeDefined();
        }
      } finally {
        await strict.close();
      }
    });
  });

  describe('delivery', () => {
    it('survives a receiver that fails for a while: every event arrives, signed, same webhook-id across attempts', async () => {
      const r = await receiver();
      r.reply((req) => (req.n <= 6 ? { status: 500 } : { status: 200 }));
      const hook = await createHook(r.url, { events: ['message.received'] });
      await record({}, {}, {}, { type: 'session.status' });
      await r.waitFor(() => r.accepted.length === 3, 10_000, 'three accepted deliveries');
      for (const req of r.requests) verifyWebhook(hook.secret, req); // the reference library, not ours
      expect(r.accepted.map((a) => a.json.type)).toEqual(['message.received', 'message.received', 'message.received']);
      const byId = new Map<string, ReceivedWebhook[]>();
      for (const req of r.requests) byId.set(req.headers['webhook-id'], [...(byId.get(req.headers['webhook-id']) ?? []), req]);
      expect(byId.size).toBe(3);
      for (const attempts of byId.values()) expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
      expect(() => verifyWebhook('whsec_' + Buffer.from('x'.repeat(32)).toString('base64'), r.requests[0])).toThrow();
      const log = await settledDeliveries(hook.id);
      expect(log.every((d) => d.status === 'succeeded')).toBe(true);
      expect(log.reduce((n, d) => n + d.attempts, 0)).toBe(r.requests.length);
      const retried = log.find((d) => d.attempts > 1)!;
      // The receiver's default answers ('nope', then 'ok') are logged whatever the status.
      expect(retried.attemptLog[0]).toMatchObject({ attempt: 1, statusCode: 500, response: 'nope', error: 'HTTP 500: nope' });
      expect(retried.attemptLog.at(-1)).toMatchObject({ statusCode: 200, error: null, response: 'ok' });
    });

    it('times out a hanging receiver and retries', async () => {
      const r = await receiver();
      r.reply((req) => (req.n === 1 ? { hang: true } : { status: 204 }));
      const hook = await createHook(r.url);
      await record({});
      await r.waitFor(() => r.accepted.length === 1, 10_000, 'the retry');
      expect(r.requests[1].headers['webhook-id']).toBe(r.requests[0].headers['webhook-id']);
      expect(r.requests[1].receivedAt - r.requests[0].receivedAt).toBeGreaterThanOrEqual(400);
      const [d] = await settledDeliveries(hook.id);
      expect(d.attemptLog[0].error).toMatch(/timed out/);
      // No HTTP answer: no status, no answer body.
      expect(d.attemptLog[0]).toMatchObject({ statusCode: null, response: null });
      expect(d.attemptLog[1]).toMatchObject({ statusCode: 204, response: '', error: null });
      expect(d.status).toBe('succeeded');
    });

    it('logs the start of every answer body, 2xx or not; null without an HTTP answer', async () => {
      const r = await receiver();
      r.reply((req) =>
        req.n === 1 ? { status: 500, body: 'database is down, try later' } : req.n === 2 ? { hang: true } : { status: 200, body: '{"received":true}' },
      );
      const hook = await createHook(r.url);
      await record({});
      await r.waitFor(() => r.accepted.length === 1, 10_000, 'the third attempt');
      const [d] = await settledDeliveries(hook.id);
      expect(d).toMatchObject({ status: 'succeeded', attempts: 3 });
      expect(d.attemptLog.map(({ attempt, statusCode, response, error }) => ({ attempt, statusCode, response, error }))).toEqual([
        { attempt: 1, statusCode: 500, response: 'database is down, try later', error: 'HTTP 500: database is down, try later' },
        { attempt: 2, statusCode: null, response: null, error: expect.stringMatching(/^timed out/) },
        { attempt: 3, statusCode: 200, response: '{"received":true}', error: null },
      ]);
    });

    it('keeps at most the first 200 characters of a long answer, never half a character', async () => {
      const r = await receiver();
      // 149 two-byte 'é', then four-byte emoji (two UTF-16 units each): 1,500+ bytes, and a cut at
      // 200 UTF-16 units or at any byte count falls inside a character.
      const ok = 'é'.repeat(149) + '😀'.repeat(300) + ' end';
      const failed = 'Fehler: ' + 'é'.repeat(140) + '🙅🏽‍♀️'.repeat(100); // the 200th unit is half of a skin tone
      r.reply((req) => (req.n === 1 ? { status: 500, body: failed } : { status: 200, body: ok }));
      const hook = await createHook(r.url);
      await record({});
      await r.waitFor(() => r.accepted.length === 1, 10_000, 'the retry');
      const [d] = await settledDeliveries(hook.id);
      expect(d.attemptLog).toHaveLength(2);
      for (const [a, body] of [[d.attemptLog[0], failed], [d.attemptLog[1], ok]] as const) {
        const response = a.response!;
        expect(typeof response, `attempt ${a.attempt}`).toBe('string');
        expect([...response].length, `attempt ${a.attempt}`).toBeLessThanOrEqual(200);
        expect(response, `attempt ${a.attempt}`).not.toMatch(BROKEN);
        expect(body.startsWith(response), `attempt ${a.attempt}: ${JSON.stringify(response.slice(-6))} is not a prefix of the answer`).toBe(true);
        // Only what could not be kept whole is dropped: at least 199 UTF-16 units remain.
        expect(response.length, `attempt ${a.attempt}`).toBeGreaterThanOrEqual(199);
      }
      expect(d.attemptLog[0].error).toBe(`HTTP 500: ${d.attemptLog[0].response}`);
    });

    it('marks a delivery failed after the last attempt, visible in the log', async () => {
      const r = await receiver();
      r.reply(() => ({ status: 503 }));
      const hook = await createHook(r.url);
      await record({});
      await r.waitFor(() => r.requests.length === 6, 10_000, 'six attempts');
      await new Promise((res) => setTimeout(res, 300));
      expect(r.requests).toHaveLength(6); // 1 + 5 retries, then nothing more
      const [d] = await settledDeliveries(hook.id);
      expect(d).toMatchObject({ status: 'failed', attempts: 6, lastStatusCode: 503, nextAttemptAt: null });
      expect(d.attemptLog).toHaveLength(6);
    });

    it('honours Retry-After', async () => {
      const r = await receiver();
      r.reply((req) => (req.n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
      await createHook(r.url);
      await record({});
      await r.waitFor(() => r.accepted.length === 1, 10_000, 'the retry');
      expect(r.requests[1].receivedAt - r.requests[0].receivedAt).toBeGreaterThanOrEqual(950);
    });

    it('disables the endpoint on 410 Gone', async () => {
      const r = await receiver();
      r.reply(() => ({ status: 410 }));
      const hook = await createHook(r.url);
      await record({});
      await r.waitFor(() => r.requests.length === 1);
      await new Promise((res) => setTimeout(res, 500));
      const got = (await gw.GET('/api/v1/webhooks/{webhook}', webhook(hook.id))).data;
      expect(got).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('410') });
      await record({});
      await new Promise((res) => setTimeout(res, 300));
      expect(r.requests).toHaveLength(1);
      expect((await deliveries(hook.id))[0]).toMatchObject({ status: 'failed', lastStatusCode: 410 });
    });

    it('does not follow redirects', async () => {
      const target = await receiver();
      const r = await receiver();
      r.reply((req) => (req.n === 1 ? { status: 302, headers: { location: target.url } } : { status: 200 }));
      await createHook(r.url);
      await record({});
      await r.waitFor(() => r.accepted.length === 1, 10_000, 'the retry');
      expect(target.requests).toHaveLength(0);
    });

    it('keeps per-session order for a healthy endpoint and filters by type and session', async () => {
      const r = await receiver();
      r.reply(async () => {
        await new Promise((res) => setTimeout(res, Math.random() * 5));
        return { status: 200 };
      });
      const hook = await createHook(r.url, { events: ['message.received'], sessionId: s7 });
      const events = Array.from({ length: 40 }, (_, i) => ({ sessionId: i % 2 ? s7 : 'S8' }));
      await record(...events.slice(0, 20));
      await record({ sessionId: s7, type: 'message.status' });
      await record(...events.slice(20));
      await r.waitFor(() => r.accepted.length === 20, 10_000, '20 deliveries');
      await new Promise((res) => setTimeout(res, 300));
      expect(r.requests).toHaveLength(20);
      const ids = r.accepted.map((a) => BigInt(a.json.id));
      expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
      expect(r.accepted.every((a) => a.json.sessionId === s7 && a.json.type === 'message.received')).toBe(true);
      await gw.DELETE('/api/v1/webhooks/{webhook}', webhook(hook.id));
    });

    it('signs with both secrets while a rotation is in its grace period', async () => {
      const r = await receiver();
      const hook = await createHook(r.url);
      const rotated = (await gw.POST('/api/v1/webhooks/{webhook}:rotateSecret', webhook(hook.id))).data!;
      await record({});
      await r.waitFor(() => r.accepted.length === 1);
      expect(r.accepted[0].headers['webhook-signature'].split(' ')).toHaveLength(2);
      verifyWebhook(rotated.secret, r.accepted[0]);
      verifyWebhook(hook.secret, r.accepted[0]);
    });
  });
});
