import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schemas } from '../../libs/client/src';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import { EventTypes } from '../../src/events/event-types';
import { NewEvent, OutboxService } from '../../src/events/outbox.service';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually } from '../support/emulator';
import { startWebhookReceiver, verifyWebhook, WebhookReceiver } from '../support/webhook-receiver';

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
  /** Through the typed client, as the principal of `token`. */
  const as = (token: string) => t.client(token);
  const webhook = (webhook: string) => ({ params: { path: { webhook } } });
  const createHook = (token: string, body: Schemas['CreateWebhookDto']) => as(token).POST('/api/v1/webhooks', { body });
  const updateHook = (token: string, id: string, body: Schemas['UpdateWebhookDto']) => as(token).PATCH('/api/v1/webhooks/{webhook}', { ...webhook(id), body });
  const getHook = (token: string, id: string) => as(token).GET('/api/v1/webhooks/{webhook}', webhook(id));
  const deleteHook = (token: string, id: string) => as(token).DELETE('/api/v1/webhooks/{webhook}', webhook(id));
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
    mySession = (await t.client(manageOnly).POST('/api/v1/sessions', { body: { name: 'mine' } })).data!.id;
    foreignSession = (await t.client(other).POST('/api/v1/sessions', { body: { name: 'theirs' } })).data!.id;
    expect(mySession && foreignSession).toBeTruthy();
  });
  afterAll(async () => {
    await t?.close();
    for (const r of receivers) await r.close();
  });

  it('refuses a manage-only key a type it may not read (403), accepts the ones it may', async () => {
    const r = await receiver();
    const denied = await createHook(manageOnly, { url: r.url, events: ['message.received', 'session.status'] });
    expect(denied.response.status).toBe(403);
    expect(denied.error?.error).toMatchObject({ code: 'forbidden', details: { events: ['message.received requires the send capability'] } });
    for (const events of [['channel.post'], ['message.sent', 'session.qr']]) {
      expect((await createHook(manageOnly, { url: r.url, events })).response.status, events.join()).toBe(403);
    }
    expect(await t.dataSource.query(`SELECT id FROM webhooks WHERE org_id = $1`, [ORG])).toEqual([]);

    const ok = await createHook(manageOnly, { url: r.url, events: ['session.status', 'session.qr'] });
    expect(ok.response.status).toBe(201);
    expect(ok.data).toMatchObject({ events: ['session.status', 'session.qr'], capabilities: ['manage'] });
    expect((await deleteHook(manageOnly, ok.data!.id)).response.status).toBe(204);
  });

  it('delivers to a manage-only ["*"] webhook only what its creator may read; a send+manage one gets messages too', async () => {
    const rManage = await receiver();
    const rSend = await receiver();
    const manageCreated = await createHook(manageOnly, { url: rManage.url, events: ['*'] });
    expect(manageCreated.response.status).toBe(201);
    const manageHook = manageCreated.data!;
    expect(manageHook.capabilities).toEqual(['manage']);
    const sendCreated = await createHook(sendManage, { url: rSend.url, events: ['*'] });
    expect(sendCreated.response.status).toBe(201);
    const sendHook = sendCreated.data!;

    await record({ type: EventTypes.MESSAGE_RECEIVED }, { type: EventTypes.CHANNEL_POST }, { type: EventTypes.SESSION_STATUS, data: { status: 'connected' } });
    expect(await queuedTypes(manageHook.id)).toEqual(['session.status']);
    expect(await queuedTypes(sendHook.id)).toEqual(['message.received', 'channel.post', 'session.status']);

    await rSend.waitFor(() => rSend.accepted.length === 3, 10_000, 'three deliveries to the send+manage webhook');
    await rManage.waitFor(() => rManage.accepted.length === 1, 10_000, 'the session.status delivery');
    expect(rManage.accepted.map((a) => a.json.type)).toEqual(['session.status']);
    expect(rSend.accepted.map((a) => a.json.type).sort()).toEqual(['channel.post', 'message.received', 'session.status']);
    verifyWebhook(sendHook.secret, rSend.accepted[0]);
    // Settled: nothing more arrives for the manage-only webhook.
    await eventually(async () =>
      (await as(sendManage).GET('/api/v1/webhooks/{webhook}/deliveries', webhook(sendHook.id))).data?.items.every((d) => d.status === 'succeeded'),
    );
    expect(rManage.requests).toHaveLength(1);
    for (const h of [manageHook, sendHook]) await deleteHook(sendManage, h.id);
  });

  it('refuses a change (or a new secret) by a key that may not read what the webhook receives', async () => {
    const r = await receiver();
    const attacker = await receiver();
    const created = await createHook(sendManage, { url: r.url, events: ['message.received'] });
    expect(created.response.status).toBe(201);
    const hook = created.data!;

    const redirect = await updateHook(manageOnly, hook.id, { url: attacker.url });
    expect(redirect.response.status).toBe(403);
    expect(redirect.error?.error).toMatchObject({ code: 'forbidden', details: { events: ['message.received requires the send capability'] } });
    const changes: Schemas['UpdateWebhookDto'][] = [{ events: ['session.status'] }, { enabled: false }, {}];
    for (const body of changes) {
      expect((await updateHook(manageOnly, hook.id, body)).response.status, JSON.stringify(body)).toBe(403);
    }
    expect((await as(manageOnly).POST('/api/v1/webhooks/{webhook}:rotateSecret', webhook(hook.id))).response.status).toBe(403);
    expect((await getHook(manageOnly, hook.id)).data).toMatchObject({ url: r.url, enabled: true, events: ['message.received'] });

    await record({});
    await r.waitFor(() => r.accepted.length === 1, 10_000, 'the message delivery');
    expect(attacker.requests).toHaveLength(0);
    verifyWebhook(hook.secret, r.accepted[0]);

    // A ["*"] webhook of a send+manage key receives messages: a manage-only key cannot change it either.
    const star = (await createHook(sendManage, { url: r.url, events: ['*'] })).data!;
    expect((await updateHook(manageOnly, star.id, { url: attacker.url })).response.status).toBe(403);
    // Deleting stays possible for any manage key: it sends nothing anywhere.
    for (const h of [hook, star]) expect((await deleteHook(manageOnly, h.id)).response.status).toBe(204);
  });

  it('lets a manage-only key change its own webhook, within what it may read; the changer\'s capabilities are recorded', async () => {
    const r = await receiver();
    const hook = (await createHook(manageOnly, { url: r.url, events: ['*'] })).data!;
    const r2 = await receiver();
    const moved = await updateHook(manageOnly, hook.id, { url: r2.url });
    expect(moved.response.status).toBe(200);
    expect(moved.data).toMatchObject({ url: r2.url, capabilities: ['manage'] });
    expect((await updateHook(manageOnly, hook.id, { events: ['message.received'] })).response.status).toBe(403);

    // A send+manage key takes it over: from now on its ["*"] includes message events.
    const taken = await updateHook(sendManage, hook.id, { enabled: true });
    expect(taken.data?.capabilities).toEqual(['send', 'manage']);
    await record({});
    expect(await queuedTypes(hook.id)).toEqual(['message.received']);
    await deleteHook(sendManage, hook.id);
  });

  it('keeps delivering after the creating key is revoked: the webhook belongs to the organization', async () => {
    const keys = t.app.get(ApiKeysService);
    const { apiKey, key } = await keys.create(ORG, 'short-lived', ['send', 'manage']);
    const r = await receiver();
    const created = await createHook(key, { url: r.url, events: ['message.received'] });
    expect(created.response.status).toBe(201);
    const hook = created.data!;
    await keys.revoke(ORG, apiKey.id);
    expect((await as(key).GET('/api/v1/webhooks')).response.status).toBe(401);
    await record({});
    await r.waitFor(() => r.accepted.length === 1, 10_000, 'the delivery after the revocation');
    expect((await getHook(sendManage, hook.id)).data).toMatchObject({ enabled: true, capabilities: ['send', 'manage'] });
    await deleteHook(sendManage, hook.id);
  });

  it('answers 404 for a session filter naming another organization\'s session or none', async () => {
    const r = await receiver();
    for (const sessionId of [foreignSession, '01HXNOSUCHSESSION000000000']) {
      const res = await createHook(sendManage, { url: r.url, events: ['*'], sessionId });
      expect(res.response.status, sessionId).toBe(404);
      expect(res.error?.error.code).toBe('not_found');
    }
    const created = await createHook(sendManage, { url: r.url, events: ['*'], sessionId: mySession });
    expect(created.response.status).toBe(201);
    const hook = created.data!;
    expect(hook.sessionId).toBe(mySession);
    expect((await updateHook(sendManage, hook.id, { sessionId: foreignSession })).response.status).toBe(404);
    expect((await getHook(sendManage, hook.id)).data?.sessionId).toBe(mySession);
    const cleared = await updateHook(sendManage, hook.id, { sessionId: null });
    expect(cleared.response.status).toBe(200);
    expect(cleared.data?.sessionId).toBeNull();
    await deleteHook(sendManage, hook.id);
  });
});
