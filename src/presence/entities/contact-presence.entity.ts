import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { SessionView } from '../../sessions';

/** The last presence WhatsApp reported for a user a session subscribed to (one row per user JID). */
@Entity('contact_presence')
export class ContactPresenceEntity {
  @PrimaryColumn({ name: 'session_id', type: 'varchar', length: 26, primaryKeyConstraintName: 'PK_contact_presence' })
  sessionId: string;

  @ManyToOne('SessionEntity', { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_contact_presence_session' })
  session?: SessionView;

  /** The user's JID as subscribed (phone number or LID form, without device). */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_contact_presence' })
  jid: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId: string;

  /** available | unavailable | composing | recording */
  @Column({ type: 'text' })
  state: string;

  /** Where the state was shown: the user's own chat or a group. */
  @Column({ name: 'chat_jid', type: 'text' })
  chatJid: string;

  @Column({ name: 'last_seen', type: 'timestamptz', nullable: true })
  lastSeen: Date | null;

  /** When the subscription was last asked for (null: never by this gateway, e.g. a typing seen in a group). */
  @Column({ name: 'subscribed_at', type: 'timestamptz', nullable: true })
  subscribedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
