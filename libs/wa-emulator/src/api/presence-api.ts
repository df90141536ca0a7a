import type { ServerContext } from '../server/context';
import {
  contactChatState,
  presenceBook,
  setContactPresence,
  type ChatState,
  type ChatStateSeen,
  type KnownPresence,
  type PresenceState,
  type ReadReceiptSeen,
} from '../server/presence';
import type { Account, Contact } from '../world/world';

type AccountRef = Account | string;
type ContactRef = Contact | string;

/**
 * Presence in the emulated world (`emulator.presence`): accounts' own presence as their devices
 * set it, contacts' presence and typing, what contacts saw of the accounts' typing and reading.
 * See `server/presence.ts` for the rules.
 */
export class PresenceApi {
  constructor(private readonly ctx: ServerContext) {}

  private get world() {
    return this.ctx.world;
  }

  /** The account's own presence as its devices last set it (undefined: never set). */
  of(account: AccountRef): (KnownPresence & { name: string }) | undefined {
    const p = presenceBook(this.world).accounts.get(this.world.account(account));
    return p ? { ...p } : undefined;
  }

  /** Resolves once the account's own presence is `state`. */
  waitForAccount(account: AccountRef, state: PresenceState, timeoutMs?: number): Promise<KnownPresence & { name: string }> {
    const acc = this.world.account(account);
    return this.world.waitFor(['account-presence'], () => {
      const p = presenceBook(this.world).accounts.get(acc);
      return p?.state === state ? { ...p } : undefined;
    }, timeoutMs);
  }

  /** The contact's phone goes online or offline; devices subscribed to it are told. Returns how many. */
  setContact(contact: ContactRef, state: PresenceState, opts: { hideLastSeen?: boolean } = {}): number {
    return setContactPresence(this.ctx, this.world.contact(contact), state, opts);
  }

  /** The contact types (`composing`), records a voice note (`recording`) or stops (`paused`) in its chat with the account. */
  typing(contact: ContactRef, account: AccountRef, state: ChatState): number {
    return contactChatState(this.ctx, this.world.contact(contact), this.world.account(account), state);
  }

  /** How many devices of the account subscribe to the contact's presence on their current connection. */
  subscribers(contact: ContactRef, account?: AccountRef): number {
    const c = this.world.contact(contact);
    const acc = account ? this.world.account(account) : undefined;
    let n = 0;
    for (const [device, sub] of presenceBook(this.world).subscribers.get(c) ?? []) {
      if (device.conn === sub.link && (!acc || acc.devices.get(device.id) === device)) n++;
    }
    return n;
  }

  /** Resolves once a device of the account subscribes to the contact's presence. */
  waitForSubscription(contact: ContactRef, account: AccountRef, timeoutMs?: number): Promise<true> {
    return this.world.waitFor(['presence-subscribed'], () => (this.subscribers(contact, account) ? true : undefined), timeoutMs);
  }

  /** Chat states the contact saw from accounts' devices, oldest first. */
  chatStates(contact: ContactRef): ChatStateSeen[] {
    return [...(presenceBook(this.world).chatStates.get(this.world.contact(contact)) ?? [])];
  }

  waitForChatState(contact: ContactRef, predicate: (s: ChatStateSeen) => boolean = () => true, timeoutMs?: number): Promise<ChatStateSeen> {
    return this.world.waitFor(['contact-chatstate'], () => this.chatStates(contact).find(predicate), timeoutMs);
  }

  /** Read receipts the contact got for messages it sent, oldest first. */
  readReceipts(contact: ContactRef): ReadReceiptSeen[] {
    return [...(presenceBook(this.world).readReceipts.get(this.world.contact(contact)) ?? [])];
  }

  waitForReadReceipt(contact: ContactRef, messageId: string, timeoutMs?: number): Promise<ReadReceiptSeen> {
    return this.world.waitFor(['contact-read-receipt'], () => this.readReceipts(contact).find((r) => r.id === messageId), timeoutMs);
  }
}
