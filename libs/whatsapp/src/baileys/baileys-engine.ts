import { EventEmitter } from 'node:events';
import makeWASocket, {
  Browsers,
  downloadMediaMessage,
  proto,
  WAMessage,
  WASocket,
} from '@whiskeysockets/baileys';
import pino, { Logger } from 'pino';
import {
  ChannelMetadata,
  ConnectionEvents,
  ConnectOptions,
  InboundMessage,
  OutboundContent,
  SendOptions,
  WhatsAppConnection,
  WhatsAppEngine,
} from '../port';
import { deserialize, isLinked, loadAuthState } from './auth-state';
import { toBaileysContent } from './content';
import { classifyDisconnect } from './disconnect';
import { toInboundMessage, toStatusUpdate } from './message-mapper';
import { silenceLibsignal } from './quiet-libsignal';
import { jidUser } from '../jid';

export interface BaileysEngineOptions {
  /** WhatsApp's WebSocket URL; an emulator's for tests and the demo. */
  webSocketUrl?: string;
  logger?: Logger;
  /** Baileys' own (very chatty) log level. */
  baileysLogLevel?: string;
}

export class BaileysEngine implements WhatsAppEngine {
  private readonly logger: Logger;

  constructor(private readonly options: BaileysEngineOptions = {}) {
    silenceLibsignal();
    this.logger = options.logger ?? pino({ level: 'silent' });
  }

  async connect(options: ConnectOptions): Promise<WhatsAppConnection> {
    const logger = this.logger.child({ sessionId: options.sessionId, component: 'baileys' }, { level: this.options.baileysLogLevel ?? 'warn' });
    const { state, saveCreds } = await loadAuthState(options.store);
    const socket = makeWASocket({
      auth: state,
      logger,
      browser: Browsers.ubuntu('Chrome'),
      ...(this.options.webSocketUrl ? { waWebSocketUrl: this.options.webSocketUrl } : {}),
      markOnlineOnConnect: false,
      syncFullHistory: false,
      shouldSyncHistoryMessage: () => false,
      generateHighQualityLinkPreview: false,
      getMessage: async (key) => {
        if (!options.getMessage || !key.remoteJid || !key.id) return undefined;
        const raw = await options.getMessage(key.remoteJid, key.id);
        return raw ? (deserialize<WAMessage>(raw).message ?? undefined) : undefined;
      },
    });
    return new BaileysConnection(options.sessionId, socket, saveCreds, logger);
  }
}

class BaileysConnection extends EventEmitter implements WhatsAppConnection {
  private closedByUs = false;
  private closed = false;

