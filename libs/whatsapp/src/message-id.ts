import { randomBytes } from 'node:crypto';

/**
 * A WhatsApp message id in the form WhatsApp's own clients use for their sends (what Baileys'
 * generateMessageIDV2 makes: "3EB0" + 18 uppercase hex characters). Every outgoing message gets
 * one, chats and channels alike. Fixed before the first attempt and reused by every retry, so
 * WhatsApp (which dedupes by id) receives one message however often it is retried.
 */
export function newWaMessageId(): string {
  return '3EB0' + randomBytes(9).toString('hex').toUpperCase();
}

export const WA_MESSAGE_ID_RE = /^3EB0[0-9A-F]{18}$/;
