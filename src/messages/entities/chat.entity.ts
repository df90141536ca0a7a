import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { SessionView } from '../../sessions';

/** A conversation of a session, with its last activity (the list is ordered by it). */
@Entity('chats')
@Index('chats_session_activity_idx', ['sessionId', 'lastMessageAt', 'jid'])
export class ChatEntity {
  @PrimaryColumn({ name: 'session_id', type: 'varchar', length: 26 })
  sessionId: string;

  @ManyToOne('SessionEntity', { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_chats_session' })
  session?: SessionView;

  @PrimaryColumn({ type: 'text' })
  jid: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId: string;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ name: 'last_message_at', type: 'timestamptz' })
  lastMessageAt: Date;

  @Column({ name: 'last_message_id', type: 'varchar', length: 26, nullable: true })
  lastMessageId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Not a column: received messages not marked read (filled by the chat list). */
  unreadCount?: number;

  /** Not a column: the last message, for a preview (filled by the chat list). */
  lastMessage?: LastMessagePreview | null;

  /** Not columns: both forms of a 1:1 chat's contact, where known (filled by the chat list). */
  phoneJid?: string | null;
  lid?: string | null;
}

export interface LastMessagePreview {
  id: string;
  waMessageId: string;
  fromMe: boolean;
  type: string;
  text: string | null;
  status: string | null;
  timestamp: Date;
  revoked: boolean;
}
