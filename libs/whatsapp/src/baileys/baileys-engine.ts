import { EventEmitter } from 'node:events';
import makeWASocket, {
  Browsers,
  DEFAULT_CONNECTION_CONFIG,
  downloadMediaMessage,
  proto,
  S_WHATSAPP_NET,
  WAMessage,
  WASocket,
} from '@whiskeysockets/baileys';
import { LRUCache } from 'lru-cache';
import pino, { Logger } from 'pino';
import {
  ChannelsPort,
  ContactsPort,
  GroupsPort,
  PresencePort,
  ProfilePort,
  ConnectionEvents,
  ConnectionLiveness,
  ConnectOptions,
  EditTarget,
  EngineError,
  InboundMessage,
  MessagesPort,
  OutboundContent,
  SendOptions,
  WhatsAppConnection,
  WhatsAppEngine,
} from '../port';
import { deserialize, isLinked, loadAuthState } from './auth-state';
import { ReceiptGate, rejected } from './receipt-gate';
import { baileysLogger } from './baileys-logger';
import { toBaileysContent } from './content';
import { EDIT_ATTRS, toEditMessage } from './edit';
import { newWaMessageId } from '../message-id';
import { DeviceListCache } from './device-cache';
import { engineCall } from './engine-error';
import { classifyDisconnect } from './disconnect';
import { toInboundMessage } from './message-mapper';
import { forwardFeatureEvents } from './feature-events';
import { silenceLibsignal } from './quiet-libsignal';
import { jidUser } from '../port';
import { BaileysChannels } from './channels';
import { BaileysContacts } from './contacts';
import { BaileysPresence } from './presence';
import { BaileysProfile } from './profile';
import { BaileysGroups, toBaileysGroup } from './groups';
import { KeyedWaitTracker, WaitTracker } from '../waiting';

export interface BaileysEngineOptions {
  /** WhatsApp's WebSocket URL; an emulator's for tests and the demo. */
  webSocketUrl?: string;
  logger?: Logger;
  /** Baileys' own (very chatty) log level. */
  baileysLogLevel?: string;
}

export class BaileysEngine implements WhatsAppEngine {
  private readonly logger: Logger;
  /** Per session, across its connections (see DeviceListCache). */
  private readonly deviceLists = new LRUCache<string, DeviceListCache>({ max: 100_000 });

  constructor(private readonly options: BaileysEngineOptions = {}) {
    silenceLibsignal();
    this.logger = options.logger ?? pino({ level: 'silent' });
  }

  async connect(options: ConnectOptions): Promise<WhatsAppConnection> {
    const logger = this.logger.child({ sessionId: options.sessionId, component: 'baileys' }, { level: this.options.baileysLogLevel ?? 'warn' });
    let socket: WASocket | undefined;
    const { state, keys, saveCreds } = await loadAuthState(options.store, {
      // Baileys' LID mapping store falls back to the gateway's pairs (learnt from any source).
      lidMappings: options.lidMappings,
      // Memory and database disagree now: start over from the database (see CachedKeyStore).
      onKeysBroken: (err) => {
        logger.error({ err }, 'key state not stored; reconnecting from the stored state');
        socket?.end(new Error('key state not stored'));
      },
    });
    const receipts = new ReceiptGate(keys, logger);
    const activity = new Activity();
    let deviceList = this.deviceLists.get(options.sessionId);
    if (!deviceList) this.deviceLists.set(options.sessionId, (deviceList = new DeviceListCache()));
    socket = makeWASocket({
      auth: state,
      userDevicesCache: deviceList,
      logger: baileysLogger(logger),
      browser: Browsers.ubuntu('Chrome'),
      ...(this.options.webSocketUrl ? { waWebSocketUrl: this.options.webSocketUrl } : {}),
      markOnlineOnConnect: false,
      syncFullHistory: false,
      shouldSyncHistoryMessage: () => false,
      generateHighQualityLinkPreview: false,
      // App-state patches (settings, the address book from contact sync) are taken only when their
      // MACs and the collection's LTHash verify (Baileys' default checks nothing).
      appStateMacVerification: { patch: true, snapshot: true },
      // Our Baileys patch: nothing leaves before the state it depends on is stored. The commit is
      // taken between two received messages (Baileys decrypts each inside messageMutex and asks
      // for its receipt there), so it never carries the state of a decryption still under way,
      // which must wait for that message to be stored. If the state cannot be stored, the key
      // store has ended the socket and the send fails as on any closed connection (a rejection
      // here would escape Baileys' fire-and-forget sends).
      //
      // From here until WhatsApp acknowledges the message, a send of ours waits on the connection
      // (Activity.sends): one that cannot take the message lock, or whose message WhatsApp never
      // acknowledges, is a connection that makes no progress. (Uploading its media before is not
      // counted: that is not the connection's work.)
      beforeRelay: async (messageId) => {
        if (activity.ours.has(messageId)) activity.sends.start(messageId);
        const { committed } = await socket!.messageMutex.mutex(async () => ({ committed: keys.flushed().catch(() => undefined) }));
        await committed;
      },
      deferReceipt: (msg, send) => receipts.defer(msg, send),
      // Our patch: every stanza WhatsApp sends is reported as it arrives and once handled.
      onStanza: (_type, phase) => (phase === 'received' ? activity.inbound.start() : activity.inbound.done()),
      // A send to a group takes the members from the store instead of asking WhatsApp each time.
      cachedGroupMetadata: async (jid) => {
        const group = await options.groupMetadata?.(jid).catch(() => undefined);
        return group ? toBaileysGroup(group) : undefined;
      },
      getMessage: async (key) => {
        if (!options.getMessage || !key.remoteJid || !key.id) return undefined;
        const raw = await options.getMessage(key.remoteJid, key.id);
        return raw ? (deserialize<WAMessage>(raw).message ?? undefined) : undefined;
      },
    });
    return new BaileysConnection(options.sessionId, socket, saveCreds, receipts, activity, logger, webSocketTarget(this.options.webSocketUrl));
  }
}