  constructor(
    readonly sessionId: string,
    private readonly socket: WASocket,
    saveCreds: () => Promise<void>,
    private readonly logger: Logger,
  ) {
    super();
    const ev = socket.ev;
    let savingCreds: Promise<void> = Promise.resolve();
    ev.on('creds.update', () => {
      savingCreds = saveCreds().catch((err: unknown) => logger.error({ err }, 'saving credentials failed'));
    });
    ev.on('connection.update', (u) => {
      if (u.qr) this.emit('qr', u.qr);
      if (u.connection === 'open') {
        const me = socket.authState.creds.me;
        if (me?.id) {
          this.emit('open', { jid: me.id, lid: me.lid ?? undefined, phoneNumber: jidUser(me.id), pushName: me.name ?? undefined });
        }
      }
      if (u.connection === 'close' && !this.closed) {
        this.closed = true;
        const reason = classifyDisconnect(u.lastDisconnect?.error, this.closedByUs);
        // 401 after pairing on a device that never linked is a failed link, not an unlink.
        if (reason.kind === 'logged_out' && !isLinked(socket.authState.creds)) reason.message = 'the link was refused';
        // Report the close only once the credentials are stored: after pairing (515) the next
        // connection must find the new identity, or it would start pairing again.
        void savingCreds.then(() => {
          this.emit('close', reason);
          this.removeAllListenersSoon();
        });
      }
    });
    ev.on('messages.upsert', ({ messages, type }) => {
      const mapped = messages.map(toInboundMessage).filter((m): m is InboundMessage => Boolean(m));
      if (mapped.length) this.emit('messages', mapped, type === 'notify');
    });
    ev.on('messages.update', (updates) => {
      const mapped = updates.map(toStatusUpdate).filter((u) => u !== undefined);
      if (mapped.length) this.emit('statuses', mapped);
    });
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

  async send(to: string, content: OutboundContent, options: SendOptions): Promise<InboundMessage> {
    const quoted = options.quotedRaw ? deserialize<WAMessage>(options.quotedRaw) : undefined;
    const sent = await this.socket.sendMessage(to, toBaileysContent(content), { messageId: options.messageId, quoted });
    const mapped = sent ? toInboundMessage(sent) : undefined;
    if (!mapped) throw new Error('the message could not be sent');
    return mapped;
  }

  async revoke(chatJid: string, waMessageId: string, fromMe: boolean): Promise<void> {
    await this.socket.sendMessage(chatJid, { delete: { remoteJid: chatJid, id: waMessageId, fromMe } });
  }

  async downloadMedia(raw: string): Promise<{ data: Buffer; mimetype: string }> {
    const message = deserialize<WAMessage>(raw);
    const data = await downloadMediaMessage(message, 'buffer', {}, { logger: this.logger, reuploadRequest: this.socket.updateMediaMessage });
    const mapped = toInboundMessage(message);
    return { data, mimetype: mapped?.media?.mimetype ?? 'application/octet-stream' };
  }

  async channelMetadata(jid: string): Promise<ChannelMetadata> {
    const meta = await this.socket.newsletterMetadata('jid', jid);
    if (!meta) throw new Error('channel not found');
    return toChannelMetadata(meta);
  }

  async followChannel(jid: string): Promise<void> {
    await this.socket.newsletterFollow(jid);
  }

  async unfollowChannel(jid: string): Promise<void> {
    await this.socket.newsletterUnfollow(jid);
  }

  async createChannel(name: string, description?: string): Promise<ChannelMetadata> {
    return toChannelMetadata(await this.socket.newsletterCreate(name, description));
  }

  async logout(): Promise<void> {
    this.closedByUs = true;
    try {
      await this.socket.logout();
    } finally {
      this.socket.end(undefined);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closedByUs = true;
    await new Promise<void>((resolve) => {
      this.once('close', () => resolve());
      this.socket.end(undefined);
      // end() emits 'close' synchronously in practice; guard against a socket that never reports.
      setTimeout(resolve, 2000).unref();
    });
  }

  private removeAllListenersSoon() {
    setImmediate(() => this.socket.ev.removeAllListeners(undefined as never));
  }
}

type TextField = string | { text?: string } | undefined;

/**
 * Two shapes reach here: newsletterCreate's parsed result (flat strings) and newsletterMetadata's
 * raw GraphQL result (`thread_metadata.name.text`, `subscribers_count` as a string).
 */
function toChannelMetadata(meta: {
  id: string;
  name?: TextField;
  description?: TextField;
  subscribers?: number;
  invite?: string;
  thread_metadata?: { name?: TextField; description?: TextField; subscribers_count?: string; invite?: string };
}): ChannelMetadata {
  const text = (v: TextField) => (typeof v === 'string' ? v : v?.text);
  const viewer = (meta as { viewer_metadata?: { role?: string } }).viewer_metadata;
  const thread = meta.thread_metadata;
  const subscribers = meta.subscribers ?? (thread?.subscribers_count !== undefined ? Number(thread.subscribers_count) : undefined);
  return {
    jid: meta.id,
    name: text(meta.name) ?? text(thread?.name) ?? '',
    description: text(meta.description) ?? text(thread?.description),
    subscribers: Number.isFinite(subscribers) ? subscribers : undefined,
    role: viewer?.role?.toLowerCase(),
    inviteCode: meta.invite ?? thread?.invite,
  };
}

export { proto };
