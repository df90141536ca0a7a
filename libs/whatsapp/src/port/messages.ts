/** The messages section of a connection: sending, revoking, media, and the message shapes. */

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
  /** Users mentioned in the caption (JIDs); the caption carries `@<user>` for each. */
  mentions?: string[];
}

export type OutboundContent =
  | { type: 'text'; text: string; mentions?: string[] }
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


/**
 * WhatsApp lets the author edit a message for 15 minutes after sending it; clients ignore a later
 * edit. Measured from the message's send time (its stored timestamp).
 */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;

/** A message to edit: where it is (the chat as WhatsApp knows it), its id, and what it is (text, or media whose caption changes). */
export interface EditTarget {
  chatJid: string;
  waMessageId: string;
  type: 'text' | 'image' | 'video' | 'document';
}

/** What a connection does with messages (`connection.messages`). */
export interface MessagesPort {
  /**
   * Resolves once WhatsApp acknowledged the message (it left); rejects with `connection_closed` if
   * the connection closes first (the caller may send it again under the same id).
   */
  send(to: string, content: OutboundContent, options: SendOptions): Promise<InboundMessage>;
  revoke(chatJid: string, waMessageId: string, fromMe: boolean): Promise<void>;
  /**
   * Edits a text (or a media's caption) this session sent: resolves once WhatsApp acknowledged the
   * edit, with the edit as a change (`change.kind === 'edit'`, `fromMe`) to apply to the stored
   * message. Who may edit and until when is for the caller to check (see EDIT_WINDOW_MS).
   */
  edit(target: EditTarget, text: string): Promise<InboundMessage>;
  downloadMedia(raw: string): Promise<{ data: Buffer; mimetype: string }>;
}
