import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, WaEmulator } from '../../libs/wa-emulator/src';
import type { GatewayClient } from '../../libs/client/src';
import type { TestApp } from '../support/app';
import { eventually } from '../support/emulator';
import { LinkedGateway, startLinkedGateway } from '../support/linked-gateway';
import { messagesApi } from '../support/messages';

const textOf = (m: { message: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } }) =>
  m.message.conversation ?? m.message.extendedTextMessage?.text ?? '';

/** When a recipient cannot decrypt, or the gateway cannot encrypt: what the gateway does and says. */
describe('retry receipts and failed sends', () => {
  let linked: LinkedGateway;
  let t: TestApp;
  let emulator: WaEmulator;
  let h: ReturnType<typeof messagesApi>;
  let gw: GatewayClient; // send + manage
  let session: string;
  let account: Account;

  beforeAll(async () => {
    linked = await startLinkedGateway({
      org: 'org-retry',
      sessionName: 'retry-line',
      env: { SEND_WAIT_MS: '3000', OUTBOUND_POLL_MS: '200', SEND_MAX_ATTEMPTS: '1' },
    });
    ({ t, emulator, session, account } = linked);
    gw = linked.clients.manage;
    h = messagesApi(t, emulator, linked.keys.manage);
  }, 60_000);
  afterAll(() => linked?.close());

  const sendText = (to: string, text: string) => gw.POST('/api/v1/sessions/{session}/messages', { params: { path: { session } }, body: { to, type: 'text', text } });

  it('answers a retry receipt by sending the message again, which the contact then decrypts once', async () => {
    const carol = emulator.addContact({ name: 'Carol' });
    const first = await sendText(carol.phone, 'before the contact lost its session');
    expect(first.response.status).toBe(201);
    await eventually(async () => emulator.contact(carol).inbox.length === 1, 15_000, 'the first message');
    // The contact's phone lost its Signal session with us (reinstalled, restored from a backup...).
    expect(emulator.contact(carol).forgetSession(account)).toBeGreaterThan(0);
    emulator.resetCounters();
    const second = await sendText(carol.phone, 'after it lost it');
    expect([201, 202]).toContain(second.response.status);
    await eventually(async () => emulator.contact(carol).inbox.some((m) => textOf(m) === 'after it lost it'), 15_000, 'the re-sent copy decrypted');
    const stats = emulator.stats();
    expect(stats.retryReceipts).toBe(1);
    expect(stats.retriedIds).toEqual([second.data!.waMessageId]);
    expect(stats.nacks).toBe(0);
    expect(emulator.contact(carol).inbox.filter((m) => textOf(m) === 'after it lost it')).toHaveLength(1);
    // This test asked for exactly one retry; the file's final check is for unexpected ones.
    emulator.resetCounters();
  });

  it('answers a retry receipt after a restart of the connection from the stored message (getMessage)', async () => {
    const erin = emulator.addContact({ name: 'Erin' });
    const answer = await sendText(erin.phone, 'asked for again later');
    expect(answer.response.status).toBe(201);
    const sent = answer.data!;
    await eventually(async () => emulator.contact(erin).inbox.length === 1, 15_000, 'the message');
    // A new connection: Baileys' own cache of recent sends is gone; only the store has the message.
    expect((await gw.POST('/api/v1/sessions/{session}:stop', { params: { path: { session } } })).response.status).toBe(200);
    await h.waitStatus(session, 'stopped');
    expect((await gw.POST('/api/v1/sessions/{session}:start', { params: { path: { session } } })).response.status).toBe(200);
    await h.waitStatus(session, 'connected');
    emulator.resetCounters();
    expect(emulator.contact(erin).requestRetry(account, sent.waMessageId)).toBe(1);
    await eventually(async () => emulator.contact(erin).inbox.filter((m) => m.id === sent.waMessageId).length === 2, 15_000, 'the message sent again');
    expect(textOf(emulator.contact(erin).inbox[1])).toBe('asked for again later');
    expect(emulator.stats()).toMatchObject({ retryReceipts: 1, nacks: 0 });
    emulator.resetCounters();
  });

  it('stores the real cause and a stable errorCode when WhatsApp refuses to encrypt', async () => {
    const dan = emulator.addContact({ name: 'Dan' });
    emulator.contact(dan).withholdKeys();
    const answer = await sendText(dan.phone, 'nobody can encrypt this');
    expect([201, 202]).toContain(answer.response.status);
    const r = answer.data!;
    const failed = await eventually(async () => {
      const m = (await gw.GET('/api/v1/sessions/{session}/messages/{id}', { params: { path: { session, id: r.id } } })).data!;
      return m.status === 'failed' ? m : undefined;
    }, 15_000, 'the message to fail');
    // Boom's public message would say "An internal server error occurred": the cause is kept instead.
    expect(failed.error).toBe('All encryptions failed');
    expect(failed.errorCode).toBe('encryption_failed');
    const [event] = await t.dataSource.query(`SELECT data FROM events WHERE type = 'message.status' AND data->>'id' = $1 AND data->>'status' = 'failed'`, [r.id]);
    expect(event.data).toMatchObject({ error: 'All encryptions failed', errorCode: 'encryption_failed' });
    expect(emulator.contact(dan).inbox).toHaveLength(0);
  });
});
