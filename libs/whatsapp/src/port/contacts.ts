/** The contacts section of a connection: who is on WhatsApp, their profile, blocking, LID ↔ phone number. */

/** Whether a phone number is on WhatsApp, as WhatsApp answered. */
export interface ContactCheck {
  /** The number as asked (digits, no `+`). */
  phoneNumber: string;
  exists: boolean;
  /** Phone-number JID (`<digits>@s.whatsapp.net`) when it exists. */
  jid?: string;
  /** Its LID (`<digits>@lid`) when WhatsApp said. */
  lid?: string;
}

/** One LID ↔ phone number pair WhatsApp revealed (user JIDs without device). */
export interface LidMapping {
  lid: string;
  /** Phone-number JID. */
  pn: string;
}

/**
 * What WhatsApp told the connection of someone: from the address book on the phone (contact sync:
 * `name`, and the LID when the entry reveals it), or their own display name (`notify`).
 */
export interface SyncedContact {
  /** As WhatsApp named them: a phone-number JID or a LID (without device). */
  jid: string;
  /** Their LID, when known. */
  lid?: string;
  /** Their phone-number JID, when known. */
  phoneJid?: string;
  /** The name saved in the phone's address book. */
  name?: string;
  /** The name they gave themselves. */
  notify?: string;
}

/** A user's about text: `hidden` when their privacy settings hide it from this number; `text` null when none is set. */
export interface AboutText {
  text: string | null;
  setAt?: Date;
  hidden: boolean;
}

export interface BusinessProfile {
  description?: string;
  category?: string;
  email?: string;
  website?: string;
}

/** A profile picture's address on WhatsApp's media host, and WhatsApp's id of the picture (changes with it). */
export interface ProfilePicture {
  url: string;
  id?: string;
}

/** What a connection does with contacts (`connection.contacts`). */
export interface ContactsPort {
  /**
   * Asks WhatsApp in one query which of these numbers (digits) are on WhatsApp, with their LIDs.
   * One result per number given, in the same order. The LID ↔ number pairs learnt are also reported
   * as a `lid-mappings` event.
   */
  check(phoneNumbers: string[]): Promise<ContactCheck[]>;
  /** The about text of a user (phone-number JID or LID). */
  about(jid: string): Promise<AboutText>;
  /** The business profile, undefined for a personal account. */
  businessProfile(jid: string): Promise<BusinessProfile | undefined>;
  /** The profile picture: `not_found` when there is none, `forbidden` when their privacy hides it. */
  picture(jid: string): Promise<ProfilePicture>;
  /** Downloads a picture from WhatsApp's media host. */
  downloadPicture(picture: ProfilePicture): Promise<{ data: Buffer; mimetype: string }>;
  block(jid: string): Promise<void>;
  unblock(jid: string): Promise<void>;
  /** Who this number blocked, as WhatsApp lists them (LIDs or phone-number JIDs). */
  blocklist(): Promise<string[]>;
  /** The engine's own knowledge of a LID's phone number (no query to WhatsApp). */
  phoneNumberOf(lid: string): Promise<string | undefined>;
  /** The engine's own knowledge of a phone number's LID (no query to WhatsApp). */
  lidOf(pn: string): Promise<string | undefined>;
  /** Tells the engine pairs the gateway knows (e.g. from its store), so its sends and blocks can use them. */
  learn(mappings: LidMapping[]): Promise<void>;
}
