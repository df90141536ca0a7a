import { EventEmitter } from 'node:events';
import { Curve, type BinaryNode, type proto } from '@whiskeysockets/baileys';
import { Group } from './group';
import { SenderKeys } from './sender-keys';
import { SignalParty, type KeyBundle } from './signal-party';
import type { SignedPreKey } from '../types';

/** What the emulator needs to answer for one companion device (a linked Baileys client). */
export interface LinkedDevice {
  id: number;
  keyIndex: number;
  noiseKey: Buffer;
  identityKey: Buffer;
  registrationId: number;
  signedPreKey: SignedPreKey;
  preKeys: Map<number, Buffer>;
  platform: string;
  /** Stanzas queued while the device is offline, flushed after its next login. */
  offline: BinaryNode[];
  /** Messages sent to the live connection and not yet answered with a receipt or ack, by id. */
  unreceipted: Map<string, BinaryNode>;
  conn?: DeviceLink;
  /**
   * TESTING (PhoneApi.freeze): the device's connection stays open but nothing passes either way
   * (what the server would send is kept for its next connection), and it cannot log in again.
   */
  frozen?: boolean;
}

/**
 * Sends a message (or notification) stanza to a device's live connection, or queues it for its next login. Like
 * WhatsApp, the server keeps a sent message until the device answers with a receipt (or an ack):
 * if the connection closes first, the message is delivered again at the next login.
 */
export function deliver(device: LinkedDevice, node: BinaryNode): void {
  if (!device.conn) {
    device.offline.push({ ...node, attrs: { ...node.attrs, offline: '1' } });
    return;
  }
  device.conn.sendNode(node);
  // Messages wait for a receipt (or ack), group notifications for an ack; relayed receipts (e.g.
  // retry receipts) are fire-and-forget.
  if (node.tag === 'message' || node.tag === 'notification') device.unreceipted.set(node.attrs.id, node);
}

/** The connection of `device` closed: what it did not acknowledge goes back to the offline queue. */
export function requeueUnreceipted(device: LinkedDevice): void {
  const back = [...device.unreceipted.values()].map((n) => ({ ...n, attrs: { ...n.attrs, offline: '1' } }));
  device.unreceipted.clear();
  device.offline.unshift(...back);
}

/** The slice of a live connection the world needs (keeps world free of transport details). */
export interface DeviceLink {
  sendNode(node: BinaryNode): void;
  kick(code: number, reason?: string): void;
  drop(): void;
  readonly id: number;
}

let numberSeq = 0;
const nextNumber = (base: number) => String(base + ++numberSeq);

/** A phone account: the phone itself is emulated, its companion devices are the clients under test. */
export class Account {
  /** The phone's account signature key (signs each linked device's ADV identity). */
  readonly identity = Curve.generateKeyPair();
  readonly devices = new Map<number, LinkedDevice>();
  nextDeviceId = 1;
  /** Privacy "who can add me to groups": nobody (adds answer 403 with an invite to send instead). */
  refusesGroupAdds = false;
  constructor(
    readonly phone: string,
    readonly lid: string,
    public name: string,
  ) {}
  get pnJid(): string {
    return `${this.phone}@s.whatsapp.net`;
  }
  get lidJid(): string {
    return `${this.lid}@lid`;
  }
  /** A bundle for one companion device from the keys it uploaded; consumes one prekey. */
  bundleFor(deviceId: number): KeyBundle | undefined {
    const d = this.devices.get(deviceId);
    if (!d) return undefined;
    const first = d.preKeys.entries().next();
    let preKey: KeyBundle['preKey'];
    if (!first.done) {
      const [keyId, publicKey] = first.value;
      d.preKeys.delete(keyId);
      preKey = { keyId, publicKey };
    }
    return { registrationId: d.registrationId, identityKey: d.identityKey, signedPreKey: d.signedPreKey, preKey };
  }
  connectedDevices(): LinkedDevice[] {
    return [...this.devices.values()].filter((d) => d.conn);
  }
}

