import { Injectable } from '@nestjs/common';
import type { PresenceUpdate } from '@app/whatsapp';
import type { PersonForms } from '../contacts';
import { DataSource, In } from 'typeorm';
import { EventTypes } from '../events/event-types';
import { OutboxService } from '../events/outbox.service';
import { ContactPresenceEntity } from './entities/contact-presence.entity';

/** Contacts' last known presence, per session. */
@Injectable()
export class PresenceRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  find(sessionId: string, jid: string): Promise<ContactPresenceEntity | null> {
    return this.dataSource.getRepository(ContactPresenceEntity).findOneBy({ sessionId, jid });
  }

  /** The rows kept under any of these JIDs (a person's two forms). */
  findAny(sessionId: string, jids: string[]): Promise<ContactPresenceEntity[]> {
    return this.dataSource.getRepository(ContactPresenceEntity).findBy({ sessionId, jid: In(jids) });
  }

  /** The subscription was asked for now (the row exists from then on, its state `unknown` until WhatsApp answers). */
  async markSubscribed(orgId: string, sessionId: string, jid: string, at: Date): Promise<ContactPresenceEntity> {
    await this.dataSource.query(
      `INSERT INTO contact_presence (session_id, jid, org_id, state, chat_jid, last_seen, subscribed_at, updated_at)
       VALUES ($1, $2, $3, 'unknown', $2, NULL, $4, $4)
       ON CONFLICT (session_id, jid) DO UPDATE SET subscribed_at = EXCLUDED.subscribed_at`,
      [sessionId, jid, orgId, at.toISOString()],
    );
    return (await this.find(sessionId, jid))!;
  }

  /**
   * Stores reported presences (the latest per user wins; `lastSeen` is kept when a later update
   * does not tell it) and records a `presence.update` event for each, naming the user by both
   * forms where known (`forms`, by reported JID), in one transaction.
   */
  async apply(orgId: string, sessionId: string, updates: PresenceUpdate[], at: Date, forms: Map<string, PersonForms> = new Map()): Promise<void> {
    if (!updates.length) return;
    await this.dataSource.transaction(async (m) => {
      for (const u of updates) {
        await m.query(
          `INSERT INTO contact_presence (session_id, jid, org_id, state, chat_jid, last_seen, subscribed_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)
           ON CONFLICT (session_id, jid) DO UPDATE SET state = EXCLUDED.state, chat_jid = EXCLUDED.chat_jid,
             last_seen = coalesce(EXCLUDED.last_seen, contact_presence.last_seen), updated_at = EXCLUDED.updated_at`,
          [sessionId, u.jid, orgId, u.state, u.chatJid, u.lastSeen?.toISOString() ?? null, at.toISOString()],
        );
      }
      await this.outbox.recordMany(
        m,
        updates.map((u) => ({
          type: EventTypes.PRESENCE_UPDATE,
          orgId,
          sessionId,
          occurredAt: at,
          data: {
            jid: u.jid,
            phoneJid: forms.get(u.jid)?.phoneJid ?? null,
            lid: forms.get(u.jid)?.lid ?? null,
            chatJid: u.chatJid,
            state: u.state,
            lastSeen: u.lastSeen?.toISOString() ?? null,
          },
        })),
      );
    });
  }
}