/** How long a send waits for WhatsApp's acknowledgement (the watchdog usually ends it sooner). */
const ACK_TIMEOUT_MS = 120_000;
/** How long a keep-alive ping waits for its answer before it counts as never answered. */
const PING_TIMEOUT_MS = 300_000;

/** What the connection waits for (ConnectionLiveness), kept up to date by the socket's hooks. */
class Activity {
  readonly inbound = new WaitTracker();
  readonly sends = new KeyedWaitTracker();
  /** Ids of the messages `send` is sending (Baileys' own relays, e.g. retries, are not counted). */
  readonly ours = new Set<string>();
  readonly keepAlive = new WaitTracker();
  lastReceivedAt = Date.now();

  snapshot(): ConnectionLiveness {
    return { inbound: this.inbound.get(), sends: this.sends.get(), keepAlive: this.keepAlive.get(), lastReceivedAt: this.lastReceivedAt };
  }
}


class BaileysConnection extends EventEmitter implements WhatsAppConnection {
  private closedByUs = false;
  private closed = false;
  /** Rejects when the connection closes: what waits on it (a send's acknowledgement) gives up. */
  private readonly closedSignal: Promise<never>;
  private signalClosed!: (err: Error) => void;
  /** Sends waiting for WhatsApp's acknowledgement of their message id. */
  private readonly ackWaiters = new Map<string, () => void>();
  readonly messages: MessagesPort = {
    send: (to, content, options) => this.send(to, content, options),
    revoke: (chatJid, waMessageId, fromMe) => this.revoke(chatJid, waMessageId, fromMe),
    edit: (target, text) => this.edit(target, text),
    downloadMedia: (raw) => this.downloadMedia(raw),
  };
  readonly channels: ChannelsPort;
  readonly groups: GroupsPort;
  readonly contacts: ContactsPort;
  readonly presence: PresencePort;
  readonly profile: ProfilePort;

