/** JIDs: what kind a JID is, its parts, and the chat JID inside an engine record. */

export function phoneDigits(value: string): string {
  return value.trim().replace(/^\+/, '');
}

/** The user part of a JID without device suffix: 15551234567:3@s.whatsapp.net → 15551234567 */
export function jidUser(jid: string): string {
  return jid.split('@')[0].split(':')[0];
}

/**
 * The kind of a JID, by its server. These say what a JID is, not whether the API accepts it
 * (the API's stricter format rules are applied where requests are validated).
 */
export type JidKind = 'user' | 'lid' | 'group' | 'newsletter' | 'broadcast' | 'other';

export function jidKind(jid: string): JidKind {
  const server = jid.slice(jid.lastIndexOf('@') + 1);
  switch (server) {
    case 's.whatsapp.net':
      return 'user';
    case 'lid':
      return 'lid';
    case 'g.us':
      return 'group';
    case 'newsletter':
      return 'newsletter';
    case 'broadcast':
      return 'broadcast';
    default:
      return 'other';
  }
}

export const isUserJid = (jid: string): boolean => jidKind(jid) === 'user';
export const isLidJid = (jid: string): boolean => jidKind(jid) === 'lid';
export const isGroupJid = (jid: string): boolean => jidKind(jid) === 'group';
export const isNewsletterJid = (jid: string): boolean => jidKind(jid) === 'newsletter';

/**
 * The chat JID inside an engine record (`InboundMessage.raw`), in WhatsApp's own form (e.g. a
 * LID where the stored chat is a phone number); undefined when the record does not say.
 */
export function chatJidOf(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const jid = (JSON.parse(raw) as { key?: { remoteJid?: unknown } }).key?.remoteJid;
    return typeof jid === 'string' && jid ? jid : undefined;
  } catch {
    return undefined;
  }
}
