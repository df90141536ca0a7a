/**
 * The engine port: everything the gateway knows of WhatsApp. Features depend on these types only;
 * the Baileys adapter (./baileys) is the one implementation and the only code importing Baileys.
 */

/** Where a connection keeps its credentials and Signal keys, as opaque serialized strings. */
export interface AuthStateStore {
  readCreds(): Promise<string | null>;
  writeCreds(serialized: string): Promise<void>;
  readKeys(type: string, ids: string[]): Promise<Map<string, string>>;
  /** One call = one transaction; `value: null` deletes. */
  writeKeys(changes: { type: string; id: string; value: string | null }[]): Promise<void>;
}

/** Why a connection closed, in the terms the supervisor acts on (one reaction per WhatsApp close code). */
export type DisconnectKind =
  | 'restart_required' // 515 after pairing: reconnect at once
  | 'connection_lost' // 408/428/500/503 and network errors: reconnect with backoff
  | 'pairing_expired' // QR refs ran out: stop
  | 'logged_out' // 401: the device was unlinked
  | 'replaced' // 440: the same creds connected elsewhere; never reconnect
  | 'forbidden' // 403/411: needs re-pairing
  | 'client_outdated' // 405
  | 'closed_by_us';

export interface Disconnect {
  kind: DisconnectKind;
  statusCode?: number;
  /** The cause in words a user understands ("name resolution failed for web.whatsapp.com"). */
  message: string;
  /** The underlying error's own text (for the log), when it says more than `message`. */
  detail?: string;
}

export interface LinkedAccount {
  /** Phone-number JID of this device, e.g. 15551234567:1@s.whatsapp.net */
  jid: string;
  lid?: string;
  phoneNumber: string;
  pushName?: string;
}

export type MessageType =
  | 'text'
  | 'image'
  | 'video'
  | 'audio'
  | 'document'
  | 'sticker'
  | 'location'
  | 'contact'
  | 'reaction'
  | 'poll'
  | 'unknown';

export interface MediaInfo {
  mimetype?: string;
  fileName?: string;
  fileLength?: number;
  caption?: string;
  seconds?: number;
  voiceNote?: boolean;
  width?: number;
  height?: number;
}

export interface InboundMessage {
  waMessageId: string;
  chatJid: string;
  fromMe: boolean;
  /** Who wrote it (in a group or channel, the participant); for a 1:1 chat, the contact. */
  sender?: string;
  senderPn?: string;
  senderLid?: string;
  pushName?: string;
  timestamp: Date;
  type: MessageType;
  text?: string;
  media?: MediaInfo;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  contact?: { displayName?: string; vcard: string };
  /** `sentAt`: when the reactor reacted (WhatsApp's sender timestamp), to keep the latest one. */
  reaction?: { targetId: string; emoji: string; sentAt?: Date };
  poll?: { name: string; options: string[]; selectableCount: number };
  /**
   * Set when this is no message of its own but a change to an earlier one (delete for everyone,
   * edit, poll vote): `type` is then `unknown` and the change is applied to the target instead.
   */
  change?: MessageChange;
  quotedId?: string;
  /** Newsletter posts carry a server id beside the message id. */
  serverId?: string;
  /** For messages we sent: receipts that arrived before the engine reported the message. */
  status?: DeliveryStatus;
  /** The engine's full record, kept so media can be downloaded and retries answered later. */
  raw: string;
}

/**
 * A change a message makes to an earlier message of the same chat, identified by its WhatsApp id.
 * Who may make it (only the author revokes or edits) is for the receiver to check.
 */
export type MessageChange =
  | { kind: 'revoke'; targetId: string }
  | { kind: 'edit'; targetId: string; text: string; editedAt: Date }
  | { kind: 'poll_vote'; pollId: string; vote: EncryptedPollVote; votedAt: Date };

/** A poll vote as it travels: sealed with a key only the poll's participants can derive (base64). */
export interface EncryptedPollVote {
  encPayload: string;
  encIv: string;
}

/**
 * Opens poll votes. Pure computation on stored records, no connection: the key derives from the
 * poll's message secret (in the poll's engine record), the poll id and the JIDs of the poll's
 * creator and of the voter. WhatsApp clients do not all use the same JID forms (phone number or
 * LID) there, so callers pass every form they know, most likely first; authenticated decryption
 * tells which one was used.
 */
export interface PollVoteReader {
  /** The names of the options the vote selects ([] = vote withdrawn); undefined when it does not open. */
  read(poll: { raw: string; waMessageId: string; creatorJids: string[] }, vote: { encrypted: EncryptedPollVote; voterJids: string[] }): string[] | undefined;
}

export const POLL_VOTE_READER = Symbol('POLL_VOTE_READER');

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export interface StatusUpdate {
  chatJid: string;
  waMessageId: string;
  fromMe: boolean;
  status: DeliveryStatus;
}

export interface OutboundMedia {
  data: Buffer;
  mimetype: string;
  fileName?: string;
  caption?: string;
}