  constructor(
    readonly sessionId: string,
    private readonly socket: WASocket,
    saveCreds: () => Promise<void>,
    private readonly receipts: ReceiptGate,
    private readonly activity: Activity,
    private readonly logger: Logger,
    target: string,
  ) {
    super();
    this.channels = new BaileysChannels(socket);
    this.groups = new BaileysGroups(socket);
    this.contacts = new BaileysContacts(
      socket,
      (mappings) => this.emit('lid-mappings', { mappings }),
      (contacts) => this.emit('contacts', { contacts }),
    );
    this.presence = new BaileysPresence(socket);
    this.profile = new BaileysProfile(socket);
    this.closedSignal = new Promise<never>((_, reject) => (this.signalClosed = reject));
    this.closedSignal.catch(() => undefined);
    const ev = socket.ev;
    socket.ws.on('frame', () => {
      activity.lastReceivedAt = Date.now();
    });
    // WhatsApp acknowledges every message stanza it accepted (with an error attribute when it refused it).
    socket.ws.on('CB:ack,class:message', (node: { attrs?: Record<string, string> }) => {
      const id = node.attrs?.id;
      if (!id) return;
      activity.sends.done(id);
      this.ackWaiters.get(id)?.();
    });
    // The account's display name as WhatsApp's login answer gives it: Baileys keeps only a name
    // learnt at pairing (business accounts) or later from app-state sync.
    let displayName: string | undefined;
    socket.ws.on('CB:success', (node: { attrs?: Record<string, string> }) => {
      displayName = node.attrs?.display_name || undefined;
    });
    let savingCreds: Promise<void> = Promise.resolve();
    ev.on('creds.update', () => {
      savingCreds = saveCreds().catch((err: unknown) => logger.error({ err }, 'saving credentials failed'));
    });
    ev.on('connection.update', (u) => {
      if (u.qr) this.emit('qr', u.qr);
      if (u.connection === 'open') {
        const me = socket.authState.creds.me;
        if (me?.id) {
          const pushName = me.name && me.name !== '~' ? me.name : displayName;
          this.emit('open', { jid: me.id, lid: me.lid ?? undefined, phoneNumber: jidUser(me.id), pushName });
        }
      }
      if (u.connection === 'close' && !this.closed) {
        this.closed = true;
        this.signalClosed(new EngineError('connection_closed', 'the connection closed before WhatsApp acknowledged the message'));
        const keysSaved = receipts.close();
        const reason = classifyDisconnect(u.lastDisconnect?.error, this.closedByUs, target);
        // 401 after pairing on a device that never linked is a failed link, not an unlink.
        if (reason.kind === 'logged_out' && !isLinked(socket.authState.creds)) reason.message = 'the link was refused';
        // Report the close only once the credentials (and keys) are stored: after pairing (515)
        // the next connection must find the new identity, or it would start pairing again.
        void Promise.all([savingCreds, keysSaved]).then(() => {
          this.emit('close', reason);
          this.removeAllListenersSoon();
        });
      }
    });
    ev.on('messages.upsert', ({ messages, type }) => {
      const mapped = messages.map(toInboundMessage).filter((m): m is InboundMessage => Boolean(m));
      const held: Promise<unknown>[] = [];
      if (mapped.length) this.emit('messages', { messages: mapped, live: type === 'notify', hold: (stored: Promise<unknown>) => held.push(stored) });
      // Fail closed: messages nobody took to store (e.g. during shutdown) get no receipt.
      const stored = mapped.length && !held.length ? rejected('no listener stored the messages') : Promise.all(held);
      stored.catch(() => undefined); // reported by the listeners; here it only withholds receipts
      receipts.emitted(messages, stored);
    });
    forwardFeatureEvents(ev, (event, payload) => this.emit(event, payload));
  }

  on<E extends keyof ConnectionEvents>(event: E, listener: ConnectionEvents[E]): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  off<E extends keyof ConnectionEvents>(event: E, listener: ConnectionEvents[E]): this {
    return super.off(event, listener as (...args: unknown[]) => void);
  }

  requestPairingCode(phoneDigits: string): Promise<string> {
    return this.socket.requestPairingCode(phoneDigits);
  }

  /**
   * Sent means acknowledged by WhatsApp: a message written into a connection that is dead without
   * knowing it (no answer, no ack) is not sent, and goes again (same id) on the next connection.
   */
  private async send(to: string, content: OutboundContent, options: SendOptions): Promise<InboundMessage> {
    const quoted = options.quotedRaw ? deserialize<WAMessage>(options.quotedRaw) : undefined;
    return this.untilAcked(options.messageId, () => this.socket.sendMessage(to, toBaileysContent(content), { messageId: options.messageId, quoted }));
  }

