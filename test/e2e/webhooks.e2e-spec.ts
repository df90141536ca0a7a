import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventTypes } from '../../src/events/event-types';
import { NewEvent, OutboxService } from '../../src/events/outbox.service';
import { startTestApp, TestApp } from '../support/app';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();
import { createApiKey } from '../support/auth';
import { ReceivedWebhook, startWebhookReceiver, verifyWebhook, WebhookReceiver } from '../support/webhook-receiver';

/** Webhook CRUD and delivery over real HTTP, against real PostgreSQL and a real receiver. */
describe('webhooks', () => {
  let t: TestApp;
  let manage: string;
  let sendOnly: string;
  let otherOrg: string;
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
  const createHook = async (url: string, body: Record<string, unknown> = {}) => {
    const res = await t.http('/api/v1/webhooks', { method: 'POST', token: manage, json: { url, events: ['*'], ...body } });
    expect(res.status).toBe(201);
    return (await json(res)) as { id: string; secret: string; url: string };
  };
  const record = (...events: Partial<NewEvent>[]) =>
    t.dataSource.transaction((m) =>
      t.app.get(OutboxService).recordMany(
        m,
        events.map((e) => ({ type: EventTypes.MESSAGE_RECEIVED, orgId: 'org-1', sessionId: 'S1', data: { n: ++seq }, ...e })),
      ),
    );
  const deliveries = async (id: string) => (await json(t.http(`/api/v1/webhooks/${id}/deliveries?limit=200`, { token: manage }))).items;
  /** The receiver may have answered before the gateway recorded the outcome: wait for the log. */
  const settledDeliveries = async (id: string) => {
    for (let i = 0; i < 100; i++) {
      const items = await deliveries(id);
      if (items.length && items.every((d: { status: string }) => d.status !== 'pending')) return items;
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
    const session = async (name: string) => (await json(t.http('/api/v1/sessions', { method: 'POST', token: manage, json: { name } }))).id as string;
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
      const got = await json(t.http(`/api/v1/webhooks/${created.id}`, { token: manage }));
      expect(got.secret).toBeUndefined();
      const list = await json(t.http('/api/v1/webhooks', { token: manage }));
      expect(list.items.map((w: { id: string }) => w.id)).toContain(created.id);
      expect(list.items.every((w: { secret?: string }) => w.secret === undefined)).toBe(true);

      const patched = await t.http(`/api/v1/webhooks/${created.id}`, { method: 'PATCH', token: manage, json: { events: ['*'], sessionId: null } });
      expect(await json(patched)).toMatchObject({ events: ['*'], sessionId: null });
      const rotated = await json(t.http(`/api/v1/webhooks/${created.id}:rotateSecret`, { method: 'POST', token: manage }));
      expect(rotated.secret).toMatch(/^whsec_/);
      expect(rotated.secret).not.toBe(created.secret);

      expect((await t.http(`/api/v1/webhooks/${created.id}`, { method: 'DELETE', token: manage })).status).toBe(204);
      expect((await t.http(`/api/v1/webhooks/${created.id}`, { token: manage })).status).toBe(404);
    });

    it('paginates with an org-scoped cursor', async () => {
      const r = await receiver();
      for (let i = 0; i < 3; i++) await createHook(r.url);
      const page1 = await json(t.http('/api/v1/webhooks?limit=2', { token: manage }));
      expect(page1.items).toHaveLength(2);
      const page2 = await json(t.http(`/api/v1/webhooks?limit=2&cursor=${page1.nextCursor}`, { token: manage }));
      expect(page2.items.map((w: { id: string }) => w.id)).not.toContain(page1.items[1].id);
      expect((await t.http(`/api/v1/webhooks?cursor=${page1.nextCursor}`, { token: otherOrg })).status).toBe(400);
      for (const w of [...page1.items, ...page2.items]) await t.http(`/api/v1/webhooks/${w.id}`, { method: 'DELETE', token: manage });
    });

    it('requires manage (403), hides other organizations (404) and validates (400)', async () => {
      const r = await receiver();
      const hook = await createHook(r.url);
      expect((await t.http('/api/v1/webhooks', { token: sendOnly })).status).toBe(403);
      expect((await t.http('/api/v1/webhooks', {})).status).toBe(401);
      for (const [method, path] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['GET', '/deliveries'], ['POST', ':rotateSecret']]) {
        const res = await t.http(`/api/v1/webhooks/${hook.id}${path}`, { method, token: otherOrg, json: method === 'PATCH' ? {} : undefined });
        expect(res.status, `${method} ${path}`).toBe(404);
      }
      const otherList = await json(t.http('/api/v1/webhooks', { token: otherOrg }));
      expect(otherList.items).toEqual([]);
      const bad = await t.http('/api/v1/webhooks', { method: 'POST', token: manage, json: { url: r.url, events: ['nope'] } });
      expect(bad.status).toBe(400);
      expect((await json(bad)).error.details.events).toBeDefined();
      expect((await t.http('/api/v1/webhooks', { method: 'POST', token: manage, json: { url: 'ftp://x.example/', events: ['*'] } })).status).toBe(400);
      expect((await t.http('/api/v1/webhooks', { method: 'POST', token: manage, json: { events: ['*'] } })).status).toBe(400);
      await t.http(`/api/v1/webhooks/${hook.id}`, { method: 'DELETE', token: manage });
    });

    it('refuses loopback, private, link-local and metadata URLs without the allowlist (400)', async () => {
      const strict = await startTestApp();
      try {
        const key = await createApiKey(strict, { orgId: 'org-1', capabilities: ['manage'] });
        for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.0.0.1/', 'http://169.254.169.254/latest', 'http://[::1]/', 'http://192.168.0.10/']) {
          const res = await strict.http('/api/v1/webhooks', { method: 'POST', token: key, json: { url, events: ['*'] } });
          expect(res.status, url).toBe(400);
          expect((await json(res)).error.details.url).toBeDefined();
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
      expect(log.every((d: { status: string }) => d.status === 'succeeded')).toBe(true);
      expect(log.reduce((n: number, d: { attempts: number }) => n + d.attempts, 0)).toBe(r.requests.length);
      const retried = log.find((d: { attempts: number }) => d.attempts > 1);
      expect(retried.attemptLog[0]).toMatchObject({ attempt: 1, statusCode: 500 });
      expect(retried.attemptLog.at(-1)).toMatchObject({ statusCode: 200, error: null });
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
      expect(d.status).toBe('succeeded');
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
      const got = await json(t.http(`/api/v1/webhooks/${hook.id}`, { token: manage }));
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
      await t.http(`/api/v1/webhooks/${hook.id}`, { method: 'DELETE', token: manage });
    });

    it('signs with both secrets while a rotation is in its grace period', async () => {
      const r = await receiver();
      const hook = await createHook(r.url);
      const rotated = await json(t.http(`/api/v1/webhooks/${hook.id}:rotateSecret`, { method: 'POST', token: manage }));
      await record({});
      await r.waitFor(() => r.accepted.length === 1);
      expect(r.accepted[0].headers['webhook-signature'].split(' ')).toHaveLength(2);
      verifyWebhook(rotated.secret, r.accepted[0]);
      verifyWebhook(hook.secret, r.accepted[0]);
    });
  });
});
