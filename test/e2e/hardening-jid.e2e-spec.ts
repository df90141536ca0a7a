import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

/**
 * Recipient validation of POST /sessions/{id}/messages. The session is created but never
 * started: a recipient that passes validation gets 409 (the session cannot send), one that does
 * not gets 400 naming `to`. Nothing is stored either way.
 */
describe('JID validation of message recipients', () => {
  let t: TestApp;
  let key: string;
  let session: string;

  beforeAll(async () => {
    t = await startTestApp();
    key = await createApiKey(t, { orgId: 'org-jid', capabilities: ['send', 'manage'] });
    const created = await t.client(key).POST('/api/v1/sessions', { body: { name: 'jid-line' } });
    expect(created.response.status).toBe(201);
    session = created.data!.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const send = (to: unknown) => t.http(`/api/v1/sessions/${session}/messages`, { method: 'POST', token: key, json: { to, type: 'text', text: 'x' } });
  const count = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM messages'))[0].n as number;

  it.each([
    'abc@g.us', // letters in a group id
    '0@s.whatsapp.net', // not a phone number
    '15551234567:5@s.whatsapp.net', // a device JID
    '15551234567_1@s.whatsapp.net', // an agent suffix
    '209000000000001:2@lid',
    '0123456789', // leading 0
    '12345', // too short
  ])('refuses to=%s with 400 validation_error naming `to`', async (to) => {
    const before = await count();
    const res = await send(to);
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(body.error.code).toBe('validation_error');
    expect(Object.keys(body.error.details)).toEqual(['to']);
    expect(body.error.details.to.join(' ')).toMatch(/^to must be a phone number in international format/);
    expect(await count()).toBe(before);
  });

  it.each(['15551234567', '+15551234567', '15551234567@s.whatsapp.net', '15551234567-1459523321@g.us', '120363025246125486@g.us', '209000000000001@lid'])(
    'lets to=%s through validation (409: the session is not running)',
    async (to) => {
      const res = await send(to);
      const body = await json(res);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(body.error.code).toBe('conflict');
    },
  );

  it('applies the same rule to the chat of GET .../chats/{jid}/messages', async () => {
    for (const jid of ['abc@g.us', '0@s.whatsapp.net', '15551234567:5@s.whatsapp.net']) {
      const res = await t.http(`/api/v1/sessions/${session}/chats/${encodeURIComponent(jid)}/messages`, { token: key });
      const body = await json(res);
      expect(res.status, `${jid}: ${JSON.stringify(body)}`).toBe(400);
      expect(Object.keys(body.error.details)).toEqual(['jid']);
    }
    // A valid chat that has no messages is simply not found.
    expect((await t.http(`/api/v1/sessions/${session}/chats/15551234567@s.whatsapp.net/messages`, { token: key })).status).toBe(404);
  });
});
