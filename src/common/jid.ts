import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';

/**
 * The recipient and chat JIDs the API accepts, in one place. WhatsApp addresses are
 * `<user>@<server>`; a device (`:N`) or agent (`_N`) suffix names one device of an account and
 * is never a chat, so it is refused.
 *
 * - a phone number: international format, digits only, no leading 0, 6 to 15 digits (E.164's
 *   maximum); a leading `+` is allowed in the bare form;
 * - `<number>@s.whatsapp.net`: the same number as a user JID;
 * - `<creator number>-<timestamp>@g.us` (legacy groups) or `120363<digits>@g.us` (current groups);
 * - `<digits>@lid`: a user's LID (the privacy id WhatsApp reports instead of the number);
 * - `<digits>@newsletter`: a channel.
 */
const NUMBER = '[1-9]\\d{5,14}';
const PHONE_RE = new RegExp(`^\\+?(${NUMBER})$`);
const USER_JID_RE = new RegExp(`^${NUMBER}@s\\.whatsapp\\.net$`);
const GROUP_JID_RE = new RegExp(`^(?:${NUMBER}-[1-9]\\d{8,11}|120363\\d{6,14})@g\\.us$`);
const LID_JID_RE = /^[1-9]\d{0,19}@lid$/;
const NEWSLETTER_JID_RE = /^[1-9]\d{5,24}@newsletter$/;

export type RecipientKind = 'user' | 'group' | 'lid' | 'newsletter';

export interface Recipient {
  /** The JID to address (a bare number becomes `<digits>@s.whatsapp.net`). */
  jid: string;
  kind: RecipientKind;
}

/** Why a recipient was refused, for validation messages (prefixed with the field name). */
export const RECIPIENT_RULE =
  'must be a phone number in international format (6 to 15 digits, no leading 0, an optional leading +) or a JID: ' +
  '<number>@s.whatsapp.net, <number>-<timestamp>@g.us or 120363<digits>@g.us (groups), <digits>@lid or <digits>@newsletter; ' +
  'no device (:N) or agent (_N) suffix';

export function isPhoneNumber(value: string): boolean {
  return PHONE_RE.test(value);
}

export function isUserJid(jid: string): boolean {
  return USER_JID_RE.test(jid);
}

export function isGroupJid(jid: string): boolean {
  return GROUP_JID_RE.test(jid);
}

export function isLidJid(jid: string): boolean {
  return LID_JID_RE.test(jid);
}

export function isNewsletterJid(jid: string): boolean {
  return NEWSLETTER_JID_RE.test(jid);
}

/** A phone number or JID as the chat JID to address; undefined when it is none of the accepted forms. */
export function parseRecipient(value: string): Recipient | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  const phone = PHONE_RE.exec(v);
  if (phone) return { jid: `${phone[1]}@s.whatsapp.net`, kind: 'user' };
  if (isUserJid(v)) return { jid: v, kind: 'user' };
  if (isGroupJid(v)) return { jid: v, kind: 'group' };
  if (isLidJid(v)) return { jid: v, kind: 'lid' };
  if (isNewsletterJid(v)) return { jid: v, kind: 'newsletter' };
  return undefined;
}

/** class-validator: the property is a recipient `parseRecipient` accepts. */
export function IsRecipient(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRecipient',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseRecipient(value) !== undefined,
        defaultMessage: buildMessage((each) => `${each}$property ${RECIPIENT_RULE}`, options),
      },
    },
    options,
  );
}

/** How a user (a group participant, a mention) is given: a phone number or a user JID, by number or by LID. */
export const USER_RULE =
  'is a phone number in international format (6 to 15 digits, no leading 0, an optional leading +), <number>@s.whatsapp.net or <digits>@lid';

/** A user as the JID to send to WhatsApp; undefined when it is no user (a group, a channel, junk). */
export function userJid(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const r = parseRecipient(value);
  return r && (r.kind === 'user' || r.kind === 'lid') ? r.jid : undefined;
}

/** class-validator: a user `userJid` accepts. */
export function IsUser(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUser',
      validator: {
        validate: (value: unknown) => userJid(value) !== undefined,
        defaultMessage: buildMessage((each) => `${each}$property ${USER_RULE}`, options),
      },
    },
    options,
  );
}
