import { encodeBigEndian, getBinaryNodeChild, KEY_BUNDLE_TYPE, type BinaryNode } from '@whiskeysockets/baileys';
import { deliver, type Account, type Contact, type LinkedDevice } from '../world/world';
import type { Connection } from './connection';
import { nowSeconds, type ServerContext } from './context';
import { resendToDevice } from './delivery';
import { bundleFromRetryReceipt, bundleKeyNodes } from './key-bundles';

/** Retry receipts a recipient sends per message, and re-sends a sender makes per message (as Baileys' maxMsgRetryCount). */
export const MAX_RETRIES = 5;

/** WhatsApp's NACK reason for a message whose keys were used already ("ParsingError" in Baileys). */
export const NACK_KEY_REUSE = 487;

/**
 * libsignal's MessageCounterError ("Key used already or never filled"): the sender encrypted with
 * a message key the recipient already consumed, i.e. it re-used old ratchet state. Baileys NACKs
 * these (487) instead of asking for a retry, so the message is lost.
 */
export function isKeyReuseError(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | undefined;
  return e?.name === 'MessageCounterError' || /Key used already or never filled/.test(String(e?.message ?? ''));
}

/**
 * The retry receipt a Baileys recipient sends (`sendRetryRequest`) as WhatsApp relays it to the
 * sending device: `<retry count id t v error>` and `<registration>`, plus from the second retry on
 * `<keys>` (type, identity, a fresh one-time prekey, signed prekey) so the sender can build a new
 * session without a fetch. The contact is a primary device: no `<device-identity>`. For a group
 * message it comes `from` the group with the asking contact as `participant` (Baileys then re-sends
 * to the whole group, the sender key included, since the contact is a device 0).
 */
export function contactRetryReceipt(contact: Contact, messageId: string, messageT: string, count: number, group?: string): BinaryNode {
  const content: BinaryNode[] = [
    { tag: 'retry', attrs: { count: String(count), id: messageId, t: messageT, v: '1', error: '0' } },
    { tag: 'registration', attrs: {}, content: encodeBigEndian(contact.signal.registrationId) },
  ];
  if (count > 1) {
    const [identity, skey, ...key] = bundleKeyNodes(contact.signal.bundle());
    content.push({ tag: 'keys', attrs: {}, content: [{ tag: 'type', attrs: {}, content: KEY_BUNDLE_TYPE }, identity, ...key, skey] });
  }
  const from: Record<string, string> = group ? { from: group, participant: contact.lidJid } : { from: contact.lidJid };
  return { tag: 'receipt', attrs: { ...from, id: messageId, type: 'retry', t: String(nowSeconds()) }, content };
}

/**
 * A contact failed to decrypt a message from a device. Key re-use: NACK 487, counted, nothing goes
 * back to the sender (WhatsApp acked the stanza on arrival and relays no recipient NACK; Baileys has
 * no handler for one), the message is lost. Anything else (no session, bad MAC, unknown prekey...):
 * a retry receipt to the sending device, up to MAX_RETRIES per message; the re-sent copy is then
 * decrypted as a normal message.
 */
export function onContactDecryptFailure(
  ctx: ServerContext,
  contact: Contact,
  device: LinkedDevice | undefined,
  messageId: string,
  messageT: string,
  err: unknown,
  group?: string,
): void {
  const stats = ctx.world.retryStats;
  if (isKeyReuseError(err)) {
    contact.nacksSent++;
    stats.nacks++;
    stats.nackedIds.push(messageId);
    ctx.world.emit('nack', contact, messageId, NACK_KEY_REUSE, err);
    return;
  }
  if (!device) return;
  const count = countRetryReceipt(ctx, contact, messageId);
  if (!count) return;
  deliver(device, contactRetryReceipt(contact, messageId, messageT, count, group));
  ctx.world.emit('retry-receipt', contact, messageId, count);
}

/** Counts one more retry receipt of `contact` for a message; undefined once MAX_RETRIES are used up. */
export function countRetryReceipt(ctx: ServerContext, contact: Contact, messageId: string): number | undefined {
  const count = (contact.retriesById.get(messageId) ?? 0) + 1;
  if (count > MAX_RETRIES) return undefined;
  contact.retriesById.set(messageId, count);
  contact.retryReceiptsSent++;
  ctx.world.retryStats.retryReceipts++;
  ctx.world.retryStats.retriedIds.push(messageId);
  return count;
}

/**
 * A device sent a retry receipt (it could not decrypt a message). WhatsApp routes it to the
 * sender; when that is a contact, the contact re-sends the message with a fresh session.
 */
export async function onDeviceRetryReceipt(ctx: ServerContext, conn: Connection, receipt: BinaryNode): Promise<void> {
  const { account, device } = conn;
  if (!account || !device) return;
  const id = receipt.attrs.id;
  const stats = ctx.world.retryStats;
  stats.retryReceiptsFromDevices++;
  stats.deviceRetriedIds.push(id);
  // A group message's retry receipt goes `to` the group and names its sender as `participant`.
  const isGroup = receipt.attrs.to?.endsWith('@g.us');
  const party = ctx.world.resolve(isGroup ? receipt.attrs.participant : receipt.attrs.to);
  const contact = party?.kind === 'contact' ? party.contact : undefined;
  if (contact) contact.retryReceiptsReceived++;
  ctx.world.emit('device-retry', account, device.id, id, contact);
  if (contact) await resendAfterRetry(ctx, contact, account, device, receipt);
}

async function resendAfterRetry(ctx: ServerContext, contact: Contact, account: Account, device: LinkedDevice, receipt: BinaryNode) {
  const id = receipt.attrs.id;
  const count = Number(getBinaryNodeChild(receipt, 'retry')?.attrs.count) || 1;
  const resent = await resendToDevice(contact, account, device, id, count, bundleFromRetryReceipt(receipt), MAX_RETRIES).catch(
    (err: unknown) => {
      ctx.world.emit('resend-error', contact, id, err);
      return false;
    },
  );
  if (!resent) return;
  contact.resendsSent++;
  ctx.world.retryStats.contactResends++;
  ctx.world.emit('contact-resend', contact, id, count);
}
