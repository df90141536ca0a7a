import { Curve, proto } from '@whiskeysockets/baileys';
import http from 'node:http';
import type https from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { ContactApi } from './api/contact-api';
import { GroupActor, toParty, type GroupRef, type PartyRef } from './api/group-actor';
import { PhoneApi } from './api/phone-api';
import { PresenceApi } from './api/presence-api';
import { ProfileApi } from './api/profile-api';
import { contactsStats, resetContactsStats, type ContactsStats } from './world/profiles';
import { handleAdminRequest } from './api/admin-http';
import { createMediaTls, type MediaTls } from './media/media-ca';
import { startMediaServer } from './media/media-server';
import { MediaStore } from './media/media-store';
import { Connection } from './server/connection';
import type { ServerContext } from './server/context';
import { publishPost } from './server/newsletters';
import { makeStanzaHandler } from './server/stanzas';
import { buildCertChain } from './trust/certificate-chain';
import { trustMediaCa } from './trust/media-trust';
import { trustEmulatorRoot } from './trust/trust-root';
import type { KeyPair } from './types';
import { silenceLibsignalLogs } from './world/quiet-libsignal';
import type { Group } from './world/group';
import { World, type Account, type Channel, type Contact, type ReceiptState, type RetryStats } from './world/world';

/** `emulator.stats()`: connections and world sizes, plus the retry/NACK totals (see RetryStats). */
export interface EmulatorStats extends RetryStats {
  connections: number;
  loggedIn: number;
  accounts: number;
  contacts: number;
  channels: number;
  groups: number;
}

/** World events after which `waitForStats` re-checks. */
const STATS_EVENTS = ['retry-receipt', 'nack', 'device-retry', 'contact-resend', 'contact-message', 'receipt'];

export interface EmulatorOptions {
  /** Port of the WebSocket + admin HTTP server (0 = any free port). */
  port?: number;
  /** Port of the HTTPS media server (0 = any free port). */
  mediaPort?: number;
  /** Fixed Noise root key (so a separate process can trust it across restarts). */
  rootKey?: KeyPair;
  /** Fixed media CA (PEM cert + key), same reason. */
  mediaCa?: { caPem: string; caKeyPem: string };
  /** Delay before a contact's automatic delivery/read receipts (default 150 ms: Baileys holds a sent message's upsert ~100 ms and folds earlier receipts into it). */
  receiptDelayMs?: number;
  /** Serve the admin HTTP API under /admin (default true). */
  admin?: boolean;
}

/**
 * Offline WhatsApp server for tests, benchmarks and the demo. Unmodified Baileys connects to
 * `emulator.url` through its `waWebSocketUrl` option once the process trusts the emulator root.
 */
export class WaEmulator {
  readonly world = new World();
  readonly rootKey: KeyPair;
  readonly media = new MediaStore();
  readonly mediaTls: MediaTls;
  private readonly ctx: ServerContext;
  private readonly connections = new Set<Connection>();
  private httpServer?: http.Server;
  private wss?: WebSocketServer;
  private mediaServer?: https.Server;
  private port = 0;

  private constructor(private readonly opts: EmulatorOptions) {
    this.rootKey = opts.rootKey ?? Curve.generateKeyPair();
    this.mediaTls = createMediaTls(opts.mediaCa);
    const staticKey = Curve.generateKeyPair();
    const handleStanza = makeStanzaHandler(() => this.ctx);
    this.ctx = {
      world: this.world,
      media: this.media,
      staticKey,
      certChain: buildCertChain(this.rootKey, staticKey),
      pendingRefs: new Map(),
      pendingLinkCodes: new Map(),
      receiptDelayMs: opts.receiptDelayMs ?? 150,
      handleStanza,
    };
  }

  static async start(opts: EmulatorOptions = {}): Promise<WaEmulator> {
    silenceLibsignalLogs();
    const emu = new WaEmulator(opts);
    await emu.listen();
    return emu;
  }

