import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { SessionView } from '../../sessions';

/** WhatsApp's last answer to "is this number on WhatsApp" for one session, kept for CONTACT_CHECK_TTL. */
@Entity('contact_checks')
export class ContactCheckEntity {
  @PrimaryColumn({ name: 'session_id', type: 'varchar', length: 26 })
  sessionId: string;

  @ManyToOne('SessionEntity', { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_contact_checks_session' })
  session?: SessionView;

  /** Digits, no `+`. */
  @PrimaryColumn({ name: 'phone_number', type: 'text' })
  phoneNumber: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId: string;

  @Column({ type: 'boolean' })
  exists: boolean;

  @Column({ name: 'phone_jid', type: 'text', nullable: true })
  phoneJid: string | null;

  @Column({ type: 'text', nullable: true })
  lid: string | null;

  @Column({ name: 'checked_at', type: 'timestamptz' })
  checkedAt: Date;
}
