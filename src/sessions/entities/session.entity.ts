import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const SESSION_STATUSES = ['stopped', 'starting', 'pairing', 'connected', 'reconnecting', 'logged_out', 'failed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type DesiredState = 'running' | 'stopped';

@Entity('sessions')
@Index('sessions_org_name_key', ['orgId', 'name'], { unique: true })
@Index('sessions_org_created_idx', ['orgId', 'createdAt', 'id'])
@Index('sessions_desired_idx', ['desiredState'])
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: 'stopped' })
  status: SessionStatus;

  /** What the user asked for; the supervisor brings `status` towards it. */
  @Column({ name: 'desired_state', type: 'text', default: 'stopped' })
  desiredState: DesiredState;

  @Column({ name: 'phone_number', type: 'text', nullable: true })
  phoneNumber: string | null;

  @Column({ type: 'text', nullable: true })
  jid: string | null;

  @Column({ type: 'text', nullable: true })
  lid: string | null;

  @Column({ name: 'push_name', type: 'text', nullable: true })
  pushName: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** The current pairing QR, readable by any gateway process. */
  @Column({ type: 'text', nullable: true })
  qr: string | null;

  @Column({ name: 'qr_expires_at', type: 'timestamptz', nullable: true })
  qrExpiresAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'connected_at', type: 'timestamptz', nullable: true })
  connectedAt: Date | null;

  /** Setting: before the session sends a message in a chat, mark that chat's received messages read. */
  @Column({ name: 'mark_read_on_reply', type: 'boolean', default: false })
  markReadOnReply: boolean;
}
