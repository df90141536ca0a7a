import type { GroupParticipant } from '@app/whatsapp';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { SessionView } from '../../sessions';

/**
 * A group one session is (or was) in, as WhatsApp described it last: kept from the answers to the
 * session's own requests and from the notifications every member receives, so reading a group,
 * and sending to it, need not ask WhatsApp each time.
 */
@Entity('groups')
@Index('groups_session_jid_key', ['sessionId', 'jid'], { unique: true })
@Index('groups_session_created_idx', ['sessionId', 'createdAt', 'id'])
export class GroupEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'session_id', type: 'varchar', length: 26 })
  sessionId: string;

  @ManyToOne('SessionEntity', { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_groups_session' })
  session?: SessionView;

  @Column({ name: 'org_id', type: 'text' })
  orgId: string;

  @Column({ type: 'text' })
  jid: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ name: 'subject_by', type: 'text', nullable: true })
  subjectBy: string | null;

  @Column({ name: 'subject_at', type: 'timestamptz', nullable: true })
  subjectAt: Date | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'description_id', type: 'text', nullable: true })
  descriptionId: string | null;

  @Column({ type: 'text', nullable: true })
  owner: string | null;

  @Column({ name: 'wa_created_at', type: 'timestamptz', nullable: true })
  waCreatedAt: Date | null;

  @Column({ type: 'boolean' })
  announce: boolean;

  @Column({ type: 'boolean' })
  locked: boolean;

  @Column({ name: 'addressing_mode', type: 'text', nullable: true })
  addressingMode: 'lid' | 'pn' | null;

  @Column({ type: 'jsonb' })
  participants: GroupParticipant[];

  /** False once the session left the group or was removed from it. */
  @Column({ type: 'boolean' })
  member: boolean;

  /** When the metadata was last read whole from WhatsApp. */
  @Column({ name: 'metadata_at', type: 'timestamptz', nullable: true })
  metadataAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
