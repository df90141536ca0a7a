import { proto } from '@whiskeysockets/baileys';
import type { Account, Contact } from '../world/world';
import { phoneWrites } from './app-state';

/** The collection WhatsApp keeps an account's address book in (contact sync to linked devices). */
export const ADDRESS_BOOK_COLLECTION = 'critical_unblock_low';

/** How the phone's owner saved someone in the address book. */
export interface AddressBookName {
  fullName: string;
  firstName?: string;
}

/** One entry of an account's address book: the person (both JID forms) and the names saved. */
export interface AddressBookEntry extends AddressBookName {
  pnJid: string;
  lidJid: string;
}

const books = new WeakMap<Account, Map<string, AddressBookEntry>>();

/** The address book on an account's phone, by phone-number JID. */
export function addressBookOf(account: Account): Map<string, AddressBookEntry> {
  let b = books.get(account);
  if (!b) books.set(account, (b = new Map()));
  return b;
}

/**
 * The phone's owner saves people in the address book (or renames them): WhatsApp syncs each entry
 * to the linked devices through app-state, as a `contact` mutation in `critical_unblock_low`
 * (index `["contact", "<phone-number JID>"]`, value `contactAction { fullName, firstName, lidJid }`,
 * the LID revealing the pair). Resolves with the collection's version once every connected device
 * synced it.
 */
export async function saveToAddressBook(account: Account, entries: { party: Account | Contact; name: AddressBookName }[], timeoutMs?: number): Promise<number> {
  const book = addressBookOf(account);
  const mutations = entries.map(({ party, name }) => {
    if (!name.fullName.trim()) throw new Error('emulator: an address book entry needs a name');
    book.set(party.pnJid, { pnJid: party.pnJid, lidJid: party.lidJid, fullName: name.fullName, firstName: name.firstName });
    const contactAction: proto.SyncActionValue.IContactAction = { fullName: name.fullName, firstName: name.firstName ?? null, lidJid: party.lidJid, saveOnPrimaryAddressbook: true };
    return { index: ['contact', party.pnJid], value: { timestamp: Date.now(), contactAction }, apiVersion: 2 };
  });
  return phoneWrites(account, ADDRESS_BOOK_COLLECTION, mutations, timeoutMs);
}
