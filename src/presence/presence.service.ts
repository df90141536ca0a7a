import { Injectable } from '@nestjs/common';
import type { ChatState, OwnPresence } from '@app/whatsapp';
import { onWhatsApp } from '../common/engine-errors';
import { ValidationError } from '../common/errors';
import { parseRecipient, RECIPIENT_RULE } from '../common/jid';
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
  async subscribe(orgId: string, sessionId: string, id: string): Promise<ContactPresenceEntity> {
    const jid = contactJid(id);
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    const at = new Date();
    await onWhatsApp('subscribing to the presence', () => connection.presence.subscribe(jid));
    return this.repo.markSubscribed(orgId, sessionId, jid, at);
  }

  async lastKnown(orgId: string, sessionId: string, id: string): Promise<{ jid: string; presence: ContactPresenceEntity | null }> {
    const jid = contactJid(id);
    await this.sessions.require(orgId, sessionId);
    return { jid, presence: await this.repo.find(sessionId, jid) };
  }
}
