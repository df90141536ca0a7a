import type { BinaryNode } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaEmulator, type Account, type Contact, type TestClient } from '../src';
import { linkedClient } from './helpers';

describe('presence, chat states and read receipts through the emulator', () => {
  let emulator: WaEmulator;
  let account: Account;
  let carol: Contact;
  let dave: Contact;
  let client: TestClient;
  const refused: string[] = [];

  beforeAll(async () => {
    emulator = await WaEmulator.start();
    emulator.trustInThisProcess();
    account = emulator.addAccount({ name: 'Gateway' });
    carol = emulator.addContact({ name: 'Carol' });
    dave = emulator.addContact({ name: 'Dave' });
    emulator.world.on('presence-refused', (_a: unknown, tag: string, why: string) => refused.push(`${tag}: ${why}`));
    client = await linkedClient(emulator, account);
  });

  afterAll(async () => {
    client.end();
    await emulator.stop();
  });

  it('the device sets its own presence (Baileys sends unavailable at login)', async () => {
    await emulator.presence.waitForAccount(account, 'unavailable');
    await client.sock.sendPresenceUpdate('available');
    const p = await emulator.presence.waitForAccount(account, 'available');
    expect(p.name).toBe('Gateway');
    await client.sock.sendPresenceUpdate('unavailable');
    const off = await emulator.presence.waitForAccount(account, 'unavailable');
    expect(off.lastSeen).toBeGreaterThan(0);
  });

  it('a presence without a name is refused', async () => {
    const before = refused.length;
    await client.sock.sendNode({ tag: 'presence', attrs: { type: 'available' } });
    await expect.poll(() => refused.length).toBeGreaterThan(before);
    expect(refused.at(-1)).toMatch(/without a name/);
    expect(emulator.presence.of(account)?.state).toBe('unavailable');
  });

  it('subscribing answers the current presence (last seen), then pushes changes and typing', async () => {
    const first = client.next('presence.update', (u) => u.id === carol.pnJid);
    await client.sock.presenceSubscribe(carol.pnJid);
    const now = await first;
    expect(now.presences[carol.pnJid].lastKnownPresence).toBe('unavailable');
    expect(now.presences[carol.pnJid].lastSeen).toBeGreaterThan(0);
    expect(emulator.presence.subscribers(carol, account)).toBe(1);

    const online = client.next('presence.update', (u) => u.presences[carol.pnJid]?.lastKnownPresence === 'available');
    expect(emulator.presence.setContact(carol, 'available')).toBe(1);
    await online;
    const typing = client.next('presence.update', (u) => u.presences[carol.pnJid]?.lastKnownPresence === 'composing');
    expect(emulator.presence.typing(carol, account, 'composing')).toBe(1);
    await typing;
    const recording = client.next('presence.update', (u) => u.presences[carol.pnJid]?.lastKnownPresence === 'recording');
    emulator.presence.typing(carol, account, 'recording');
    await recording;

    const hidden = client.next('presence.update', (u) => u.presences[carol.pnJid]?.lastKnownPresence === 'unavailable');
    emulator.presence.setContact(carol, 'unavailable', { hideLastSeen: true });
    expect((await hidden).presences[carol.pnJid].lastSeen).toBeUndefined();
  });

  it('without a subscription nothing is pushed; a new connection starts without subscriptions', async () => {
    expect(emulator.presence.typing(dave, account, 'composing')).toBe(0);
    expect(emulator.presence.setContact(dave, 'available')).toBe(0);
  });

  it("the device's chat states reach the contact, recording as composing with media=audio", async () => {
    await client.sock.sendPresenceUpdate('composing', carol.pnJid);
    const seen = await emulator.presence.waitForChatState(carol, (s) => s.state === 'composing');
    expect(seen.from).toBe(account.phone);
    await client.sock.sendPresenceUpdate('recording', carol.pnJid);
    await emulator.presence.waitForChatState(carol, (s) => s.state === 'recording');
    await client.sock.sendPresenceUpdate('paused', carol.pnJid);
    await emulator.presence.waitForChatState(carol, (s) => s.state === 'paused');
  });

  it('a chat state not from the account itself, or with an unknown state, is refused', async () => {
    const before = refused.length;
    const bad: BinaryNode = { tag: 'chatstate', attrs: { from: dave.pnJid, to: carol.pnJid }, content: [{ tag: 'composing', attrs: {} }] };
    await client.sock.sendNode(bad);
    await client.sock.sendNode({ tag: 'chatstate', attrs: { from: client.sock.authState.creds.me!.id, to: carol.pnJid }, content: [{ tag: 'dancing', attrs: {} }] });
    await expect.poll(() => refused.length).toBe(before + 2);
    expect(emulator.presence.chatStates(carol).filter((s) => s.state !== 'composing' && s.state !== 'recording' && s.state !== 'paused')).toEqual([]);
  });

  it('typing in a group reaches its contacts; in a group the account is not in it is refused', async () => {
    const group = emulator.createGroup({ subject: 'Typing', creator: carol, participants: [account, dave] });
    await client.sock.sendPresenceUpdate('composing', group.jid);
    const seen = await emulator.presence.waitForChatState(dave, (s) => s.group === group.jid);
    expect(seen).toMatchObject({ from: account.phone, state: 'composing' });
    const closed = emulator.createGroup({ subject: 'Closed', creator: carol, participants: [dave] });
    const before = refused.length;
    await client.sock.sendPresenceUpdate('composing', closed.jid);
    await expect.poll(() => refused.length).toBe(before + 1);
    expect(refused.at(-1)).toMatch(/not in/);
  });

  it("the device's read receipts reach the contact who sent the messages; receipts naming another sender are refused", async () => {
    const { id } = await emulator.contact(carol).sendText(account, 'read me');
    const upsert = await client.next('messages.upsert', (u) => u.messages.some((m) => m.key.id === id));
    const key = upsert.messages.find((m) => m.key.id === id)!.key;
    await emulator.waitForDelivered(id);
    await client.sock.readMessages([key]);
    const r = await emulator.presence.waitForReadReceipt(carol, id);
    expect(r).toMatchObject({ from: account.phone, type: 'read' });

    const { id: other } = await emulator.contact(dave).sendText(account, 'not read');
    await emulator.waitForDelivered(other);
    const before = refused.length;
    // A receipt for dave's message addressed to carol.
    await client.sock.readMessages([{ remoteJid: carol.lidJid, id: other, fromMe: false }]);
    await expect.poll(() => refused.length).toBe(before + 1);
    expect(emulator.presence.readReceipts(dave)).toEqual([]);
    expect(emulator.presence.readReceipts(carol).map((x) => x.id)).toEqual([id]);
  });
});
