import { ValidationError } from '../common/errors';
import { USER_RULE, userJid } from '../common/jid';

/**
 * A contact named in a path: a phone number, `<number>@s.whatsapp.net` or `<digits>@lid`, as the
 * user JID to address (a bare number becomes its phone JID). Anything else is a 400.
 */
export function contactJid(id: string): string {
  const jid = userJid(id);
  if (!jid) throw new ValidationError('request is invalid', { id: [`id ${USER_RULE}`] });
  return jid;
}
