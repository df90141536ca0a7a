import { getBinaryNodeChild, getBinaryNodeChildren, type BinaryNode } from '@whiskeysockets/baileys';
import type { Account, Contact, DeviceLink, LinkedDevice, World } from '../world/world';
import type { Connection } from './connection';
import { nowSeconds, type ServerContext } from './context';

/**
 * Presence as WhatsApp runs it, for the emulator:
 *
 * - A device sets its account's own presence with `<presence type="available|unavailable" name>`
 *   (the push name is required, as Baileys always sends it). Going unavailable records "last seen".
 * - `<presence type="subscribe" to=<user jid>>` subscribes that one connection to a user's
 *   presence: the server answers at once with the user's current presence (`last` = last seen in
 *   seconds, or `deny` when the user hides it) and pushes every change while the connection lives.
 *   A new connection starts without subscriptions.
 * - `<chatstate from=<own jid> to=<user jid>><composing [media="audio"]/> | <paused/></chatstate>`:
 *   typing in a chat. Emulated contacts record what reaches them; another account's devices get it
 *   only while they are subscribed to the sender's presence (as WhatsApp shows typing only to those
 *   looking at the chat).
 * - Read receipts from a device (`<receipt type="read" to=<contact> id [list]>`) reach the contact
 *   who sent those messages only when the receipt names that contact (or, in a group, names it as
 *   `participant`) and the ids are messages it sent to that account: anything else is refused.
 *
 * Malformed stanzas are refused (nothing happens, a `presence-refused` world event says why),
 * never guessed at.
 */

export type PresenceState = 'available' | 'unavailable';
export type ChatState = 'composing' | 'recording' | 'paused';

export interface KnownPresence {
  state: PresenceState;
  /** Epoch seconds of the last time the user went offline. */
  lastSeen?: number;
}

/** A chat state a device sent to a contact, as the contact saw it. */
export interface ChatStateSeen {
  /** The account's phone digits and the device that sent it. */
  from: string;
  fromDevice: number;
  state: ChatState;
  /** Epoch milliseconds of arrival. */
  at: number;
  /** Typing in a group: the group's jid. */
  group?: string;
}

/** A read receipt a contact got from an account's device for a message it sent. */
export interface ReadReceiptSeen {
  id: string;
  /** The account's phone digits and the device that read it. */
  from: string;
  fromDevice: number;
  /** `read`, or `read-self` (the reader hides read receipts: the sender sees nothing in a real client). */
  type: 'read' | 'read-self';
  at: number;
}

interface Subscription {
  /** The connection that subscribed (a later connection of the device has none). */
  link: DeviceLink;
  /** The JID the device subscribed with: presence comes back from it. */
  jid: string;
}

/** The presence state of one world. */
export class PresenceBook {
  readonly accounts = new Map<Account, KnownPresence & { name: string }>();
  readonly contacts = new Map<Contact, KnownPresence & { hideLastSeen: boolean }>();
  /** Per subscribed user (account or contact), the devices subscribed to it. */
  readonly subscribers = new Map<Account | Contact, Map<LinkedDevice, Subscription>>();
  readonly chatStates = new Map<Contact, ChatStateSeen[]>();
  readonly readReceipts = new Map<Contact, ReadReceiptSeen[]>();

  contactPresence(c: Contact): KnownPresence & { hideLastSeen: boolean } {
    let p = this.contacts.get(c);
    if (!p) this.contacts.set(c, (p = { state: 'unavailable', lastSeen: nowSeconds() - 3600, hideLastSeen: false }));
    return p;
  }
}

const books = new WeakMap<World, PresenceBook>();

export function presenceBook(world: World): PresenceBook {
  let b = books.get(world);
  if (!b) books.set(world, (b = new PresenceBook()));
  return b;
}

function refuse(ctx: ServerContext, conn: Connection, node: BinaryNode, why: string): void {
  ctx.world.emit('presence-refused', conn.account, node.tag, why);
}

const isUserJid = (jid: string | undefined): jid is string => !!jid && /^\d+(:\d+)?@(s\.whatsapp\.net|lid)$/.test(jid);
const bareUser = (jid: string) => jid.replace(/:\d+@/, '@');