/** A message an emulated contact received from a client (or, in a group, another contact), decrypted. */
export interface ReceivedMessage {
  id: string;
  /** Sender phone digits (an account, or in a group also a contact), and which of its devices sent it. */
  from: string;
  fromDevice: number;
  to: string;
  /** The chat jid as the sender addressed it (PN or LID; the group jid for group messages): receipts go back from it. */
  chatJid: string;
  /** Group messages: the group jid, and the sender as a group participant (`<lid>:<device>@lid`, or `<lid>@lid` for device 0). */
  group?: string;
  sender?: string;
  /** `pkmsg` / `msg` for 1:1 messages, `skmsg` for group messages (or `pkmsg`/`msg` for a group re-send after a retry). */
  encType: string;
  message: proto.IMessage;
  /** Decrypted media bytes when the message carried media the contact could download. */
  media?: Buffer;
  t: number;
  /** Edits the author made to this message that the contact applied, oldest first (server/edits.ts). */
  edits?: { id: string; text: string; t: number; timestampMs: number }[];
}

/** A message a contact sent, kept so that it can re-send it when a device asks with a retry receipt. */
export interface SentByContact {
  /** Phone digits of the account it was sent to ('' for a group message). */
  to: string;
  /** A group message: the group jid (a re-send goes to the one device that asked, pairwise, with the sender key). */
  group?: string;
  message: proto.IMessage;
  t: number;
  fromPn: boolean;
  /** How many times it was re-encrypted and re-sent after retry receipts. */
  resends: number;
}

/** How many sent messages a contact remembers for re-sending (oldest forgotten first). */
export const CONTACT_OUTBOX_LIMIT = 5_000;

/**
 * An emulated WhatsApp user (its phone, device 0). It behaves like a strict client: what it cannot
 * decrypt is answered with a retry receipt, a re-used message key with a NACK (the message is lost),
 * and a retry receipt from a device makes it re-send with a fresh session. It never sends on its own.
 */
export class Contact {
  readonly signal = new SignalParty();
  readonly inbox: ReceivedMessage[] = [];
  /** Send a delivery receipt as soon as a message is decrypted. */
  autoDeliver = true;
  /** Send a read receipt right after the delivery receipt. */
  autoRead = false;
  /** The server hands out no key bundle for this contact (a test hook: a sender cannot encrypt to it). */
  keysWithheld = false;
  /** Retry receipts this contact sent to devices (messages it could not decrypt). */
  retryReceiptsSent = 0;
  /** NACKs (error 487) for messages that re-used a consumed message key: those messages are lost. */
  nacksSent = 0;
  /** Retry receipts devices sent for messages of this contact. */
  retryReceiptsReceived = 0;
  /** Messages re-encrypted with a fresh session and re-sent after such a retry receipt. */
  resendsSent = 0;
  /** Retry receipts already sent per message id (the next one carries count + 1). */
  readonly retriesById = new Map<string, number>();
  /** Edits this contact received and did not apply, with why (server/edits.ts). */
  readonly ignoredEdits: { id: string; targetId: string; reason: string }[] = [];
  /** What this contact sent, by message id (bounded, see CONTACT_OUTBOX_LIMIT). */
  readonly outbox = new Map<string, SentByContact>();
  /** Sender keys: its own per group, and those other group members distributed to it. */
  readonly senderKeys = new SenderKeys();
  /** Per group jid: the device jids this contact already gave its current sender key to. */
  readonly keyDistributedTo = new Map<string, Set<string>>();
  /** Privacy "who can add me to groups": nobody (adds answer 403 with an invite to send instead). */
  refusesGroupAdds = false;
  /**
   * LOAD TESTING (ContactApi.skipGroupDecryption): group messages are not decrypted (nothing in
   * `inbox`, never a retry receipt), only answered with the automatic receipts; other contacts'
   * group messages pass it by, and they give it no sender key.
   */
  skipsGroupDecryption = false;
  constructor(
    readonly phone: string,
    readonly lid: string,
    public name: string,
  ) {}
  get pnJid(): string {
    return `${this.phone}@s.whatsapp.net`;
  }
  get lidJid(): string {
    return `${this.lid}@lid`;
  }
  rememberSent(id: string, sent: Omit<SentByContact, 'resends'>): void {
    this.outbox.delete(id);
    this.outbox.set(id, { ...sent, resends: 0 });
    if (this.outbox.size > CONTACT_OUTBOX_LIMIT) this.outbox.delete(this.outbox.keys().next().value!);
  }
  resetCounters(): void {
    this.retryReceiptsSent = this.nacksSent = this.retryReceiptsReceived = this.resendsSent = 0;
  }
}

