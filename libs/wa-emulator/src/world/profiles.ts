import type { Account, Contact, World } from './world';

/** Who may see a profile item (WhatsApp's privacy settings "everyone" / "nobody"). */
export type Visibility = 'all' | 'none';

/** What WhatsApp shows others of a user: about text, profile picture, business profile; and whether its number shows. */
export interface Profile {
  about?: { text: string; setAt: number };
  aboutVisibility: Visibility;
  /** The picture as served (plain JPEG bytes on the media host), with WhatsApp's picture id. */
  picture?: { id: string; directPath: string; url: string; bytes: Buffer };
  pictureVisibility: Visibility;
  /** Set for a business account: its business profile. */
  business?: { description: string; category?: string; email?: string; website?: string };
  /**
   * The user's phone number is not revealed: its messages come from its LID without `sender_pn`,
   * as when someone writes from a group or a username without sharing the number.
   */
  phoneHidden: boolean;
}

const profiles = new WeakMap<Account | Contact, Profile>();

/** The profile of an account or contact (created with WhatsApp's defaults: everything visible, nothing set). */
export function profileOf(party: Account | Contact): Profile {
  let p = profiles.get(party);
  if (!p) profiles.set(party, (p = { aboutVisibility: 'all', pictureVisibility: 'all', phoneHidden: false }));
  return p;
}

/** Counters of the contact queries devices made, per world (see ContactsStats). */
export interface ContactsStats {
  /** `iq xmlns=usync` queries of any protocol. */
  usyncQueries: number;
  /** Of those, the queries with the `contact` protocol (is this number on WhatsApp). */
  contactQueries: number;
  /** Users named in `contact` queries, summed. */
  contactQueryUsers: number;
  /** Profile picture requests (`w:profile:picture` get). */
  pictureQueries: number;
}

const stats = new WeakMap<World, ContactsStats>();

export function contactsStats(world: World): ContactsStats {
  let s = stats.get(world);
  if (!s) stats.set(world, (s = { usyncQueries: 0, contactQueries: 0, contactQueryUsers: 0, pictureQueries: 0 }));
  return s;
}

export function resetContactsStats(world: World): void {
  Object.assign(contactsStats(world), { usyncQueries: 0, contactQueries: 0, contactQueryUsers: 0, pictureQueries: 0 });
}

/** Who an account blocked: LID user → phone number (both forms, as WhatsApp keeps them). */
const blocklists = new WeakMap<Account, Map<string, string>>();

export function blocklistOf(account: Account): Map<string, string> {
  let b = blocklists.get(account);
  if (!b) blocklists.set(account, (b = new Map()));
  return b;
}