/** `<presence>` from a device: its own presence, or a subscription. */
export function handleClientPresence(ctx: ServerContext, conn: Connection, node: BinaryNode): void {
  const { account, device } = conn;
  if (!account || !device) return;
  const book = presenceBook(ctx.world);
  const type = node.attrs.type;
  if (type === 'available' || type === 'unavailable') {
    if (node.attrs.to) return refuse(ctx, conn, node, 'own presence is not addressed');
    const name = node.attrs.name;
    if (!name) return refuse(ctx, conn, node, 'presence without a name');
    const prev = book.accounts.get(account);
    const next = { state: type, name, lastSeen: type === 'unavailable' ? nowSeconds() : prev?.lastSeen } as const;
    book.accounts.set(account, next);
    ctx.world.emit('account-presence', account, next);
    if (prev?.state !== type) pushPresence(book, account, next, false);
    return;
  }
  if (type === 'subscribe' || type === 'unsubscribe') {
    const to = node.attrs.to;
    if (!isUserJid(to)) return refuse(ctx, conn, node, 'subscription to something not a user');
    const party = ctx.world.resolve(to);
    if (!party) return; // nobody: WhatsApp tells nothing
    const target = party.kind === 'account' ? party.account : party.contact;
    let subs = book.subscribers.get(target);
    if (!subs) book.subscribers.set(target, (subs = new Map()));
    if (type === 'unsubscribe') {
      subs.delete(device);
      return;
    }
    subs.set(device, { link: conn, jid: bareUser(to) });
    ctx.world.emit('presence-subscribed', account, device.id, target);
    const now = party.kind === 'contact' ? book.contactPresence(party.contact) : book.accounts.get(party.account);
    const hide = party.kind === 'contact' && book.contactPresence(party.contact).hideLastSeen;
    conn.sendNode(presenceNode(bareUser(to), now ?? { state: 'unavailable' }, hide));
    return;
  }
  refuse(ctx, conn, node, `unknown presence type ${type ?? '(none)'}`);
}

function presenceNode(from: string, p: KnownPresence, hideLastSeen: boolean): BinaryNode {
  const attrs: Record<string, string> = { from, type: p.state };
  if (p.state === 'unavailable') attrs.last = hideLastSeen ? 'deny' : p.lastSeen ? String(p.lastSeen) : 'deny';
  return { tag: 'presence', attrs };
}

/** Sends a user's presence to every device subscribed to it on its current connection. */
function pushPresence(book: PresenceBook, user: Account | Contact, p: KnownPresence, hideLastSeen: boolean): number {
  let n = 0;
  for (const [device, sub] of book.subscribers.get(user) ?? []) {
    if (device.conn !== sub.link || device.frozen) continue;
    sub.link.sendNode(presenceNode(sub.jid, p, hideLastSeen));
    n++;
  }
  return n;
}

function recordChatState(ctx: ServerContext, contact: Contact, entry: ChatStateSeen): void {
  const seen = presenceBook(ctx.world).chatStates;
  let list = seen.get(contact);
  if (!list) seen.set(contact, (list = []));
  list.push(entry);
  if (list.length > 1000) list.shift();
  ctx.world.emit('contact-chatstate', contact, entry);
}

/** `<chatstate>` from a device: typing (or recording, or stopped) in a 1:1 chat or a group it is in. */
export function handleClientChatState(ctx: ServerContext, conn: Connection, node: BinaryNode): void {
  const { account, device } = conn;
  if (!account || !device) return;
  const from = node.attrs.from;
  const to = node.attrs.to;
  const own = ctx.world.resolve(from);
  if (!from || own?.kind !== 'account' || own.account !== account) return refuse(ctx, conn, node, 'chatstate not from the sending account');
  const group = to?.endsWith('@g.us') ? ctx.world.groups.get(to) : undefined;
  if (!isUserJid(to) && !group) return refuse(ctx, conn, node, 'chatstate not to a user or a known group');
  if (group && !group.member({ kind: 'account', account })) return refuse(ctx, conn, node, 'chatstate to a group the account is not in');
  const children = Array.isArray(node.content) ? (node.content as BinaryNode[]) : [];
  if (children.length !== 1) return refuse(ctx, conn, node, 'chatstate needs exactly one state');
  const [child] = children;
  let state: ChatState;
  if (child.tag === 'composing' && !child.attrs.media) state = 'composing';
  else if (child.tag === 'composing' && child.attrs.media === 'audio') state = 'recording';
  else if (child.tag === 'paused' && !child.attrs.media) state = 'paused';
  else return refuse(ctx, conn, node, `unknown chat state ${child.tag}`);
  if (group) {
    // Typing in a group: recorded by the group's contacts (accounts' devices are not modelled here).
    for (const p of group.parties()) if (p.kind === 'contact') recordChatState(ctx, p.contact, { from: account.phone, fromDevice: device.id, state, at: Date.now(), group: group.jid });
    return;
  }
  const party = ctx.world.resolve(to);
  if (!party) return;
  if (party.kind === 'contact') {
    recordChatState(ctx, party.contact, { from: account.phone, fromDevice: device.id, state, at: Date.now() });
    return;
  }
  // Another account: only its devices watching the sender see it.
  for (const [d, sub] of presenceBook(ctx.world).subscribers.get(account) ?? []) {
    if (d.conn !== sub.link || d.frozen || party.account.devices.get(d.id) !== d) continue;
    sub.link.sendNode(chatStateNode(sub.jid, state));
  }
}