/** Totals of the strict-client behaviour (see Contact), reset with `World.resetCounters()`. */
export interface RetryStats {
  /** Retry receipts contacts sent to devices. */
  retryReceipts: number;
  /** NACKs (487) contacts answered with (message lost). */
  nacks: number;
  /** Retry receipts devices sent (for any message they could not decrypt). */
  retryReceiptsFromDevices: number;
  /** Messages contacts re-sent after a device's retry receipt. */
  contactResends: number;
  /** Ids of messages from devices that a contact asked to be re-sent (one entry per retry receipt). */
  retriedIds: string[];
  /** Ids of messages from devices that a contact NACKed. */
  nackedIds: string[];
  /** Ids of messages for which a device sent a retry receipt. */
  deviceRetriedIds: string[];
}

const emptyRetryStats = (): RetryStats => ({
  retryReceipts: 0,
  nacks: 0,
  retryReceiptsFromDevices: 0,
  contactResends: 0,
  retriedIds: [],
  nackedIds: [],
  deviceRetriedIds: [],
});

export interface ChannelPost {
  serverId: number;
  id: string;
  message: proto.IMessage;
  t: number;
}

export class Channel {
  readonly followers = new Set<string>();
  readonly posts: ChannelPost[] = [];
  nextServerId = 100;
  readonly creationTime = Math.floor(Date.now() / 1000);
  constructor(
    readonly jid: string,
    public name: string,
    public description: string,
    readonly owner?: string,
  ) {}
  get invite(): string {
    return this.jid.split('@')[0];
  }
}

export type Party = { kind: 'account'; account: Account } | { kind: 'contact'; contact: Contact };

/** Receipt state of a message a contact pushed to a client, as reported by the client. */
export interface ReceiptState {
  delivered: boolean;
  read: boolean;
}

/** Everything the emulated WhatsApp knows: accounts, contacts, channels, and what happened. */
export class World extends EventEmitter {
  readonly accounts = new Map<string, Account>();
  readonly contacts = new Map<string, Contact>();
  readonly channels = new Map<string, Channel>();
  /** Groups by jid (`<id>@g.us`). */
  readonly groups = new Map<string, Group>();
  private readonly byLid = new Map<string, Party>();
  readonly receipts = new Map<string, ReceiptState>();
  retryStats: RetryStats = emptyRetryStats();
  refuseUntil = 0;

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  addAccount(opts: { phone?: string; lid?: string; name?: string } = {}): Account {
    const phone = opts.phone ?? nextNumber(15550000000);
    if (this.accounts.has(phone) || this.contacts.has(phone)) throw new Error(`number ${phone} already exists`);
    const a = new Account(phone, opts.lid ?? nextNumber(201000000000000), opts.name ?? `Account ${phone}`);
    this.accounts.set(phone, a);
    this.byLid.set(a.lid, { kind: 'account', account: a });
    return a;
  }

