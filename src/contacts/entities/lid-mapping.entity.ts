import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { SessionView } from '../../sessions';

/** A LID and the phone number behind it, as WhatsApp revealed it to one session. */
@Entity('lid_mappings')
@Index('lid_mappings_session_phone_key', ['sessionId', 'phoneJid'], { unique: true })
export class LidMappingEntity {
  @PrimaryColumn({ name: 'session_id', type: 'varchar', length: 26 })
  sessionId: string;

  @ManyToOne('SessionEntity', { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_lid_mappings_session' })
  session?: SessionView;

  /** `<digits>@lid` */
  @PrimaryColumn({ type: 'text' })
  lid: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId: string;

  /** `<digits>@s.whatsapp.net` */
  @Column({ name: 'phone_jid', type: 'text' })
  phoneJid: string;

  @Column({ name: 'learned_at', type: 'timestamptz' })
  learnedAt: Date;
}
