/** The presence section of a connection: the number's own presence, chat states, contacts' presence. */

/**
 * The number's own presence. `available`: online (WhatsApp then treats the linked device as the
 * one in use and the phone stops showing notifications); `unavailable`: offline, the phone
 * notifies as usual.
 */
export type OwnPresence = 'available' | 'unavailable';

/** What the number shows in a chat: typing, recording a voice note, or stopped. */
export type ChatState = 'composing' | 'recording' | 'paused';

/** A contact's presence as WhatsApp reports it (a stopped chat state arrives as `available`). */
export type ContactPresenceState = 'available' | 'unavailable' | 'composing' | 'recording';

export interface PresenceUpdate {
  /** Whose presence: a user JID (phone number or LID form, as subscribed). */
  jid: string;
  /** Where: the user's own chat, or a group the state was shown in. */
  chatJid: string;
  state: ContactPresenceState;
  /** When the user was last online, if WhatsApp tells (`unavailable` only). */
  lastSeen?: Date;
}

/** A received message to mark read. */
export interface ReadMark {
  chatJid: string;
  waMessageId: string;
  /** Group messages: who sent it. */
  senderJid?: string;
  /** The engine's record of the message, when stored (its key names the chat as WhatsApp does). */
  raw?: string;
}

/** What a connection does with presence (`connection.presence`). */
export interface PresencePort {
  /** Sets the number's own presence. */
  setOwn(state: OwnPresence): Promise<void>;
  /** Shows a chat state in a chat. */
  sendChatState(chatJid: string, state: ChatState): Promise<void>;
  /** Asks for a user's presence; updates arrive as `presence` feature events while the connection lives. */
  subscribe(jid: string): Promise<void>;
  /** Sends read receipts for received messages (blue ticks, unless the number hides read receipts). */
  markRead(messages: ReadMark[]): Promise<void>;
}