  /** An edit of the session's own message (see toEditMessage), sent like a message: done once acknowledged. */
  private async edit(target: EditTarget, text: string): Promise<InboundMessage> {
    const me = this.socket.authState.creds.me?.id;
    if (!me) throw new EngineError('connection_closed', 'the connection is not logged in');
    const message = toEditMessage(target, text, me, newWaMessageId());
    return this.untilAcked(message.key.id!, async () => {
      await this.socket.relayMessage(target.chatJid, message.message!, { messageId: message.key.id!, additionalAttributes: { ...EDIT_ATTRS } });
      return message;
    });
  }

  /** Runs a send of message `id` and resolves once WhatsApp acknowledged it, with its record mapped. */
  private async untilAcked(id: string, relay: () => Promise<WAMessage | undefined>): Promise<InboundMessage> {
    if (this.closed) throw new EngineError('connection_closed', 'the connection is closed');
    // Listen before sending: the acknowledgement may come before sendMessage returns.
    let timer: NodeJS.Timeout | undefined;
    const acked = new Promise<void>((resolve, reject) => {
      this.ackWaiters.set(id, resolve);
      timer = setTimeout(() => reject(new EngineError('timeout', `WhatsApp did not acknowledge the message within ${ACK_TIMEOUT_MS / 1000} s`)), ACK_TIMEOUT_MS);
      timer.unref();
    });
    acked.catch(() => undefined);
    this.activity.ours.add(id);
    try {
      const sent = await Promise.race([engineCall(relay), this.closedSignal]);
      const mapped = sent ? toInboundMessage(sent) : undefined;
      if (!mapped) throw new EngineError('unknown', 'the message could not be sent');
      await Promise.race([acked, this.closedSignal]);
      return mapped;
    } finally {
      clearTimeout(timer);
      this.ackWaiters.delete(id);
      this.activity.ours.delete(id);
      this.activity.sends.done(id);
    }
  }

  liveness(): ConnectionLiveness {
    return this.activity.snapshot();
  }

  ping(): void {
    if (this.closed) return;
    const keepAlive = this.activity.keepAlive;
    keepAlive.start();
    const node = { tag: 'iq', attrs: { to: S_WHATSAPP_NET, type: 'get', xmlns: 'w:p' }, content: [{ tag: 'ping', attrs: {} }] };
    this.socket.query(node, PING_TIMEOUT_MS).then(
      (answer) => {
        if (answer) keepAlive.done();
      },
      (err: unknown) => {
        // An error answer is an answer; a timeout or a closed socket is none.
        const status = (err as { output?: { statusCode?: number } }).output?.statusCode;
        if (!this.closed && status !== 408) keepAlive.done();
      },
    );
  }

  private async revoke(chatJid: string, waMessageId: string, fromMe: boolean): Promise<void> {
    await engineCall(() => this.socket.sendMessage(chatJid, { delete: { remoteJid: chatJid, id: waMessageId, fromMe } }));
  }

  private async downloadMedia(raw: string): Promise<{ data: Buffer; mimetype: string }> {
    const message = deserialize<WAMessage>(raw);
    const data = await downloadMediaMessage(message, 'buffer', {}, { logger: this.logger, reuploadRequest: this.socket.updateMediaMessage });
    const mapped = toInboundMessage(message);
    return { data, mimetype: mapped?.media?.mimetype ?? 'application/octet-stream' };
  }

  async logout(): Promise<void> {
    this.closedByUs = true;
    const reported = this.reportedClose();
    try {
      await this.socket.logout();
    } finally {
      this.socket.end(undefined);
    }
    // Whoever drops the credentials next must not race the keys saved at close.
    await reported;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closedByUs = true;
    const reported = this.reportedClose();
    this.socket.end(undefined);
    await reported;
  }

  /** Resolves once 'close' was emitted (keys and credentials saved). */
  private reportedClose(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.once('close', () => resolve());
      // end() starts the close at once in practice; guard against a socket that never reports.
      setTimeout(resolve, 2000).unref();
    });
  }

  private removeAllListenersSoon() {
    setImmediate(() => this.socket.ev.removeAllListeners(undefined as never));
  }
}

export { proto };

/** host:port of the WebSocket URL, named in causes the socket error does not spell out. */
function webSocketTarget(url = DEFAULT_CONNECTION_CONFIG.waWebSocketUrl): string {
  try {
    const u = new URL(String(url));
    return `${u.hostname}:${u.port || (u.protocol === 'wss:' ? '443' : '80')}`;
  } catch {
    return String(url);
  }
}
