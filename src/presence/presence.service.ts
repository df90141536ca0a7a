import { Injectable } from '@nestjs/common';
import type { ChatState, OwnPresence } from '@app/whatsapp';
import { onWhatsApp } from '../common/engine-errors';
import { ValidationError } from '../common/errors';
import { parseRecipient, RECIPIENT_RULE } from '../common/jid';
import { LidDirectory, PersonForms } from '../contacts';
import { SessionAccess } from '../sessions';
import { contactJid } from './contact-id';
import { ContactPresenceEntity } from './entities/contact-presence.entity';
import { PresenceRepository } from './presence.repository';

/**
 * Presence of a session: its own (online or not), what it shows in a chat (typing), and the
 * presence of contacts it subscribed to (kept by PresenceIngest from WhatsApp's reports).
 */
@Injectable()
export class PresenceService {
  constructor(
    private readonly sessions: SessionAccess,
    private readonly repo: PresenceRepository,
    private readonly lids: LidDirectory,
  ) {}

  async setOwn(orgId: string, sessionId: string, state: OwnPresence): Promise<void> {
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    await onWhatsApp('setting the presence', () => connection.presence.setOwn(state));
  }

  async setChatState(orgId: string, sessionId: string, jid: string, state: ChatState): Promise<string> {
    const chat = parseRecipient(jid);
    if (!chat || chat.kind === 'newsletter') throw new ValidationError('request is invalid', { jid: [`jid ${RECIPIENT_RULE} (not a channel)`] });
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    await onWhatsApp('sending the chat state', () => connection.presence.sendChatState(chat.jid, state));
    return chat.jid;
  }

  /** Subscribes to a contact's presence; WhatsApp answers with its current presence (a `presence.update` event, then GET). */
  async subscribe(orgId: string, sessionId: string, id: string): Promise<KnownPresence> {
    const jid = contactJid(id);
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    const at = new Date();
    await onWhatsApp('subscribing to the presence', () => connection.presence.subscribe(jid));
    await this.repo.markSubscribed(orgId, sessionId, jid, at);
    return this.known(sessionId, jid);
  }

  /** The last presence known of a contact named by either form: what was reported under its number or its LID, whichever is newer. */
  async lastKnown(orgId: string, sessionId: string, id: string): Promise<KnownPresence> {
    const jid = contactJid(id);
    await this.sessions.require(orgId, sessionId);
    return this.known(sessionId, jid);
  }

  private async known(sessionId: string, jid: string): Promise<KnownPresence> {
    const forms = (await this.lids.formsOf(sessionId, [jid])).get(jid) ?? {};
    const rows = await this.repo.findAny(sessionId, [...new Set([jid, forms.phoneJid, forms.lid].filter((j): j is string => Boolean(j)))]);
    return { jid, forms, presence: merged(rows) };
  }
}

/** A contact's last known presence, as asked (`jid`), with both its forms where known. */
export interface KnownPresence {
  jid: string;
  forms: PersonForms;
  presence: ContactPresenceEntity | null;
}

/**
 * One presence from what was kept under a person's two forms (subscribed by one, reported by the
 * other, or both before the pair was known): the newest report, the latest `lastSeen` any told,
 * the latest subscription.
 */
function merged(rows: ContactPresenceEntity[]): ContactPresenceEntity | null {
  if (rows.length <= 1) return rows[0] ?? null;
  const newest = (a: Date | null, b: Date | null) => (a && (!b || a > b) ? a : b);
  const reported = rows.filter((r) => r.state !== 'unknown').sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  const base = reported[0] ?? rows[0];
  return {
    ...base,
    lastSeen: rows.reduce<Date | null>((at, r) => newest(r.lastSeen, at), null),
    subscribedAt: rows.reduce<Date | null>((at, r) => newest(r.subscribedAt, at), null),
  };
}
