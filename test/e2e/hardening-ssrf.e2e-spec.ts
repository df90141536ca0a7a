import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorEnvelope } from '../../libs/client/src';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import { EventTypes } from '../../src/events/event-types';
import { OutboxService } from '../../src/events/outbox.service';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, startEmulator, stopEmulator } from '../support/emulator';
import { messagesApi } from '../support/messages';
import { closedPort } from '../support/net';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();


/**
 * IPv6 spellings that reach (or claim to reach) loopback or link-local metadata through an
 * embedded IPv4 address. All are refused although 127.0.0.1 is allowlisted below: allowing an
 * IPv4 address does not allow the IPv6 addresses that embed it.
 */
const EMBEDDED_V4_URLS = [
  'http://[::7f00:1]/', // IPv4-compatible
  'http://[::127.0.0.1]/',
  'http://[::ffff:0:7f00:1]/', // SIIT ::ffff:0:0/96
  'http://[::ffff:127.0.0.1]/', // IPv4-mapped
  'http://[::ffff:7f00:1]/',
  'http://[2002:7f00:1::]/', // 6to4 (bits 16..47)
  'http://[2002:a9fe:a9fe::]/',
  'http://[64:ff9b::7f00:1]/', // NAT64
  'http://[64:ff9b:1::7f00:1]/', // NAT64 local-use
  'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/', // Teredo, client 127.0.0.1 (last 32 bits inverted)
];

describe('SSRF hardening: webhook URLs', () => {
  let t: TestApp;
  let manage: string;

  beforeAll(async () => {
    t = await startTestApp({
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_RETRY_SCHEDULE: '60s',
      WEBHOOK_TIMEOUT_MS: '2000',
      EVENTS_POLL_MS: '100',
    });
    manage = await createApiKey(t, { orgId: 'org-ssrf', capabilities: ['manage'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The refused requests stay raw (what is under test is the server's answer to them). */
  const create = (url: string) => t.http('/api/v1/webhooks', { method: 'POST', token: manage, json: { url, events: ['*'] } });
  /** Setup and read-back go through the typed client. */
  const createHook = async (url: string) => {
    const created = await t.client(manage).POST('/api/v1/webhooks', { body: { url, events: ['*'] } });
    expect(created.response.status).toBe(201);
    return created.data!;
  };
  const onWebhook = (webhook: string) => ({ params: { path: { webhook } } });
  const expectRefused = async (res: Response, url: string) => {
    const body = await json(res);
    expect(res.status, `${url}: ${JSON.stringify(body)}`).toBe(400);
    expect(body.error.code, url).toBe('validation_error');
    expect(body.error.details.url, url).toBeDefined();
    return body.error.details.url.join(' ') as string;
  };

  it.each(EMBEDDED_V4_URLS)('refuses to create a webhook to %s (400)', async (url) => {
    await expectRefused(await create(url), url);
  });

  it('refuses port 0, even on an allowlisted address (400)', async () => {
    expect(await expectRefused(await create('http://example.com:0/'), 'http://example.com:0/')).toMatch(/port 0/);
    expect(await expectRefused(await create('http://127.0.0.1:0/hook'), 'http://127.0.0.1:0/hook')).toMatch(/port 0/);
  });

  it('refuses the same URLs on update, and keeps the stored URL', async () => {
    const hook = await createHook(`http://127.0.0.1:${await closedPort()}/hook`);
    for (const url of [...EMBEDDED_V4_URLS, 'http://example.com:0/']) {
      await expectRefused(await t.http(`/api/v1/webhooks/${hook.id}`, { method: 'PATCH', token: manage, json: { url } }), url);
    }
    const gw = t.client(manage);
    expect((await gw.GET('/api/v1/webhooks/{webhook}', onWebhook(hook.id))).data!.url).toBe(hook.url);
    await gw.DELETE('/api/v1/webhooks/{webhook}', onWebhook(hook.id));
  });

  it('records a failed delivery as "the target could not be reached", without the socket error', async () => {
    const hook = await createHook(`http://127.0.0.1:${await closedPort()}/hook?token=abc`);
    await t.dataSource.transaction((m) => t.app.get(OutboxService).record(m, { type: EventTypes.SESSION_STATUS, orgId: 'org-ssrf', sessionId: 'S1', data: { status: 'connected' } }));
    const delivery = await eventually(async () => {
      const items = (await t.client(manage).GET('/api/v1/webhooks/{webhook}/deliveries', onWebhook(hook.id))).data!.items;
      return items[0]?.attemptLog?.length ? items[0] : undefined;
    }, 10_000, 'a recorded attempt');
    const [attempt] = delivery.attemptLog;
    expect(attempt.statusCode).toBeNull();
    expect(attempt.error).toContain('the target could not be reached');
    const shown = JSON.stringify(delivery);
    expect(shown).not.toContain('ECONNREFUSED');
    expect(shown).not.toMatch(/UND_ERR|connect /);
  });
});

describe('SSRF hardening: media URLs in message sends', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let h: ReturnType<typeof messagesApi>;
  let session: string;

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp({ ...emu.env, SEND_RATE_PER_SECOND: '0', SEND_WAIT_MS: '500', MEDIA_ALLOWED_HOSTS: '127.0.0.1', MEDIA_FETCH_TIMEOUT_MS: '2000' });
    const key = await createApiKey(t, { orgId: 'org-ssrf-media', capabilities: ['send', 'manage'] });
    h = messagesApi(t, emulator, key);
    ({ id: session } = await h.linkByQr('media-line'));
  });
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
  });

  const sendImage = (url: string) => h.gw.POST('/api/v1/sessions/{session}/messages', { params: { path: { session } }, body: { to: '15559000001', type: 'image', media: { url } } });
  /** The reasons given for `media.url` in a 400's details. */
  const mediaUrlReasons = (error: ErrorEnvelope | undefined) => error?.error.details['media.url'] as string[] | undefined;

  it('refuses media URLs embedding a loopback or metadata IPv4 address, and port 0 (400, nothing stored)', async () => {
    const before = await h.countMessages();
    for (const base of [...EMBEDDED_V4_URLS, 'http://127.0.0.1:0/']) {
      const url = `${base}cat.png`;
      const r = await sendImage(url);
      expect(r.response.status, `${url}: ${JSON.stringify(r.error ?? r.data)}`).toBe(400);
      expect(r.error?.error.code).toBe('validation_error');
      expect(mediaUrlReasons(r.error)?.[0], url).toMatch(/^media URL refused: /);
    }
    expect(await h.countMessages()).toBe(before);
  });

  it('says "the target could not be reached" when the media host refuses the connection', async () => {
    const r = await sendImage(`http://127.0.0.1:${await closedPort()}/cat.png?sig=abc`);
    expect(r.response.status, JSON.stringify(r.error ?? r.data)).toBe(400);
    expect(mediaUrlReasons(r.error)?.[0]).toContain('the target could not be reached');
    expect(JSON.stringify(r.error)).not.toMatch(/ECONNREFUSED|connect /);
  });
});
