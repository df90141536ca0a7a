import type { ChannelsPort } from './channels';
import type { ContactsPort, LidMapping, SyncedContact } from './contacts';
import type { PresencePort, PresenceUpdate } from './presence';
import type { ProfilePort } from './profile';
import type { GroupChange, GroupMetadata, GroupParticipantsChange, GroupsPort } from './groups';
import type { InboundMessage, MessagesPort, StatusUpdate } from './messages';

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

/** The connection's own lifecycle: what the supervisor of a session acts on. */
export interface LifecycleEvents {
  qr: (qr: string) => void;
  open: (account: LinkedAccount) => void;
  close: (reason: Disconnect) => void;
}

/**
 * What a connection reports to the features, one payload object per event. The gateway forwards
 * every event named here to the features as it comes (with the session it belongs to), so a
 * feature that needs a new kind of event adds it here and to the adapter, and nowhere else.
 */
export interface FeatureEvents {
  /**
   * `live` false for the offline backlog delivered at login. Listeners that store the messages
   * pass `hold` the promise of their commit: WhatsApp gets the messages' receipts (and forgets
   * them) only once every held promise resolved. A rejected one, or none at all, withholds them
   * and ends the connection, so WhatsApp delivers them again when it reconnects.
   */
  messages: { messages: InboundMessage[]; live: boolean; hold: (stored: Promise<unknown>) => void };
  /** Delivery receipts for messages. */
  statuses: { updates: StatusUpdate[] };
  /** Groups the number is in, whole: joined or created now, or read again from WhatsApp. */
  groups: { groups: GroupMetadata[] };
  /** Subject, description or settings of groups changed (by whom, when WhatsApp says). */
  'group-changes': { changes: GroupChange[] };
  /** Members of a group added, removed, promoted or demoted (the number itself included: added = joined, removed = left). */
  'group-participants': GroupParticipantsChange;
  /** Presence of users the connection subscribed to: online, last seen, typing in a chat. */
  presence: { updates: PresenceUpdate[] };
  /** LID ↔ phone number pairs WhatsApp revealed (message attributes, usync answers, history and contact sync). */
  'lid-mappings': { mappings: LidMapping[] };
  /** People WhatsApp told about: address-book entries the phone synced (name, LID), display names. */
  contacts: { contacts: SyncedContact[] };
}

/** The names of FeatureEvents, for forwarding them without naming each. */
export const FEATURE_EVENTS = ['messages', 'statuses', 'groups', 'group-changes', 'group-participants', 'presence', 'lid-mappings', 'contacts'] as const satisfies readonly (keyof FeatureEvents)[];
export type FeatureEvent = keyof FeatureEvents;
/** Compile-time check: FEATURE_EVENTS names every feature event (else this line does not compile). */
const everyFeatureEvent: Exclude<FeatureEvent, (typeof FEATURE_EVENTS)[number]> extends never ? true : never = true;
void everyFeatureEvent;

export type ConnectionEvents = LifecycleEvents & { [E in FeatureEvent]: (payload: FeatureEvents[E]) => void };

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
  /** Sections, one per feature. */
  readonly messages: MessagesPort;
  readonly channels: ChannelsPort;
  readonly groups: GroupsPort;
  readonly contacts: ContactsPort;
  readonly presence: PresencePort;
  readonly profile: ProfilePort;
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
  /** A group's metadata as stored, so that a send to a group need not ask WhatsApp each time. */
  groupMetadata?: (jid: string) => Promise<GroupMetadata | undefined>;
  /**
   * The LID ↔ phone number pairs the gateway stored for this session naming any of these user
   * JIDs (either form, without device): the engine's own mapping store falls back to them, so a
   * pair learnt anywhere is what the engine uses when it addresses that person.
   */
  lidMappings?: (jids: string[]) => Promise<LidMapping[]>;
}

export interface WhatsAppEngine {
  connect(options: ConnectOptions): Promise<WhatsAppConnection>;
}

export const WHATSAPP_ENGINE = Symbol('WHATSAPP_ENGINE');