export type OutboundContent =
  | { type: 'text'; text: string }
  | ({ type: 'image' | 'video' | 'sticker' | 'document' } & OutboundMedia)
  | ({ type: 'audio'; voiceNote?: boolean } & OutboundMedia)
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  | { type: 'contact'; displayName: string; vcard: string }
  | { type: 'reaction'; targetId: string; targetChatJid: string; targetFromMe: boolean; targetSender?: string; emoji: string }
  | { type: 'poll'; name: string; options: string[]; selectableCount?: number };

export interface SendOptions {
  /** Fixed before the first attempt so that a retry cannot create a second message. */
  messageId: string;
  /** The raw record of the message being quoted (`InboundMessage.raw`). */
  quotedRaw?: string;
}

export interface ChannelMetadata {
  jid: string;
  name: string;
  description?: string;
  subscribers?: number;
  role?: string;
  inviteCode?: string;
}

/**
 * Why the engine could not do what was asked, in the port's own terms: callers never see a
 * library's error shapes. `kind` is stable (the API reports it as `errorCode`); `message` is the
 * real cause in words (never key material).
 */
export const ENGINE_ERROR_KINDS = ['not_found', 'forbidden', 'rate_limited', 'timeout', 'connection_closed', 'encryption_failed', 'media_failed', 'rejected', 'unknown'] as const;
export type EngineErrorKind = (typeof ENGINE_ERROR_KINDS)[number];

export class EngineError extends Error {
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export interface ConnectionEvents {
  qr: (qr: string) => void;
  open: (account: LinkedAccount) => void;
  close: (reason: Disconnect) => void;
  /**
   * `live` false for the offline backlog delivered at login. Listeners that store the messages
   * pass `hold` the promise of their commit: WhatsApp gets the messages' receipts (and forgets
   * them) only once every held promise resolved. A rejected one, or none at all, withholds them
   * and ends the connection, so WhatsApp delivers them again when it reconnects.
   */
  messages: (messages: InboundMessage[], live: boolean, hold: (stored: Promise<unknown>) => void) => void;
  statuses: (updates: StatusUpdate[]) => void;
}

/** Work of one kind a connection waits for: how much, and since when none of it moved. */
export interface Waiting {
  count: number;
  /** Since when something of this kind has been waiting without any of it finishing (undefined: nothing waits). */
  stalledSince?: number;
}

/**
 * What a connection is waiting for, for a liveness watchdog: a connection whose socket is open but
 * that handles nothing, gets nothing acknowledged and answers no keep-alive is dead all the same.
 * Times are epoch milliseconds.
 */
export interface ConnectionLiveness {
  /** Stanzas WhatsApp sent (messages, receipts, notifications) that are not handled yet. */
  inbound: Waiting;
  /** Sends about to leave (their key state being committed) or waiting for WhatsApp's acknowledgement. */
  sends: Waiting;
  /** Keep-alive pings (`ping()`) waiting for WhatsApp's answer. */
  keepAlive: Waiting;
  /** When anything at all last arrived from WhatsApp. */
  lastReceivedAt: number;
}

export interface WhatsAppConnection {
  readonly sessionId: string;
  on<E extends keyof ConnectionEvents>(event: E, listener: ConnectionEvents[E]): this;
  off<E extends keyof ConnectionEvents>(event: E, listener: ConnectionEvents[E]): this;
  requestPairingCode(phoneDigits: string): Promise<string>;
  /**
   * Resolves once WhatsApp acknowledged the message (it left); rejects with `connection_closed` if
   * the connection closes first (the caller may send it again under the same id).
   */
  send(to: string, content: OutboundContent, options: SendOptions): Promise<InboundMessage>;
  revoke(chatJid: string, waMessageId: string, fromMe: boolean): Promise<void>;
  downloadMedia(raw: string): Promise<{ data: Buffer; mimetype: string }>;
  channelMetadata(jid: string): Promise<ChannelMetadata>;
  followChannel(jid: string): Promise<void>;
  unfollowChannel(jid: string): Promise<void>;
  createChannel(name: string, description?: string): Promise<ChannelMetadata>;
  /** Unlinks the device from the account, then closes. */
  logout(): Promise<void>;
  /** Closes without unlinking. */
  close(): Promise<void>;
  /** What the connection waits for (see ConnectionLiveness). */
  liveness(): ConnectionLiveness;
  /** Sends a keep-alive ping; counted in `liveness().keepAlive` until WhatsApp answers it. */
  ping(): void;
}

export interface ConnectOptions {
  sessionId: string;
  store: AuthStateStore;
  /** Answers the engine's request for a message it sent (retry receipts). */
  getMessage?: (chatJid: string, waMessageId: string) => Promise<string | undefined>;
}

export interface WhatsAppEngine {
  connect(options: ConnectOptions): Promise<WhatsAppConnection>;
}

export const WHATSAPP_ENGINE = Symbol('WHATSAPP_ENGINE');