  addContact(opts: { phone?: string; lid?: string; name?: string } = {}): Contact {
    const phone = opts.phone ?? nextNumber(15559000000);
    if (this.accounts.has(phone) || this.contacts.has(phone)) throw new Error(`number ${phone} already exists`);
    const c = new Contact(phone, opts.lid ?? nextNumber(209000000000000), opts.name ?? `Contact ${phone}`);
    this.contacts.set(phone, c);
    this.byLid.set(c.lid, { kind: 'contact', contact: c });
    return c;
  }

  addChannel(name: string, description = '', owner?: string): Channel {
    // BigInt: 120363... + n is past 2^53, where a Number would round every channel to one JID.
    const jid = `${120363000000000000n + BigInt(nextNumber(0))}@newsletter`;
    const ch = new Channel(jid, name, description, owner);
    this.channels.set(jid, ch);
    return ch;
  }

  /** A new group (no members yet: see server/group-ops `createGroup`). */
  addGroup(subject: string, creator: Party, creation: number): Group {
    // Group ids today are 18 digits starting 120363 (BigInt: past 2^53). An id taken by a group
    // put into `groups` directly (e.g. one restored from a saved world) is skipped.
    let id: string;
    do id = String(120363400000000000n + BigInt(nextNumber(0)));
    while (this.groups.has(`${id}@g.us`));
    const g = new Group(id, creator, subject, creation);
    this.groups.set(g.jid, g);
    return g;
  }

  group(ref: Group | string): Group {
    if (typeof ref !== 'string') return ref;
    const g = this.groups.get(ref.includes('@') ? ref : `${ref}@g.us`);
    if (!g) throw new Error(`unknown group ${ref}`);
    return g;
  }

  /** Resolves a PN or LID jid (with or without device) to a party of this world. */
  resolve(jid: string | undefined): Party | undefined {
    if (!jid) return undefined;
    const [userPart, server] = jid.split('@');
    const user = userPart.split(':')[0].split('_')[0];
    if (server === 'lid') return this.byLid.get(user);
    const a = this.accounts.get(user);
    if (a) return { kind: 'account', account: a };
    const c = this.contacts.get(user);
    return c ? { kind: 'contact', contact: c } : undefined;
  }

  account(ref: Account | string): Account {
    if (typeof ref !== 'string') return ref;
    const p = this.resolve(ref.includes('@') ? ref : `${ref.replace(/^\+/, '')}@s.whatsapp.net`);
    if (p?.kind !== 'account') throw new Error(`unknown account ${ref}`);
    return p.account;
  }

  contact(ref: Contact | string): Contact {
    if (typeof ref !== 'string') return ref;
    const p = this.resolve(ref.includes('@') ? ref : `${ref.replace(/^\+/, '')}@s.whatsapp.net`);
    if (p?.kind !== 'contact') throw new Error(`unknown contact ${ref}`);
    return p.contact;
  }

  channel(ref: Channel | string): Channel {
    if (typeof ref !== 'string') return ref;
    const ch = this.channels.get(ref);
    if (!ch) throw new Error(`unknown channel ${ref}`);
    return ch;
  }

  /** Zeroes the retry/NACK totals and every contact's counters (protocol state is kept). */
  resetCounters(): void {
    this.retryStats = emptyRetryStats();
    for (const c of this.contacts.values()) c.resetCounters();
  }

  recordReceipt(id: string, type: 'delivered' | 'read'): void {
    const s = this.receipts.get(id) ?? { delivered: false, read: false };
    if (type === 'read') s.read = s.delivered = true;
    else s.delivered = true;
    this.receipts.set(id, s);
    this.emit('receipt', id, s);
  }

  /** Resolves once `check()` returns a value, re-checking on each given world event. */
  waitFor<T>(events: string[], check: () => T | undefined, timeoutMs = 15_000): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const onEvent = () => {
        const v = check();
        if (v !== undefined) {
          cleanup();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`emulator: timed out waiting for ${events.join('/')}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        for (const e of events) this.off(e, onEvent);
      };
      for (const e of events) this.on(e, onEvent);
    });
  }
}
