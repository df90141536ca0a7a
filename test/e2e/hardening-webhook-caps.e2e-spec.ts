import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import { EventTypes } from '../../src/events/event-types';
import { NewEvent, OutboxService } from '../../src/events/outbox.service';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually } from '../support/emulator';
import { startWebhookReceiver, verifyWebhook, WebhookReceiver } from '../support/webhook-receiver';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * A webhook acts with the capabilities of the principal that created or last changed it: it may
 * only list event types that principal may read, `["*"]` means "what it may read", a principal
 * that may not read what a webhook receives cannot change it, and a session filter must name a
 * session of the organization.
 */
describe('webhook capabilities', () => {
  const ORG = 'org-caps';
  let t: TestApp;
  let manageOnly: string;
  let sendManage: string;
  let mySession: string;
  let foreignSession: string;
  const receivers: WebhookReceiver[] = [];

  const receiver = async () => {
    const r = await startWebhookReceiver();
    receivers.push(r);
    return r;
  };
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await t.http(`/api/v1${path}`, { method, token, json: body });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  const record = (...events: Partial<NewEvent>[]) =>
    t.dataSource.transaction((m) =>
      t.app.get(OutboxService).recordMany(
        m,
        events.map((e) => ({ type: EventTypes.MESSAGE_RECEIVED, orgId: ORG, sessionId: 'S1', data: { text: 'hi' }, ...e })),
      ),
    );
  /** The deliveries queued for a webhook (created with the event, in its transaction). */
  const queuedTypes = async (webhookId: string) =>
    ((await t.dataSource.query(`SELECT event_type FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY event_id`, [webhookId])) as { event_type: string }[]).map(
      (r) => r.event_type,
    );

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', EVENTS_POLL_MS: '100' });
    manageOnly = await createApiKey(t, { orgId: ORG, capabilities: ['manage'] });
    sendManage = await createApiKey(t, { orgId: ORG, capabilities: ['send', 'manage'] });
    const other = await createApiKey(t, { orgId: 'org-caps-other', capabilities: ['manage'] });
    mySession = (await call('POST', '/sessions', manageOnly, { name: 'mine' })).body.id;
    foreignSession = (await call('POST', '/sessions', other, { name: 'theirs' })).body.id;
    expect(mySession && foreignSession).toBeTruthy();
  });
  afterAll(async () => {
    await t?.close();
    for (const r of receivers) await r.close();
  });

  it('refuses a manage-only key a type it may not read (403), accepts the ones it may', async () => {
    const r = await receiver();
    const denied = await call('POST', '/webhooks', manageOnly, { url: r.url, events: ['message.received', 'session.status'] });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: 'forbidden', details: { events: ['message.received requires the send capability'] } });
    for (const events of [['channel.post'], ['message.sent', 'session.qr']]) {
      expect((await call('POST', '/webhooks', manageOnly, { url: r.url, events })).status, events.join()).toBe(403);
    }
    expect(await t.dataSource.query(`SELECT id FROM webhooks WHERE org_id = $1`, [ORG])).toEqual([]);

    const ok = await call('POST', '/webhooks', manageOnly, { url: r.url, events: ['session.status', 'session.qr'] });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ events: ['session.status', 'session.qr'], capabilities: ['manage'] });
    await call('DELETE', `/webhooks/${ok.body.id}`, manageOnly);
  });

  it('delivers to a manage-only ["*"] webhook only what its creator may read; a send+manage one gets messages too', async () => {
    const rManage = await receiver();
    const rSend = await receiver();
    const manageHook = await call('POST', '/webhooks', manageOnly, { url: rManage.url, events: ['*'] });
    expect(manageHook.status).toBe(201);
    expect(manageHook.body.capabilities).toEqual(['manage']);
    const sendHook = await call('POST', '/webhooks', sendManage, { url: rSend.url, events: ['*'] });
    expect(sendHook.status).toBe(201);

    await record({ type: EventTypes.MESSAGE_RECEIVED }, { type: EventTypes.CHANNEL_POST }, { type: EventTypes.SESSION_STATUS, data: { status: 'connected' } });
    expect(await queuedTypes(manageHook.body.id)).toEqual(['session.status']);
    expect(await queuedTypes(sendHook.body.id)).toEqual(['message.received', 'channel.post', 'session.status']);

    await rSend.waitFor(() => rSend.accepted.length === 3, 10_000, 'three deliveries to the send+manage webhook');
    await rManage.waitFor(() => rManage.accepted.length === 1, 10_000, 'the session.status delivery');
    expect(rManage.accepted.map((a) => a.json.type)).toEqual(['session.status']);
    expect(rSend.accepted.map((a) => a.json.type).sort()).toEqual(['channel.post', 'message.received', 'session.status']);
    verifyWebhook(sendHook.body.secret, rSend.accepted[0]);
    // Settled: nothing more arrives for the manage-only webhook.
    await eventually(async () => ((await call('GET', `/webhooks/${sendHook.body.id}/deliveries`, sendManage)).body.items as Json[]).every((d) => d.status === 'succeeded'));
    expect(rManage.requests).toHaveLength(1);
    for (const h of [manageHook, sendHook]) await call('DELETE', `/webhooks/${h.body.id}`, sendManage);
  });

  it('refuses a change (or a new secret) by a key that may not read what the webhook receives', async () => {
    const r = await receiver();
    const attacker = await receiver();
    const hook = await call('POST', '/webhooks', sendManage, { url: r.url, events: ['message.received'] });
    expect(hook.status).toBe(201);

    const redirect = await call('PATCH', `/webhooks/${hook.body.id}`, manageOnly, { url: attacker.url });
    expect(redirect.status).toBe(403);
    expect(redirect.body.error).toMatchObject({ code: 'forbidden', details: { events: ['message.received requires the send capability'] } });
    for (const body of [{ events: ['session.status'] }, { enabled: false }, {}]) {
      expect((await call('PATCH', `/webhooks/${hook.body.id}`, manageOnly, body)).status, JSON.stringify(body)).toBe(403);
    }
    expect((await call('POST', `/webhooks/${hook.body.id}:rotateSecret`, manageOnly)).status).toBe(403);
    expect((await call('GET', `/webhooks/${hook.body.id}`, manageOnly)).body).toMatchObject({ url: r.url, enabled: true, events: ['message.received'] });

    await record({});
    await r.waitFor(() => r.accepted.length === 1, 10_000, 'the message delivery');
    expect(attacker.requests).toHaveLength(0);
    verifyWebhook(hook.body.secret, r.accepted[0]);

    // A ["*"] webhook of a send+manage key receives messages: a manage-only key cannot change it either.
    const star = await call('POST', '/webhooks', sendManage, { url: r.url, events: ['*'] });
    expect((await call('PATCH', `/webhooks/${star.body.id}`, manageOnly, { url: attacker.url })).status).toBe(403);
    // Deleting stays possible for any manage key: it sends nothing anywhere.
    for (const h of [hook, star]) expect((await call('DELETE', `/webhooks/${h.body.id}`, manageOnly)).status).toBe(204);
  });

  it('lets a manage-only key change its own webhook, within what it may read; the changer\'s capabilities are recorded', async () => {
    const r = await receiver();
    const hook = await call('POST', '/webhooks', manageOnly, { url: r.url, events: ['*'] });
    const r2 = await receiver();
    const moved = await call('PATCH', `/webhooks/${hook.body.id}`, manageOnly, { url: r2.url });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ url: r2.url, capabilities: ['manage'] });
    expect((await call('PATCH', `/webhooks/${hook.body.id}`, manageOnly, { events: ['message.received'] })).status).toBe(403);

    // A send+manage key takes it over: from now on its ["*"] includes message events.
    const taken = await call('PATCH', `/webhooks/${hook.body.id}`, sendManage, { enabled: true });
    expect(taken.body.capabilities).toEqual(['send', 'manage']);
    await record({});
    expect(await queuedTypes(hook.body.id)).toEqual(['message.received']);
    await call('DELETE', `/webhooks/${hook.body.id}`, sendManage);
  });

  it('keeps delivering after the creating key is revoked: the webhook belongs to the organization', async () => {
    const keys = t.app.get(ApiKeysService);
    const { apiKey, key } = await keys.create(ORG, 'short-lived', ['send', 'manage']);
    const r = await receiver();
    const hook = await call('POST', '/webhooks', key, { url: r.url, events: ['message.received'] });
    expect(hook.status).toBe(201);
    await keys.revoke(ORG, apiKey.id);
    expect((await call('GET', '/webhooks', key)).status).toBe(401);
    await record({});
    await r.waitFor(() => r.accepted.length === 1, 10_000, 'the delivery after the revocation');
    expect((await call('GET', `/webhooks/${hook.body.id}`, sendManage)).body).toMatchObject({ enabled: true, capabilities: ['send', 'manage'] });
    await call('DELETE', `/webhooks/${hook.body.id}`, sendManage);
  });

  it('answers 404 for a session filter naming another organization\'s session or none', async () => {
    const r = await receiver();
    for (const sessionId of [foreignSession, '01HXNOSUCHSESSION000000000']) {
      const res = await call('POST', '/webhooks', sendManage, { url: r.url, events: ['*'], sessionId });
      expect(res.status, sessionId).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const hook = await call('POST', '/webhooks', sendManage, { url: r.url, events: ['*'], sessionId: mySession });
    expect(hook.status).toBe(201);
    expect(hook.body.sessionId).toBe(mySession);
    expect((await call('PATCH', `/webhooks/${hook.body.id}`, sendManage, { sessionId: foreignSession })).status).toBe(404);
    expect((await call('GET', `/webhooks/${hook.body.id}`, sendManage)).body.sessionId).toBe(mySession);
    expect((await call('PATCH', `/webhooks/${hook.body.id}`, sendManage, { sessionId: null })).body.sessionId).toBeNull();
    await call('DELETE', `/webhooks/${hook.body.id}`, sendManage);
  });
});
