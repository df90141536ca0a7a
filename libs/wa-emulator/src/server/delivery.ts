import { proto, writeRandomPadMax16, type BinaryNode } from '@whiskeysockets/baileys';
import { ProtocolAddress } from '../world/signal-party';
import { deliver, type Account, type Contact, type LinkedDevice } from '../world/world';
import { nextId, nowSeconds } from './context';

/** The contact-side Signal address of one companion device (stable per account + device). */
export const deviceAddress = (account: Account, deviceId: number) => new ProtocolAddress(`${account.lid}_1`, deviceId);

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

function stanzaType(message: proto.IMessage): { type: string; mediatype?: string } {
  if (message.reactionMessage) return { type: 'reaction' };
  if (message.imageMessage) return { type: 'media', mediatype: 'image' };
  if (message.documentMessage) return { type: 'media', mediatype: 'document' };
  if (message.locationMessage) return { type: 'media', mediatype: 'location' };
  if (message.contactMessage) return { type: 'media', mediatype: 'vcard' };
  return { type: 'text' };
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
  const plaintext = writeRandomPadMax16(proto.Message.encode(message).finish());
  const { type, mediatype } = stanzaType(message);
  const deliveries: PreparedMessage['deliveries'] = [];
  for (const device of account.devices.values()) {
    const { type: encType, ciphertext } = await contact.signal.encrypt(deviceAddress(account, device.id), plaintext, () =>
      account.bundleFor(device.id),
    );
    const attrs: Record<string, string> = opts.fromPn
      ? { from: contact.pnJid, sender_lid: contact.lidJid, addressing_mode: 'pn' }
      : { from: contact.lidJid, sender_pn: contact.pnJid, addressing_mode: 'lid' };
    Object.assign(attrs, { id, t: String(t), type, notify: contact.name });
    const encAttrs: Record<string, string> = { v: '2', type: encType };
    if (mediatype) encAttrs.mediatype = mediatype;
    deliveries.push({ device, node: { tag: 'message', attrs, content: [{ tag: 'enc', attrs: encAttrs, content: ciphertext }] } });
  }
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
