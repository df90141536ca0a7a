import { jidNormalizedUser, type BinaryNode } from '@whiskeysockets/baileys';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaEmulator, type Account, type TestClient } from '../src';
import { collectionVersion, shareAppStateKey } from '../src/server/app-state';
import { jpegSize } from '../src/server/profile';
import { profileOf } from '../src/world/profiles';
import { linkedClient } from './helpers';

/** A device sets its own account's about text and picture; others querying the account see them. */
describe('own profile: about text and picture', () => {
  let emulator: WaEmulator;
  let alice: Account;
  let bob: Account;
  let a: TestClient;
  let b: TestClient;

  beforeAll(async () => {
    emulator = await WaEmulator.start();
    emulator.trustInThisProcess();
    alice = emulator.addAccount({ name: 'Alice' });
    bob = emulator.addAccount({ name: 'Bob' });
    a = await linkedClient(emulator, alice);
    b = await linkedClient(emulator, bob);
  });

  afterAll(async () => {
    a.end();
    b.end();
    await emulator.stop();
  });

  /** The error code of an iq's error answer (Baileys throws it as the Boom's `data`). */
  const iqError = (p: Promise<unknown>) => p.then(() => undefined, (e: { data?: unknown }) => e.data);
  const me = () => jidNormalizedUser(a.sock.user!.id);

  it('sets the about text; another account reads it with usync status', async () => {
    await a.sock.updateProfileStatus('Building things 🛠');
    expect(profileOf(alice).about?.text).toBe('Building things 🛠');
    const [seen] = (await b.sock.fetchStatus(alice.pnJid)) as { id: string; status: { status: string; setAt: Date } }[];
    expect(seen.status.status).toBe('Building things 🛠');
    expect(seen.status.setAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses an about text over 139 characters', async () => {
    expect(await iqError(a.sock.updateProfileStatus('x'.repeat(140)))).toBe(400);
    expect(profileOf(alice).about?.text).toBe('Building things 🛠');
  });

  it('sets the picture (Baileys resizes it to a 640×640 JPEG); others get its URL and the bytes; removing it answers 404 after', async () => {
    const photo = await sharp({ create: { width: 900, height: 700, channels: 3, background: '#3080c0' } }).png().toBuffer();
    await a.sock.updateProfilePicture(me(), photo);
    const stored = profileOf(alice).picture!;
    expect(jpegSize(stored.bytes)).toEqual({ width: 640, height: 640 });

    const url = await b.sock.profilePictureUrl(alice.pnJid, 'image');
    expect(url).toBe(stored.url);
    const served = Buffer.from(await (await fetch(url!)).arrayBuffer());
    expect(served.equals(stored.bytes)).toBe(true);

    await a.sock.removeProfilePicture(me());
    expect(profileOf(alice).picture).toBeUndefined();
    expect(await iqError(b.sock.profilePictureUrl(alice.pnJid, 'image'))).toBe(404);
  });

  it('sets the display name through app-state sync once the phone shared its key; others see the new name', async () => {
    // Without an app-state key a device cannot write its settings.
    await expect(a.sock.updateProfileName('Too Early')).rejects.toThrow(/App state key not present/);
    await shareAppStateKey(alice);
    await a.sock.updateProfileName('Alice Renamed');
    expect(alice.name).toBe('Alice Renamed');
    expect(collectionVersion(alice, 'critical_block')).toBe(1);
    expect(a.sock.authState.creds.me?.name).toBe('Alice Renamed');
    // Bob's device sees the new name on Alice's next message.
    const got = b.next('messages.upsert', (u) => u.messages.some((m) => (m.message?.conversation ?? m.message?.extendedTextMessage?.text) === 'hi bob'));
    await a.sock.sendMessage(bob.pnJid, { text: 'hi bob' });
    expect((await got).messages[0].pushName).toBe('Alice Renamed');
    // A second change builds on the first (the device syncs the collection before writing).
    await a.sock.updateProfileName('Alice');
    expect(alice.name).toBe('Alice');
    expect(collectionVersion(alice, 'critical_block')).toBe(2);
  });

  it('refuses app-state uploads on a stale version (409) or that do not verify (400)', async () => {
    const upload = (version: string, patch: Uint8Array): BinaryNode => ({
      tag: 'iq',
      attrs: { to: 's.whatsapp.net', type: 'set', xmlns: 'w:sync:app:state' },
      content: [{ tag: 'sync', attrs: {}, content: [{ tag: 'collection', attrs: { name: 'critical_block', version, return_snapshot: 'false' }, content: [{ tag: 'patch', attrs: {}, content: patch }] }] }],
    });
    expect(await iqError(a.sock.query(upload('0', Buffer.from('x'))))).toBe(409);
    expect(await iqError(a.sock.query(upload('2', Buffer.from('not a patch'))))).toBe(400);
    expect(alice.name).toBe('Alice');
    expect(collectionVersion(alice, 'critical_block')).toBe(2);
  });

  it('refuses a picture that is no JPEG or larger than 640×640 (clients resize first)', async () => {
    const upload = (content: Buffer): BinaryNode => ({
      tag: 'iq',
      attrs: { to: 's.whatsapp.net', type: 'set', xmlns: 'w:profile:picture' },
      content: [{ tag: 'picture', attrs: { type: 'image' }, content }],
    });
    const png = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#000' } }).png().toBuffer();
    const big = await sharp({ create: { width: 1000, height: 1000, channels: 3, background: '#000' } }).jpeg().toBuffer();
    expect(await iqError(a.sock.query(upload(png)))).toBe(400);
    expect(await iqError(a.sock.query(upload(big)))).toBe(400);
    expect(profileOf(alice).picture).toBeUndefined();
    const ok = await sharp({ create: { width: 640, height: 640, channels: 3, background: '#000' } }).jpeg().toBuffer();
    await a.sock.query(upload(ok));
    expect(profileOf(alice).picture?.bytes.equals(ok)).toBe(true);
  });
});
