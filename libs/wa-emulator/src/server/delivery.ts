import { proto, writeRandomPadMax16, type BinaryNode } from '@whiskeysockets/baileys';
import { ProtocolAddress, type KeyBundle } from '../world/signal-party';
import { deliver, type Account, type Contact, type LinkedDevice } from '../world/world';
import { nextId, nowSeconds } from './context';
import { blocklistOf, profileOf } from '../world/profiles';

/** The contact-side Signal address of one companion device (stable per account + device). */
export const deviceAddress = (account: Account, deviceId: number) => new ProtocolAddress(`${account.lid}_1`, deviceId);

/** A contact's own Signal address (its phone, device 0), as other emulated contacts and its sender key name it. */
export const contactAddress = (contact: Contact) => new ProtocolAddress(`${contact.lid}_1`, 0);

/** Prefix of the contact-side Signal addresses of every device of an account. */
export const accountAddressPrefix = (account: Account) => `${account.lid}_1.`;

export interface PreparedMessage {
  id: string;
  t: number;
  /** One encrypted stanza per companion device of the recipient. */
  deliveries: { device: LinkedDevice; node: BinaryNode }[];
}

export interface SendOptions {
  id?: string;
  /** Address the stanza from the contact's phone-number jid instead of its LID. */
  fromPn?: boolean;
}

/** The stanza `type` (and `mediatype` of `<enc>`) WhatsApp clients give a message. */
export function stanzaType(message: proto.IMessage): { type: string; mediatype?: string } {
  if (message.reactionMessage) return { type: 'reaction' };
  if (message.imageMessage) return { type: 'media', mediatype: 'image' };
  if (message.documentMessage) return { type: 'media', mediatype: 'document' };
  if (message.locationMessage) return { type: 'media', mediatype: 'location' };
  if (message.contactMessage) return { type: 'media', mediatype: 'vcard' };
  return { type: 'text' };
}

/** Encrypts `message` for one device and wraps it in the stanza WhatsApp would deliver. */
async function encryptedStanza(
  contact: Contact,
  account: Account,
  device: LinkedDevice,
  message: proto.IMessage,
  meta: { id: string; t: number; fromPn?: boolean; retryCount?: number; group?: string },
  bundleFor: () => KeyBundle | undefined,
): Promise<BinaryNode> {
  const plaintext = writeRandomPadMax16(proto.Message.encode(message).finish());
  const { type, mediatype } = stanzaType(message);
  const { type: encType, ciphertext } = await contact.signal.encrypt(deviceAddress(account, device.id), plaintext, bundleFor);
  let attrs: Record<string, string>;
  if (meta.group) attrs = { from: meta.group, participant: contact.lidJid, participant_pn: contact.pnJid, addressing_mode: 'lid' };
  else if (meta.fromPn) attrs = { from: contact.pnJid, sender_lid: contact.lidJid, addressing_mode: 'pn' };
  // A contact whose number is hidden (profiles.ts) writes from its LID alone.
  else if (profileOf(contact).phoneHidden) attrs = { from: contact.lidJid, addressing_mode: 'lid' };
  else attrs = { from: contact.lidJid, sender_pn: contact.pnJid, addressing_mode: 'lid' };
  Object.assign(attrs, { id: meta.id, t: String(meta.t), type, notify: contact.name });
  const encAttrs: Record<string, string> = { v: '2', type: encType };
  if (mediatype) encAttrs.mediatype = mediatype;
  // A re-send after a retry receipt carries the retry count on <enc>, as WhatsApp clients do.
  if (meta.retryCount) encAttrs.count = String(meta.retryCount);
  return { tag: 'message', attrs, content: [{ tag: 'enc', attrs: encAttrs, content: ciphertext }] };
}

/**
 * Encrypts a message from a contact for every linked device of an account. Kept separate from
 * pushing so a load generator can pay the Signal cost ahead of time.
 */
export async function prepareFromContact(
  contact: Contact,
  account: Account,
  message: proto.IMessage,
  opts: SendOptions = {},
): Promise<PreparedMessage> {
  const id = opts.id ?? nextId('3EB0');
  const t = nowSeconds();
  const deliveries: PreparedMessage['deliveries'] = [];
  // WhatsApp takes a blocked contact's 1:1 message (one tick on its side) and never delivers it.
  if (blocklistOf(account).has(contact.lid)) {
    contact.rememberSent(id, { to: account.phone, message, t, fromPn: !!opts.fromPn });
    return { id, t, deliveries };
  }
  for (const device of account.devices.values()) {
    const node = await encryptedStanza(contact, account, device, message, { id, t, fromPn: opts.fromPn }, () =>
      account.bundleFor(device.id),
    );
    deliveries.push({ device, node });
  }
  contact.rememberSent(id, { to: account.phone, message, t, fromPn: !!opts.fromPn });
  return { id, t, deliveries };
}

/** Sends prepared stanzas to connected devices; offline devices get them at their next login. */
export function pushPrepared(prepared: PreparedMessage): number {
  let online = 0;
  for (const { device, node } of prepared.deliveries) {
    if (device.conn) online++;
    deliver(device, node);
  }
  return online;
}

/**
 * A device could not decrypt a message of this contact and asked for it again: like a WhatsApp
 * client, the contact throws its session with that device away, builds a fresh one (from the keys
 * in the retry receipt, else from a bundle fetched from the server) and re-sends the same message
 * id to that device only. A group message goes pairwise too (`from` the group, the contact as
 * `participant`), its sender key distribution message inside, as WhatsApp clients re-send group
 * messages. Returns false when the message is unknown or was re-sent too often.
 */
export async function resendToDevice(
  contact: Contact,
  account: Account,
  device: LinkedDevice,
  id: string,
  retryCount: number,
  bundleInReceipt: KeyBundle | undefined,
  maxResends: number,
): Promise<boolean> {
  const sent = contact.outbox.get(id);
  if (!sent || (!sent.group && sent.to !== account.phone) || sent.resends >= maxResends) return false;
  sent.resends++;
  contact.signal.dropSession(deviceAddress(account, device.id));
  let message = sent.message;
  if (sent.group) {
    const skdm = await contact.senderKeys.distribution(sent.group, contactAddress(contact));
    message = { ...message, senderKeyDistributionMessage: { groupId: sent.group, axolotlSenderKeyDistributionMessage: skdm } };
  }
  const node = await encryptedStanza(
    contact,
    account,
    device,
    message,
    { id, t: sent.t, fromPn: sent.fromPn, retryCount, group: sent.group },
    () => bundleInReceipt ?? account.bundleFor(device.id),
  );
  if (sent.group) distributedSet(contact, sent.group).add(deviceKey(account.lid, device.id));
  deliver(device, node);
  return true;
}

/** How group fan-out and sender-key memory name a device: `<lid user>:<device>`. */
export const deviceKey = (lidUser: string, deviceId: number) => `${lidUser}:${deviceId}`;

/** The devices a contact gave its current sender key for a group to (created empty). */
export function distributedSet(contact: Contact, group: string): Set<string> {
  let set = contact.keyDistributedTo.get(group);
  if (!set) contact.keyDistributedTo.set(group, (set = new Set()));
  return set;
}
