import {
  Curve,
  extractE2ESessionFromRetryReceipt,
  generateSignalPubKey,
  getBinaryNodeChild,
  proto,
  unpadRandomMax16,
  writeRandomPadMax16,
  type CacheStore,
  type WAMessage,
} from '@whiskeysockets/baileys';
import { ProtocolAddress, SessionBuilder, SessionCipher, type SessionRecord, type SignalStorage } from 'libsignal';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contactRetryReceipt } from '../src/server/retry';
import { deviceAddress } from '../src/server/delivery';
import {
  cloneMemoryAuthState,
  connectBaileys,
  makeMemoryAuthState,
  waitOpen,
  WaEmulator,
  type Account,
  type Contact,
  type TestClient,
  type TestClientOptions,
} from '../src';

const textOf = (m: { message?: proto.IMessage | null }) => m.message?.conversation ?? m.message?.extendedTextMessage?.text;
let idSeq = 0;
const newId = () => `3EB0STRICT${Date.now().toString(16).toUpperCase()}${++idSeq}`;

describe('strict contacts: retry receipts and NACKs', () => {
  let emulator: WaEmulator;
  const clients: TestClient[] = [];

  /** A Baileys client linked to a new account (no QR round trip), logged in. */
  async function linked(opts?: TestClientOptions): Promise<{ account: Account; client: TestClient }> {
    const account = emulator.addAccount();
    const auth = makeMemoryAuthState();
    emulator.phone(account).linkCreds(auth.creds);
    const client = connectBaileys(emulator, auth, opts);
    clients.push(client);
    await waitOpen(client);
    return { account, client };
  }

  /** Resolves when the client acknowledged a receipt (Baileys acks a retry receipt after any re-send). */
  const receiptAcked = (id: string) =>
    new Promise<void>((resolve) => {
      const on = (_acc: unknown, cls: string, ackId: string) => {
        if (cls !== 'receipt' || ackId !== id) return;
        emulator.world.off('device-ack', on);
        resolve();
      };
      emulator.world.on('device-ack', on);
    });

  const inboxCount = (c: Contact, id: string) => emulator.contact(c).inbox.filter((m) => m.id === id).length;

  beforeAll(async () => {
    emulator = await WaEmulator.start();
    emulator.trustInThisProcess();
  });

  beforeEach(() => emulator.resetCounters());

  afterAll(async () => {
    for (const c of clients) c.end();
    await emulator.stop();
  });

  it('(a) normal traffic both ways needs no retry receipt and no NACK', async () => {
    const { account, client } = await linked();
    const carol = emulator.addContact({ name: 'Carol' });
    for (const text of ['one', 'two', 'three']) {
      const sent = await client.sock.sendMessage(carol.pnJid, { text });
      const got = await emulator.contact(carol).waitForMessage((m) => m.id === sent!.key.id);
      expect(got.encType).toBe('pkmsg'); // the contact never answered yet: the session is still pending
    }
    const upsert = client.next('messages.upsert', (u) => u.messages.some((m) => textOf(m) === 'reply'));
    const reply = await emulator.contact(carol).sendText(account, 'reply');
    await upsert;
    await emulator.waitForDelivered(reply.id);
    const after = await client.sock.sendMessage(carol.pnJid, { text: 'after the reply' });
    const got = await emulator.contact(carol).waitForMessage((m) => m.id === after!.key.id);
    expect(got.encType).toBe('msg');

    const s = emulator.stats();
    expect(s).toMatchObject({ retryReceipts: 0, nacks: 0, retryReceiptsFromDevices: 0, contactResends: 0 });
    expect(s.retriedIds).toEqual([]);
    expect(s.nackedIds).toEqual([]);
    expect(emulator.contact(carol).counters).toEqual({ retryReceiptsSent: 0, nacksSent: 0, retryReceiptsReceived: 0, resendsSent: 0 });
    expect(emulator.contact(carol).inbox.map(textOf)).toEqual(['one', 'two', 'three', 'after the reply']);
  });

  it('(b) after forgetSession the message gets a retry receipt, Baileys re-sends it via getMessage, the contact has it once', async () => {
    const { account, client } = await linked();
    const carol = emulator.addContact({ name: 'Carol' });
    const first = await client.sock.sendMessage(carol.pnJid, { text: 'before' });
    await emulator.contact(carol).waitForMessage((m) => m.id === first!.key.id);
    expect(emulator.contact(carol).forgetSession(account)).toBe(1);

    const id = newId();
    const acked = receiptAcked(id);
    const delivered = client.next('messages.update', (u) => u.some((x) => x.key.id === id && x.update.status === 3));
    await client.sock.sendMessage(carol.pnJid, { text: 'after forget' }, { messageId: id });
    const got = await emulator.contact(carol).waitForMessage((m) => m.id === id);
    expect(textOf(got)).toBe('after forget');
    expect(got.encType).toBe('pkmsg'); // re-encrypted with a fresh session
    await delivered; // the sender sees the re-sent copy delivered
    await acked; // Baileys is done with the retry receipt: any further copy would be in already

    expect(inboxCount(carol, id)).toBe(1);
    const s = emulator.stats();
    expect(s).toMatchObject({ retryReceipts: 1, nacks: 0, retriedIds: [id], nackedIds: [] });
    expect(emulator.contact(carol).counters).toMatchObject({ retryReceiptsSent: 1, nacksSent: 0 });

    // The new session keeps working without further retries.
    const next = await client.sock.sendMessage(carol.pnJid, { text: 'and later' });
    await emulator.contact(carol).waitForMessage((m) => m.id === next!.key.id);
    expect(emulator.stats().retryReceipts).toBe(1);
  });

  it('(b2) a sender whose getMessage finds nothing never re-sends: the retry shows, the message never arrives', async () => {
    // Baileys' own recent-message cache off: only getMessage could answer the retry.
    const { account, client } = await linked({ getMessage: async () => undefined, config: { enableRecentMessageCache: false } });
    const carol = emulator.addContact({ name: 'Carol' });
    const first = await client.sock.sendMessage(carol.pnJid, { text: 'before' });
    await emulator.contact(carol).waitForMessage((m) => m.id === first!.key.id);
    emulator.contact(carol).forgetSession(account);

    const id = newId();
    const acked = receiptAcked(id);
    await client.sock.sendMessage(carol.pnJid, { text: 'lost' }, { messageId: id });
    await acked;
    expect(emulator.stats()).toMatchObject({ retryReceipts: 1, retriedIds: [id] });
    expect(inboxCount(carol, id)).toBe(0);
  });

  it('(b3) the retry is answered from Baileys\' recent-send cache although the receipt names the LID (our patch)', async () => {
    // The cache is keyed by the phone-number JID the message went to; the receipt comes from the LID.
    const { account, client } = await linked({ getMessage: async () => undefined });
    const carol = emulator.addContact({ name: 'Carol' });
    const first = await client.sock.sendMessage(carol.pnJid, { text: 'before' });
    await emulator.contact(carol).waitForMessage((m) => m.id === first!.key.id);
    emulator.contact(carol).forgetSession(account);
    const id = newId();
    await client.sock.sendMessage(carol.pnJid, { text: 'found by id' }, { messageId: id });
    await emulator.contact(carol).waitForMessage((m) => m.id === id);
    expect(emulator.stats()).toMatchObject({ retryReceipts: 1, retriedIds: [id] });
    expect(inboxCount(carol, id)).toBe(1);
  });

  it('(c) a sender restored to old ratchet state re-uses a message key: NACK 487, the message is lost', async () => {
    const account = emulator.addAccount();
    const erin = emulator.addContact({ name: 'Erin' });
    const auth = makeMemoryAuthState();
    emulator.phone(account).linkCreds(auth.creds);
    // A user-devices cache that outlives the socket (as an app may keep one across reconnects).
    // Without it, Baileys' first send to a user after a new socket starts misses the cache, re-fetches
    // the devices and force-refreshes the session, so the restored stale session would not be used.
    const devices = new Map<string, unknown>();
    const userDevicesCache: CacheStore = {
      get: <T>(k: string) => devices.get(k) as T | undefined,
      set: (k, v) => void devices.set(k, v),
      del: (k) => devices.delete(k),
      flushAll: () => devices.clear(),
    };
    const a = connectBaileys(emulator, auth, { config: { userDevicesCache } });
    clients.push(a);
    await waitOpen(a);
    const one = await a.sock.sendMessage(erin.pnJid, { text: 'one' });
    await emulator.contact(erin).waitForMessage((m) => m.id === one!.key.id);
    const saved = cloneMemoryAuthState(auth); // creds + keys after one message
    const two = await a.sock.sendMessage(erin.pnJid, { text: 'two' });
    await emulator.contact(erin).waitForMessage((m) => m.id === two!.key.id);
    a.end();
    await a.closed;

    const b = connectBaileys(emulator, saved, { config: { userDevicesCache } });
    clients.push(b);
    await waitOpen(b);
    const nacked = emulator.waitForStats((s) => s.nacks >= 1);
    const three = await b.sock.sendMessage(erin.pnJid, { text: 'three' });
    const s = await nacked;
    expect(s).toMatchObject({ nacks: 1, nackedIds: [three!.key.id], retryReceipts: 0, retriedIds: [] });
    expect(emulator.contact(erin).counters).toMatchObject({ nacksSent: 1, retryReceiptsSent: 0 });
    // The next message (a counter the contact has not seen) decrypts: only 'three' is lost, silently.
    const four = await b.sock.sendMessage(erin.pnJid, { text: 'four' });
    await emulator.contact(erin).waitForMessage((m) => m.id === four!.key.id);
    expect(inboxCount(erin, three!.key.id!)).toBe(0);
    expect(emulator.contact(erin).inbox.map(textOf)).toEqual(['one', 'two', 'four']);
    expect(emulator.stats()).toMatchObject({ nacks: 1, retryReceipts: 0 });
  });

  it('(d) a contact message the device cannot decrypt: Baileys sends a retry receipt, the contact re-sends, Baileys emits it once', async () => {
    const { account, client } = await linked();
    const dave = emulator.addContact({ name: 'Dave' });
    const upserts: WAMessage[] = [];
    client.sock.ev.on('messages.upsert', (u) => upserts.push(...u.messages));
    const first = await emulator.contact(dave).sendText(account, 'first from dave');
    await emulator.waitForDelivered(first.id);

    // The client loses its Signal session with Dave.
    const sessions = client.auth.store.get('session')!;
    const daveSessions = [...sessions.keys()].filter((k) => k.startsWith(`${dave.lid}_1.`) || k.startsWith(`${dave.phone}.`));
    expect(daveSessions.length).toBeGreaterThan(0);
    for (const k of daveSessions) sessions.delete(k);

    const second = await emulator.contact(dave).sendText(account, 'second from dave');
    await emulator.waitForDelivered(second.id);
    const s = emulator.stats();
    expect(s).toMatchObject({ retryReceiptsFromDevices: 1, deviceRetriedIds: [second.id], contactResends: 1, retryReceipts: 0, nacks: 0 });
    expect(emulator.contact(dave).counters).toEqual({ retryReceiptsSent: 0, nacksSent: 0, retryReceiptsReceived: 1, resendsSent: 1 });
    expect(upserts.filter((m) => m.key.id === second.id && textOf(m) === 'second from dave')).toHaveLength(1);
    expect(upserts.filter((m) => textOf(m) === 'first from dave')).toHaveLength(1);

    // Both sides go on with the new session.
    const third = await emulator.contact(dave).sendText(account, 'third from dave');
    await emulator.waitForDelivered(third.id);
    expect(emulator.stats().retryReceiptsFromDevices).toBe(1);
  });

  it('(d2) when the re-sent copy fails too, Baileys retries with keys (count 2) and the contact builds its session from them', async () => {
    const { account, client } = await linked();
    const gus = emulator.addContact({ name: 'Gus' });
    const upserts: WAMessage[] = [];
    client.sock.ev.on('messages.upsert', (u) => upserts.push(...u.messages));
    const first = await emulator.contact(gus).sendText(account, 'first from gus');
    await emulator.waitForDelivered(first.id);
    const sessions = client.auth.store.get('session')!;
    for (const k of [...sessions.keys()]) if (k.startsWith(`${gus.lid}_1.`) || k.startsWith(`${gus.phone}.`)) sessions.delete(k);
    // The server hands out one-time prekeys that do not match the device's private keys: a session
    // built from a fetched bundle fails (bad MAC), only the keys inside the retry receipt work.
    const device = [...account.devices.values()][0];
    for (const id of device.preKeys.keys()) device.preKeys.set(id, Buffer.from(Curve.generateKeyPair().public));

    const second = await emulator.contact(gus).sendText(account, 'second from gus');
    await emulator.waitForDelivered(second.id);
    expect(emulator.stats()).toMatchObject({ retryReceiptsFromDevices: 2, deviceRetriedIds: [second.id, second.id], contactResends: 2 });
    expect(emulator.contact(gus).counters).toMatchObject({ retryReceiptsReceived: 2, resendsSent: 2 });
    expect(upserts.filter((m) => m.key.id === second.id && textOf(m) === 'second from gus')).toHaveLength(1);
  });

  it('(e) from the second retry on, the retry receipt carries keys Baileys accepts and that reach the contact', async () => {
    const account = emulator.addAccount();
    const fay = emulator.addContact({ name: 'Fay' });
    const receipt = contactRetryReceipt(fay, 'X1', '1700000000', 2);
    expect(receipt.attrs).toMatchObject({ from: fay.lidJid, id: 'X1', type: 'retry' });
    expect(getBinaryNodeChild(receipt, 'retry')?.attrs).toMatchObject({ count: '2', id: 'X1', t: '1700000000', v: '1' });
    expect(getBinaryNodeChild(contactRetryReceipt(fay, 'X1', '1', 1), 'keys')).toBeUndefined();

    const bundle = extractE2ESessionFromRetryReceipt(receipt);
    expect(bundle?.registrationId).toBe(fay.signal.registrationId);

    // A sender builds a session from exactly those keys; the contact decrypts what it encrypts.
    const identity = Curve.generateKeyPair();
    const sessions = new Map<string, SessionRecord>();
    const storage = {
      loadSession: async (id: string) => sessions.get(id),
      storeSession: async (id: string, r: SessionRecord) => void sessions.set(id, r),
      isTrustedIdentity: () => true,
      getOurRegistrationId: () => 4242,
      getOurIdentity: () => ({ privKey: Buffer.from(identity.private), pubKey: generateSignalPubKey(identity.public) as Buffer }),
    } as unknown as SignalStorage;
    const toFay = new ProtocolAddress(`${fay.lid}_1`, 0);
    await new SessionBuilder(storage, toFay).initOutgoing(bundle as never);
    const plain = writeRandomPadMax16(proto.Message.encode({ conversation: 'via retry keys' }).finish());
    const { type, body } = await new SessionCipher(storage, toFay).encrypt(Buffer.from(plain));
    expect(type).toBe(3); // pkmsg
    // The contact sees it as coming from device 1 of the account (its address for that device).
    const out = await fay.signal.decrypt(deviceAddress(account, 1), 'pkmsg', Buffer.from(body, 'binary'));
    expect(proto.Message.decode(unpadRandomMax16(out)).conversation).toBe('via retry keys');
  });
});
