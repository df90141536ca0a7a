import { initAuthCreds } from '@whiskeysockets/baileys';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaEmulator, type Account, type Contact } from '../../../wa-emulator/src';
import type { InboundMessage, WhatsAppConnection } from '../port';
import { serialize } from './auth-state';
import { BaileysEngine } from './baileys-engine';
import { memoryAuthStore } from '../memory-auth-store';

/**
 * What a message that cannot be decrypted costs a connection. Baileys answers it with a retry
 * receipt and waits `retryRequestDelayMs` (250 ms); our patch does both outside the socket's
 * message lock, so the other contacts' messages and every send go on meanwhile, and a send can
 * no longer deadlock with a retry receipt (the send held Baileys' key-transaction lock and waited
 * for the message lock in beforeRelay; the failed message held the message lock and waited for
 * the transaction lock to send its retry receipt).
 */


const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms).unref())]);

describe('decryption failures', () => {
  let emulator: WaEmulator;
  const engine = () => new BaileysEngine({ webSocketUrl: emulator.url, logger: pino({ level: 'silent' }), baileysLogLevel: 'silent' });
  const conns: WhatsAppConnection[] = [];

  beforeAll(async () => {
    emulator = await WaEmulator.start();
    emulator.trustInThisProcess();
  });
  afterAll(async () => {
    for (const c of conns) await c.close().catch(() => undefined);
    await emulator.stop();
  });

  /** A connection linked to a new account, storing (in memory) every message it emits, in order. */
  async function linked(): Promise<{ account: Account; conn: WhatsAppConnection; stored: InboundMessage[]; waitStored: (n: number, ms: number, what: string) => Promise<void> }> {
    const account = emulator.addAccount();
    const store = memoryAuthStore();
    const creds = initAuthCreds();
    emulator.phone(account).linkCreds(creds);
    await store.writeCreds(serialize(creds));
    const conn = await engine().connect({ sessionId: `decrypt-${account.phone}`, store });
    conns.push(conn);
    const stored: InboundMessage[] = [];
    const waiters: (() => void)[] = [];
    conn.on('messages', ({ messages, hold }) => {
      stored.push(...messages.filter((m) => !m.fromMe)); // what contacts sent, not our own sends
      hold(Promise.resolve());
      for (const w of waiters.splice(0)) w();
    });
    await within(new Promise<void>((resolve) => conn.on('open', () => resolve())), 15_000, 'open');
    const waitStored = (n: number, ms: number, what: string) =>
      within(
        new Promise<void>((resolve) => {
          const check = () => (stored.length >= n ? resolve() : waiters.push(check));
          check();
        }),
        ms,
        what,
      );
    return { account, conn, stored, waitStored };
  }

  /** `contact`'s session with the account's device diverges after one message went through normally. */
  async function broken(account: Account, stored: InboundMessage[], waitStored: (n: number, ms: number, what: string) => Promise<void>): Promise<Contact> {
    const contact = emulator.addContact({ name: 'Broken' });
    await emulator.contact(contact).sendText(account, 'before the divergence');
    await waitStored(stored.length + 1, 10_000, 'the first message of the broken contact');
    expect(await emulator.contact(contact).divergeSession(account)).toBe(1);
    return contact;
  }

  /** Pushes the prepared messages of two contacts alternately (all encrypted beforehand). */
  async function interleaved(account: Account, a: Contact, aTexts: string[], b: Contact, bTexts: string[]): Promise<void> {
    const pa = [];
    for (const text of aTexts) pa.push(await emulator.contact(a).prepare(account, { conversation: text }));
    const pb = [];
    for (const text of bTexts) pb.push(await emulator.contact(b).prepare(account, { conversation: text }));
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      if (pa[i]) emulator.contact(a).push(pa[i]);
      if (pb[i]) emulator.contact(b).push(pb[i]);
    }
  }

  it("a contact whose session diverged does not slow the other contacts' messages down; its own arrive after the resend", async () => {
    const { account, stored, waitStored } = await linked();
    const bad = await broken(account, stored, waitStored);
    const good = emulator.addContact({ name: 'Healthy' });
    const N = 16;
    const M = 40;
    emulator.resetCounters();
    // How many healthy messages were stored when the device sent each retry receipt.
    const healthyAtRetry: number[] = [];
    const healthyStored = () => stored.filter((m) => m.text?.startsWith('healthy ')).length;
    emulator.world.on('device-retry', () => healthyAtRetry.push(healthyStored()));
    const before = stored.length;
    await interleaved(
      account,
      bad,
      Array.from({ length: N }, (_, i) => `broken ${i}`),
      good,
      Array.from({ length: M }, (_, i) => `healthy ${i}`),
    );
    await waitStored(before + N + M, 60_000, 'every message of both contacts');

    const s = emulator.stats();
    expect(s.retryReceiptsFromDevices).toBe(N); // one retry receipt per broken message...
    expect(s.contactResends).toBe(N); // ...each answered with a fresh-session resend
    // Each broken message arrived once, after its resend; each healthy one once, in order.
    const texts = stored.slice(before).map((m) => m.text);
    for (let i = 0; i < N; i++) expect(texts.filter((t) => t === `broken ${i}`)).toHaveLength(1);
    expect(texts.filter((t) => t?.startsWith('healthy '))).toEqual(Array.from({ length: M }, (_, i) => `healthy ${i}`));
    // The retry receipts go one at a time with Baileys' 250 ms pause between them; the healthy
    // contact's messages did not wait for them: all of them were stored before the device had
    // sent half of its retry receipts (when each failure held the message lock for its retry
    // receipt and pause, the healthy messages trickled in between the failures instead).
    expect(healthyAtRetry).toHaveLength(N);
    expect(healthyAtRetry[N / 2 - 1], `healthy messages stored at each retry receipt: ${healthyAtRetry.join(',')}`).toBe(M);
  }, 90_000);

  it('a send while decryption failures are under way leaves at once (it used to deadlock the socket)', async () => {
    const { account, conn, stored, waitStored } = await linked();
    const bad = await broken(account, stored, waitStored);
    const good = emulator.addContact({ name: 'Recipient' });
    const N = 12;
    const before = stored.length;
    emulator.resetCounters();
    const firstRetry = emulator.waitForStats((s) => s.retryReceiptsFromDevices > 0, 15_000);
    for (let i = 0; i < N; i++) await emulator.contact(bad).sendText(account, `broken ${i}`);
    await firstRetry;
    // Sends while the failures are handled: each must leave and be acknowledged by WhatsApp.
    const id = (i: number) => `3EB0DEAD${String(i).padStart(14, '0')}`;
    const sends = [0, 1, 2].map((i) => conn.messages.send(good.pnJid, { type: 'text', text: `out ${i}` }, { messageId: id(i) }));
    await within(Promise.all(sends), 20_000, 'three sends during decryption failures');
    const got = await within(emulator.contact(good).waitForMessage((m) => m.id === id(2), 20_000), 20_000, 'the last send');
    expect(got.message.conversation ?? got.message.extendedTextMessage?.text).toBe('out 2');
    // And the socket still receives: every broken message after its resend, and a new one.
    await emulator.contact(good).sendText(account, 'still receiving');
    await waitStored(before + N + 1, 60_000, 'the broken messages after their resends and a new message');
    const texts = stored.slice(before).map((m) => m.text);
    expect(texts.filter((t) => t?.startsWith('broken ')).sort()).toEqual(Array.from({ length: N }, (_, i) => `broken ${i}`).sort());
    expect(texts.filter((t) => t === 'still receiving')).toHaveLength(1);
  }, 90_000);

  it('liveness: nothing is left waiting once everything was handled and acknowledged; a keep-alive is answered', async () => {
    const { account, conn, stored, waitStored } = await linked();
    const contact = emulator.addContact({ name: 'Lively' });
    const before = stored.length;
    for (let i = 0; i < 5; i++) await emulator.contact(contact).sendText(account, `in ${i}`);
    await conn.messages.send(contact.pnJid, { type: 'text', text: 'out' }, { messageId: '3EB0A11CE0000000000001' });
    await waitStored(before + 5, 15_000, 'five messages');
    const settled = async () => {
      for (let i = 0; i < 100; i++) {
        const l = conn.liveness();
        if (!l.inbound.count && !l.sends.count && !l.keepAlive.count) return l;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`still waiting: ${JSON.stringify(conn.liveness())}`);
    };
    expect(await settled()).toMatchObject({ inbound: { count: 0 }, sends: { count: 0 }, keepAlive: { count: 0 } });
    const receivedBefore = conn.liveness().lastReceivedAt;
    conn.ping();
    expect(conn.liveness().keepAlive.count).toBe(1);
    const after = await settled();
    expect(after.lastReceivedAt).toBeGreaterThanOrEqual(receivedBefore);
  }, 60_000);
});
