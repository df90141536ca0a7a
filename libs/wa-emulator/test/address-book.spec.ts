import { decodePatches, jidNormalizedUser, proto, type BinaryNode, type Contact as BaileysContact, type LTHashState } from '@whiskeysockets/baileys';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBaileys, makeMemoryAuthState, waitOpen, WaEmulator, type Account, type Contact, type TestClient } from '../src';
import { ADDRESS_BOOK_COLLECTION, addressBookOf } from '../src/server/address-book';
import { collectionVersion } from '../src/server/app-state';

/**
 * The phone's address book reaches linked devices through app-state sync, as WhatsApp's contact
 * sync does: `contact` mutations in `critical_unblock_low`, MAC'd with the key the phone shared, a
 * `server_sync` notification telling the devices to read them. The devices here verify every MAC
 * (`appStateMacVerification`) and any warning Baileys logs about the patches fails the test.
 */
describe('address book (contact sync)', () => {
  let emulator: WaEmulator;
  let alice: Account;
  let ana: Contact;
  let ben: Contact;
  let auth: ReturnType<typeof makeMemoryAuthState>;
  let a: TestClient;
  const warnings: string[] = [];
  /** What Baileys warned about, but its standing warning that history sync is off (the test settings). */
  const syncWarnings = () => warnings.filter((w) => !w.includes('shouldSyncHistoryMsg'));
  const warnLogger = () => pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });

  const connect = async () => {
    const client = connectBaileys(emulator, auth, {
      config: {
        appStateMacVerification: { patch: true, snapshot: true },
        logger: warnLogger(),
      },
    });
    await waitOpen(client);
    return client;
  };
  /** The upsert naming `jid`, from now on. */
  const upsertOf = (client: TestClient, jid: string) =>
    client.next('contacts.upsert', (list) => list.some((c) => c.id === jid)).then((list) => list.find((c) => c.id === jid)!);

  beforeAll(async () => {
    emulator = await WaEmulator.start();
    emulator.trustInThisProcess();
    alice = emulator.addAccount({ name: 'Alice' });
    ana = emulator.addContact({ name: 'Ana' });
    ben = emulator.addContact({ name: 'Ben' });
    auth = makeMemoryAuthState();
    emulator.phone(alice).linkCreds(auth.creds);
    a = await connect();
  });

  afterAll(async () => {
    a.end();
    await emulator.stop();
  });

  it('syncs a saved contact to the linked device: name, LID and the pair, MACs verified', async () => {
    const upsert = upsertOf(a, ana.pnJid);
    const pair = a.next('lid-mapping.update', (m) => m.lid === ana.lidJid);
    // The phone shares its app-state key first (it had none), then writes the entry.
    expect(await emulator.phone(alice).saveContact(ana, { fullName: 'Ana Lima', firstName: 'Ana' })).toBe(1);
    expect(await upsert).toMatchObject<Partial<BaileysContact>>({ id: ana.pnJid, name: 'Ana Lima', lid: ana.lidJid, phoneNumber: ana.pnJid });
    expect(await pair).toEqual({ lid: ana.lidJid, pn: ana.pnJid });
    expect(jidNormalizedUser((await a.sock.signalRepository.lidMapping.getPNForLID(ana.lidJid)) ?? '')).toBe(ana.pnJid);
    expect(addressBookOf(alice).get(ana.pnJid)).toMatchObject({ fullName: 'Ana Lima', lidJid: ana.lidJid });
    // The device's copy of the collection is the server's, hash included (the snapshot MAC held).
    const { [ADDRESS_BOOK_COLLECTION]: state } = await a.auth.keys.get('app-state-sync-version', [ADDRESS_BOOK_COLLECTION]);
    expect(state?.version).toBe(1);
    expect(syncWarnings()).toEqual([]);
  });

  it('renames and adds entries: each a new version the device reads on', async () => {
    const renamed = upsertOf(a, ana.pnJid);
    const added = upsertOf(a, ben.pnJid);
    expect(await emulator.phone(alice).saveContacts([
      { party: ana, name: { fullName: 'Ana L.' } },
      { party: ben, name: { fullName: 'Ben the Baker', firstName: 'Ben' } },
    ])).toBe(3);
    expect((await renamed).name).toBe('Ana L.');
    expect((await added).name).toBe('Ben the Baker');
    expect(collectionVersion(alice, ADDRESS_BOOK_COLLECTION)).toBe(3);
    expect(syncWarnings()).toEqual([]);
  });

  it('a device offline gets the notification at its next login and syncs then', async () => {
    a.end();
    await emulator.world.waitFor(['connection'], () => (alice.connectedDevices().length ? undefined : true));
    const carl = emulator.addContact({ name: 'Carl' });
    expect(await emulator.phone(alice).saveContact(carl, { fullName: 'Carl Offline' })).toBe(4);
    a = connectBaileys(emulator, auth, {
      config: { appStateMacVerification: { patch: true, snapshot: true }, logger: warnLogger() },
    });
    const upsert = upsertOf(a, carl.pnJid);
    await waitOpen(a);
    expect(await upsert).toMatchObject({ name: 'Carl Offline', lid: carl.lidJid });
    expect(syncWarnings()).toEqual([]);
  });

  it('serves patches that verify strictly: every MAC and the LTHash of each version', async () => {
    const iq: BinaryNode = {
      tag: 'iq',
      attrs: { to: 's.whatsapp.net', type: 'set', xmlns: 'w:sync:app:state' },
      content: [{ tag: 'sync', attrs: {}, content: [{ tag: 'collection', attrs: { name: ADDRESS_BOOK_COLLECTION, version: '0', return_snapshot: 'false' } }] }],
    };
    const answer = await a.sock.query(iq);
    const collection = (answer.content as BinaryNode[])[0].content as BinaryNode[];
    const patches = ((collection[0].content as BinaryNode[])[0].content as BinaryNode[]).map((p) => proto.SyncdPatch.decode(p.content as Uint8Array));
    expect(patches.map((p) => Number(p.version?.version))).toEqual([1, 2, 3, 4]);
    let broken = false;
    const strict = { warn: () => void (broken = true), error: () => void (broken = true), info() {}, debug() {}, trace() {}, child: () => strict };
    const keys = async (id: string) => (await a.auth.keys.get('app-state-sync-key', [id]))[id];
    const initial: LTHashState = { version: 0, hash: Buffer.alloc(128), indexValueMap: {} };
    const decoded = await decodePatches(ADDRESS_BOOK_COLLECTION, patches, initial, keys, {}, undefined, strict as never, true);
    expect(broken).toBe(false);
    expect(decoded.state.version).toBe(4);
    const names = Object.values(decoded.mutationMap).map((m) => m.syncAction.value?.contactAction?.fullName);
    expect(names.sort()).toEqual(['Ana L.', 'Ben the Baker', 'Carl Offline']);
  });
});
