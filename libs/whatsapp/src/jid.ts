/** JID helpers that need no engine: the API accepts E.164 digits or any of these JID forms. */
const JID_RE = /^[0-9A-Za-z._:-]+@(s\.whatsapp\.net|g\.us|lid|newsletter)$/;
const PHONE_RE = /^\+?[1-9]\d{6,14}$/;

/** Turns `to` (E.164 digits, with or without +, or a JID) into a JID; undefined when invalid. */
export function normalizeJid(to: string): string | undefined {
  const value = to.trim();
  if (PHONE_RE.test(value)) return `${value.replace(/^\+/, '')}@s.whatsapp.net`;
  if (JID_RE.test(value)) return value;
  return undefined;
}

export function isPhoneNumber(value: string): boolean {
  return PHONE_RE.test(value.trim());
}

export function phoneDigits(value: string): string {
  return value.trim().replace(/^\+/, '');
}

/** The user part of a JID without device suffix: 15551234567:3@s.whatsapp.net → 15551234567 */
export function jidUser(jid: string): string {
  return jid.split('@')[0].split(':')[0];
}

export function isNewsletterJid(jid: string): boolean {
  return jid.endsWith('@newsletter');
}