function chatStateNode(from: string, state: ChatState): BinaryNode {
  const child: BinaryNode = state === 'recording' ? { tag: 'composing', attrs: { media: 'audio' } } : { tag: state, attrs: {} };
  return { tag: 'chatstate', attrs: { from }, content: [child] };
}

/** A contact's presence changes (its phone went online or offline): subscribers are told. */
export function setContactPresence(ctx: ServerContext, contact: Contact, state: PresenceState, opts: { hideLastSeen?: boolean } = {}): number {
  const book = presenceBook(ctx.world);
  const p = book.contactPresence(contact);
  if (opts.hideLastSeen !== undefined) p.hideLastSeen = opts.hideLastSeen;
  if (state === 'unavailable' && p.state === 'available') p.lastSeen = nowSeconds();
  p.state = state;
  return pushPresence(book, contact, p, p.hideLastSeen);
}

/** A contact types (or records, or stops) in its chat with an account: the account's subscribed devices see it. */
export function contactChatState(ctx: ServerContext, contact: Contact, account: Account, state: ChatState): number {
  let n = 0;
  for (const [device, sub] of presenceBook(ctx.world).subscribers.get(contact) ?? []) {
    if (device.conn !== sub.link || device.frozen || account.devices.get(device.id) !== device) continue;
    sub.link.sendNode(chatStateNode(sub.jid, state));
    n++;
  }
  return n;
}

/**
 * Read receipts from a device for messages contacts sent (see the module comment). Called with
 * every receipt of type `read` / `read-self`; the ids are the receipt's id and its list.
 */
export function onDeviceReadReceipt(ctx: ServerContext, conn: Connection, node: BinaryNode, ids: string[]): void {
  const { account, device } = conn;
  if (!account || !device) return;
  const to = node.attrs.to;
  const inGroup = to?.endsWith('@g.us');
  const sender = ctx.world.resolve(inGroup ? node.attrs.participant : to);
  if (sender?.kind !== 'contact') return; // accounts' receipts are relayed elsewhere (or not modelled)
  const contact = sender.contact;
  const type = node.attrs.type === 'read-self' ? 'read-self' : 'read';
  if (!node.attrs.t) return refuse(ctx, conn, node, 'read receipt without a time');
  const accepted: string[] = [];
  for (const id of ids) {
    const sent = contact.outbox.get(id);
    const ok = sent && (inGroup ? sent.group === to : !sent.group && sent.to === account.phone);
    if (!ok) return refuse(ctx, conn, node, `read receipt for ${id}, which ${contact.phone} did not send to this chat`);
    accepted.push(id);
  }
  const seen = presenceBook(ctx.world).readReceipts;
  let list = seen.get(contact);
  if (!list) seen.set(contact, (list = []));
  for (const id of accepted) {
    const entry: ReadReceiptSeen = { id, from: account.phone, fromDevice: device.id, type, at: Date.now() };
    list.push(entry);
    ctx.world.emit('contact-read-receipt', contact, entry);
  }
  if (list.length > 5000) list.splice(0, list.length - 5000);
}

/** Ids of a receipt stanza: its `id` and those in `<list><item id>`. */
export function receiptIds(node: BinaryNode): string[] {
  return [node.attrs.id, ...getBinaryNodeChildren(getBinaryNodeChild(node, 'list'), 'item').map((i) => i.attrs.id)];
}
