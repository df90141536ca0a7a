import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { SessionView } from '../../sessions';

/**
 * A channel (newsletter) known to one session: recorded when the session follows, creates or
 * looks one up, or when a post arrives. Metadata is what WhatsApp said last (`metadataAt`).
 */
@Entity('channels')
@Index('channels_session_jid_key', ['sessionId', 'jid'], { unique: true })
@Index('channels_session_created_idx', ['sessionId', 'createdAt', 'id'])
export class ChannelEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'session_id', type: 'varchar', length: 26 })
  sessionId: string;

  @ManyToOne('SessionEntity', { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_channels_session' })
  session?: SessionView;

  @Column({ name: 'org_id', type: 'text' })
  orgId: string;

  @Column({ type: 'text' })
  jid: string;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'integer', nullable: true })
  subscribers: number | null;

  /** The session's role in the channel as WhatsApp reports it: owner, admin, subscriber, guest. */
  @Column({ type: 'text', nullable: true })
  role: string | null;

  @Column({ name: 'invite_code', type: 'text', nullable: true })
  inviteCode: string | null;

  @Column({ type: 'boolean', default: false })
  following: boolean;

  @Column({ name: 'metadata_at', type: 'timestamptz', nullable: true })
  metadataAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
