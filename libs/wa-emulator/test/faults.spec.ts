import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBaileys, waitOpen, WaEmulator } from '../src';
import { linkedClient } from './helpers';

describe('phone actions and connection faults', () => {
  let emulator: WaEmulator;

  beforeAll(async () => {
    emulator = await WaEmulator.start();
    emulator.trustInThisProcess();
  });

  afterAll(() => emulator.stop());

  it('unlinking the device from the phone closes the client with 401, and it cannot log in again', async () => {
    const account = emulator.addAccount();
    const client = await linkedClient(emulator, account);
    emulator.phone(account).unlink();
    expect(await client.closed).toBe(401);
    const again = connectBaileys(emulator, client.auth);
    expect(await again.closed).toBe(401);
  });

  it.each([440, 503, 500])('kicks a connection with stream error %i', async (code) => {
    const account = emulator.addAccount();
    const client = await linkedClient(emulator, account);
    expect(emulator.phone(account).kick(code)).toBe(1);
    expect(await client.closed).toBe(code);
  });

  it('a second login with the same creds replaces the first (440)', async () => {
    const account = emulator.addAccount();
    const first = await linkedClient(emulator, account);
    const second = connectBaileys(emulator, first.auth);
    expect(await first.closed).toBe(440);
    await waitOpen(second);
    second.end();
  });

  it('drops silently (428), refuses for a while, then lets the client back in with queued messages', async () => {
    const account = emulator.addAccount();
    const contact = emulator.addContact();
    const client = await linkedClient(emulator, account);
    emulator.phone(account).drop();
    expect(await client.closed).toBe(428);

    emulator.refuseConnections(60_000);
    const refused = connectBaileys(emulator, client.auth);
    expect(await refused.closed).toBe(428);
    emulator.refuseConnections(0);

    // Sent while offline: flushed after the next login.
    const sent = await emulator.contact(contact).sendText(account, 'while you were away');
    const back = connectBaileys(emulator, client.auth);
    const upsert = await back.next('messages.upsert', (u) => u.messages.some((m) => m.key.id === sent.id));
    expect(upsert.messages.find((m) => m.key.id === sent.id)?.message?.conversation).toBe('while you were away');
    await emulator.waitForDelivered(sent.id);
    back.end();
  });

  it('freeze: the connection stays open but nothing passes either way, a new login is dropped; after unfreeze what was kept arrives', async () => {
    const account = emulator.addAccount();
    const contact = emulator.addContact();
    const client = await linkedClient(emulator, account);
    // Devices and session known beforehand: the frozen send needs no query (it would never be answered).
    const warm = await client.sock.sendMessage(contact.pnJid, { text: 'before' });
    expect(warm?.message?.extendedTextMessage?.text ?? warm?.message?.conversation).toBe('before');
    await emulator.contact(contact).waitForMessage((m) => m.id === warm!.key.id);
    expect(emulator.phone(account).freeze()).toBe(1);
    // What the client sends is lost in the black hole (its queries are never answered either)...
    void client.sock.sendMessage(contact.pnJid, { text: 'into the void' }).catch(() => undefined);
    // ...and the contact's message is kept for the next login.
    const kept = await emulator.contact(contact).sendText(account, 'kept for later');
    await new Promise((r) => setTimeout(r, 500));
    expect(emulator.contact(contact).inbox.map((m) => m.id)).toEqual([warm!.key.id]);
    expect(emulator.phone(account).isConnected()).toBe(true);
    client.end();
    await client.closed;
    const refused = connectBaileys(emulator, client.auth);
    expect(await refused.closed).toBe(428);

    emulator.phone(account).unfreeze();
    const back = connectBaileys(emulator, client.auth);
    const upsert = await back.next('messages.upsert', (u) => u.messages.some((m) => m.key.id === kept.id));
    expect(upsert.messages.find((m) => m.key.id === kept.id)?.message?.conversation).toBe('kept for later');
    back.end();
  });

  it('divergeSession: the next message of the contact cannot be decrypted; the retry receipt brings it again with a fresh session', async () => {
    const account = emulator.addAccount();
    const contact = emulator.addContact();
    const client = await linkedClient(emulator, account);
    const first = await emulator.contact(contact).sendText(account, 'before');
    await emulator.waitForDelivered(first.id);
    emulator.resetCounters();
    expect(await emulator.contact(contact).divergeSession(account)).toBe(1);
    const errors: string[] = [];
    emulator.world.on('device-retry', (_a, _d, id) => errors.push(id));
    const sent = await emulator.contact(contact).sendText(account, 'after');
    const upsert = await client.next('messages.upsert', (u) => u.messages.some((m) => m.key.id === sent.id && !!m.message?.conversation));
    expect(upsert.messages.find((m) => m.key.id === sent.id)?.message?.conversation).toBe('after');
    expect(errors).toEqual([sent.id]);
    expect(emulator.stats()).toMatchObject({ retryReceiptsFromDevices: 1, contactResends: 1 });
    client.end();
  });
});
