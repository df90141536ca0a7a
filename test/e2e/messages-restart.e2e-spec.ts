import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Contact, WaEmulator } from '../../libs/wa-emulator/src';
import { createGatewayClient } from '../../libs/client/src';
import { createTestDatabase, TestDatabase } from '../support/database';
import { eventually, startEmulator, stopEmulator } from '../support/emulator';
import { buildGateway, GatewayProcess, spawnGateway } from '../support/gateway-process';
import { ApiKeysService } from '../../src/auth/api-keys.service';

/**
 * Nothing leaves for WhatsApp on the strength of an unstored state: the ratchet state a send's
 * encryption advanced is stored before the message is sent. So however the connection ends right
 * after a send (stop, dropped socket, SIGTERM, SIGKILL), the next message to the same contact is
 * encrypted from that state: the contact decrypts it at once, with no retry and no NACK. Before,
 * the state waited for a later commit and was lost at the end of the connection; the next message
 * re-used a message key the contact had already used, and was lost.
 */
describe('the first message after the connection ends', () => {
  let main: string;
  let db: TestDatabase;
  let emulator: WaEmulator;
  let env: Record<string, string>;
  let key: string;
  let gw: { p: GatewayProcess; base: string };
  let session: string;
  let account: Account;
  const procs: GatewayProcess[] = [];

  const start = async () => {
    const p = await spawnGateway(main, env);
    procs.push(p);
    gw = { p, base: /listening on (http:\/\/\S+)/.exec(p.output())![1] };
  };
  /** The typed client of the gateway process running now (a restart moves it to another port). */
  const api = () => createGatewayClient({ baseUrl: gw.base, token: key });
  const onSession = () => ({ params: { path: { session } } });
  const sessionStatus = async () => (await api().GET('/api/v1/sessions/{session}', onSession())).data?.status;
  const connected = () => eventually(async () => (await sessionStatus()) === 'connected', 60_000, 'connected');
  const textOf = (m: { message: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } }) =>
    m.message.conversation ?? m.message.extendedTextMessage?.text ?? '';
  /** Sends a text and waits until the contact has decrypted it. */
  const deliver = async (contact: Contact, text: string) => {
    const answer = await api().POST('/api/v1/sessions/{session}/messages', { ...onSession(), body: { to: contact.phone, type: 'text', text } });
    expect([201, 202], JSON.stringify(answer.error)).toContain(answer.response.status);
    const r = answer.data!;
    // Decrypted, or refused (a NACK or a retry receipt ends the wait at once: the test then fails on the counts).
    const stats = () => emulator.stats();
    await eventually(
      async () => emulator.contact(contact).inbox.some((m) => textOf(m) === text) || stats().nacks > 0 || stats().retryReceipts > 0,
      30_000,
      `"${text}" decrypted by the contact`,
    );
    expect({ retryReceipts: stats().retryReceipts, nacks: stats().nacks }, `"${text}"`).toEqual({ retryReceipts: 0, nacks: 0 });
    await eventually(
      async () => {
        const m = await api().GET('/api/v1/sessions/{session}/messages/{id}', { params: { path: { session, id: r.id } } });
        return m.data !== undefined && m.data.status !== 'queued';
      },
      30_000,
      `"${text}" sent`,
    );
  };

  beforeAll(async () => {
    main = buildGateway();
    db = await createTestDatabase();
    const emu = await startEmulator();
    emulator = emu.emulator;
    env = {
      ...emu.env,
      DATABASE_URL: db.url,
      WA_STATE_KEY: randomBytes(32).toString('base64'),
      CURSOR_SECRET: randomBytes(24).toString('hex'),
      SEND_RATE_PER_SECOND: '0',
      SEND_WAIT_MS: '2000',
      OUTBOUND_POLL_MS: '200',
    };
    await start();
    // The key is created in the database the gateway uses (through its own service code).
    const { startTestApp } = await import('../support/app');
    const admin = await startTestApp({ WA_RUNTIME: 'off', WEBHOOK_WORKER: 'off' }, { db });
    key = (await admin.app.get(ApiKeysService).create('org-r', 'restart', ['send', 'manage'])).key;
    await admin.app.close();
    account = emulator.addAccount();
    session = (await api().POST('/api/v1/sessions', { body: { name: 'restart', start: true } })).data!.id;
    const qr = await eventually(async () => {
      const r = await api().GET('/api/v1/sessions/{session}/qr', onSession());
      return r.response.status === 200 ? r.data!.qr : undefined;
    }, 30_000, 'a QR');
    await emulator.phone(account).scanQr(qr);
    await connected();
  }, 180_000);
  afterAll(async () => {
    for (const p of procs) await p.kill('SIGKILL');
    await stopEmulator(emulator);
    await db?.drop();
  });

  const ends: [string, () => Promise<void>][] = [
    [
      'a stop and a start',
      async () => {
        expect((await api().POST('/api/v1/sessions/{session}:stop', onSession())).response.status).toBe(200);
        await eventually(async () => (await sessionStatus()) === 'stopped', 30_000, 'stopped');
        expect((await api().POST('/api/v1/sessions/{session}:start', onSession())).response.status).toBe(200);
      },
    ],
    [
      'a dropped socket',
      async () => {
        expect(emulator.phone(account).drop()).toBeGreaterThan(0);
        await eventually(async () => !emulator.phone(account).isConnected() || undefined, 10_000, 'the drop');
      },
    ],
    [
      'a SIGTERM restart',
      async () => {
        await gw.p.kill('SIGTERM');
        await start();
      },
    ],
    [
      'a SIGKILL restart',
      async () => {
        await gw.p.kill('SIGKILL');
        await start();
      },
    ],
  ];

  for (const [how, end] of ends) {
    it(`is decrypted by its recipient after ${how}`, async () => {
      // A silent contact: it never writes back, so no inbound message commits what a send left.
      const contact = emulator.addContact({ name: `Quiet ${how}` });
      emulator.resetCounters();
      // Two sends: the second is the one whose state used to wait in memory (a send's own state
      // was committed only by the next send), so the next message re-used its message key.
      await deliver(contact, `first before ${how}`);
      await deliver(contact, `last before ${how}`);
      await end();
      await connected();
      await deliver(contact, `after ${how}`);
      expect(emulator.contact(contact).inbox.filter((m) => textOf(m) === `after ${how}`)).toHaveLength(1);
    }, 180_000);
  }
});