  private async listen(): Promise<void> {
    this.mediaServer = await startMediaServer(this.media, this.mediaTls, this.opts.mediaPort ?? 0);
    const admin = this.opts.admin !== false;
    this.httpServer = http.createServer((req, res) => {
      if (admin && req.url?.startsWith('/admin')) return void handleAdminRequest(this, req, res);
      res.writeHead(404).end();
    });
    this.wss = new WebSocketServer({ server: this.httpServer, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
    this.wss.on('connection', (ws) => {
      // Refusing = accepting the socket and closing it at once; Baileys reports 428 and retries.
      if (Date.now() < this.world.refuseUntil) return void ws.terminate();
      const conn = new Connection(ws, this.ctx);
      this.connections.add(conn);
      ws.on('close', () => this.connections.delete(conn));
    });
    await new Promise<void>((resolve) => this.httpServer!.listen(this.opts.port ?? 0, '127.0.0.1', resolve));
    this.port = (this.httpServer.address() as AddressInfo).port;
  }

  /** WebSocket URL for Baileys' `waWebSocketUrl`. */
  get url(): string {
    return `ws://127.0.0.1:${this.port}/ws/chat`;
  }

  get adminUrl(): string {
    return `http://127.0.0.1:${this.port}/admin`;
  }

  get rootPublicKey(): Buffer {
    return Buffer.from(this.rootKey.public);
  }

  get mediaCaPem(): string {
    return this.mediaTls.caPem;
  }

  /** TEST ONLY: makes Baileys in this process accept the emulator's Noise root and media CA. */
  trustInThisProcess(): void {
    trustEmulatorRoot(this.rootKey.public);
    trustMediaCa(this.mediaTls.caPem);
  }

  addAccount(opts?: { phone?: string; lid?: string; name?: string }): Account {
    return this.world.addAccount(opts);
  }

  addContact(opts?: { phone?: string; lid?: string; name?: string }): Contact {
    return this.world.addContact(opts);
  }

  createChannel(opts: { name: string; description?: string; followers?: (Account | string)[] }): Channel {
    const ch = this.world.addChannel(opts.name, opts.description ?? '');
    for (const f of opts.followers ?? []) ch.followers.add(this.world.account(f).phone);
    return ch;
  }

  /**
   * Creates a group as `creator` (an account's phone or a contact): members get the `create`
   * notification. `admins`, `announce`, `locked`, `description`, `ephemeral` set the group up
   * before that notification (so it carries them). Per-participant results as for a create iq.
   */
  createGroup(opts: {
    subject: string;
    creator: PartyRef;
    participants: PartyRef[];
    admins?: PartyRef[];
    announce?: boolean;
    locked?: boolean;
    description?: string;
    ephemeral?: number;
  }): Group {
    const { subject, creator, participants, admins, ...rest } = opts;
    const actor = new GroupActor(this.ctx, toParty(this.world, creator));
    return actor.create(subject, participants, { ...rest, admins: admins?.map((a) => toParty(this.world, a)) }).group;
  }

  group(ref: GroupRef): Group {
    return this.world.group(ref);
  }

  /** Group changes made by any participant (account phone or contact) without picking its API. */
  groupsAs(actor: PartyRef): GroupActor {
    return new GroupActor(this.ctx, toParty(this.world, actor));
  }

  phone(account: Account | string): PhoneApi {
    return new PhoneApi(this.ctx, this.world.account(account));
  }

  contact(contact: Contact | string): ContactApi {
    return new ContactApi(this.ctx, this.world.contact(contact));
  }

  /** Presence: accounts' own, contacts' (and their typing), what contacts saw of typing and reading. */
  get presence(): PresenceApi {
    return new PresenceApi(this.ctx);
  }

  /** Publishes a channel post (plaintext, with a server_id) to every follower. */
  postToChannel(channel: Channel | string, content: string | proto.IMessage): { id: string; serverId: number } {
    const message = typeof content === 'string' ? { conversation: content } : content;
    return publishPost(this.world, this.world.channel(channel), message);
  }

  /** Refuses (closes at once) every new connection for `ms` milliseconds. */
  refuseConnections(ms: number): void {
    this.world.refuseUntil = Date.now() + ms;
  }

  receipt(messageId: string): ReceiptState | undefined {
    return this.world.receipts.get(messageId);
  }

  /** Resolves when a client sent a delivery (or read) receipt for a message a contact pushed. */
  waitForDelivered(messageId: string, timeoutMs?: number): Promise<ReceiptState> {
    return this.world.waitFor(['receipt'], () => (this.world.receipts.get(messageId)?.delivered ? this.world.receipts.get(messageId) : undefined), timeoutMs);
  }

  /** Resolves when a client sent a read receipt for a message a contact pushed. */
  waitForRead(messageId: string, timeoutMs?: number): Promise<ReceiptState> {
    return this.world.waitFor(['receipt'], () => (this.world.receipts.get(messageId)?.read ? this.world.receipts.get(messageId) : undefined), timeoutMs);
  }

  /** Resolves once a device of the account is logged in (after `success`). */
  waitForOnline(account: Account | string, timeoutMs?: number): Promise<true> {
    const acc = this.world.account(account);
    return this.world.waitFor(['connection'], () => (acc.connectedDevices().length ? true : undefined), timeoutMs);
  }

  /** Resolves once a client asked for a pairing code for this phone number. */
  waitForPairingCodeRequest(account: Account | string, timeoutMs?: number): Promise<true> {
    const acc = this.world.account(account);
    return this.world.waitFor(['pairing-code-requested'], () => (this.ctx.pendingLinkCodes.has(acc.phone) ? true : undefined), timeoutMs);
  }

  stats(): EmulatorStats {
    let loggedIn = 0;
    for (const c of this.connections) if (c.device) loggedIn++;
    const r = this.world.retryStats;
    return {
      connections: this.connections.size,
      loggedIn,
      accounts: this.world.accounts.size,
      contacts: this.world.contacts.size,
      channels: this.world.channels.size,
      groups: this.world.groups.size,
      ...r,
      retriedIds: [...r.retriedIds],
      nackedIds: [...r.nackedIds],
      deviceRetriedIds: [...r.deviceRetriedIds],
    };
  }

  /** Zeroes the retry/NACK totals of `stats()` and every contact's counters (for per-test deltas). */
  resetCounters(): void {
    this.world.resetCounters();
    resetContactsStats(this.world);
  }

  /** The profile of an account or contact (about, picture, business, privacy, hidden number), and an account's block list. */
  profile(party: Account | Contact | string): ProfileApi {
    const p = typeof party === 'string' ? this.world.resolve(party.includes('@') ? party : `${party.replace(/^\+/, '')}@s.whatsapp.net`) : undefined;
    const target = typeof party !== 'string' ? party : p?.kind === 'account' ? p.account : p?.kind === 'contact' ? p.contact : undefined;
    if (!target) throw new Error(`unknown user ${String(party)}`);
    return new ProfileApi(this.ctx, target);
  }

  /** Usync and profile-picture queries devices made (`resetCounters()` zeroes them). */
  contactsStats(): ContactsStats {
    return { ...contactsStats(this.world) };
  }

  /** Resolves with `stats()` once `check(stats)` holds (re-checked on retry, NACK, resend and message events). */
  waitForStats(check: (s: EmulatorStats) => boolean, timeoutMs?: number): Promise<EmulatorStats> {
    return this.world.waitFor(STATS_EVENTS, () => {
      const s = this.stats();
      return check(s) ? s : undefined;
    }, timeoutMs);
  }

  async stop(): Promise<void> {
    for (const c of this.connections) c.drop();
    this.connections.clear();
    await new Promise<void>((r) => (this.wss ? this.wss.close(() => r()) : r()));
    await new Promise<void>((r) => (this.httpServer ? this.httpServer.close(() => r()) : r()));
    this.mediaServer?.closeAllConnections();
    await new Promise<void>((r) => (this.mediaServer ? this.mediaServer.close(() => r()) : r()));
  }
}
