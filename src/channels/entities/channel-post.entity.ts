import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { MediaInfo, MessageType } from '@app/whatsapp';
import type { SessionView } from '../../sessions';

/**
 * A stored channel post. The read path pages newest-first on (timestamp, id), served by
 * `channel_posts_page_idx` scanned backwards. `id` is a ULID assigned at arrival, so posts of the
 * same second keep their arrival order and a post arriving during a walk sorts ahead of it.
 */
@Entity('channel_posts')
@Index('channel_posts_page_idx', ['sessionId', 'channelJid', 'timestamp', 'id'])
@Index('channel_posts_message_key', ['sessionId', 'channelJid', 'waMessageId'], { unique: true })
// Our own posts still waiting for WhatsApp's echo: keeps matching the echo cheap.
@Index('channel_posts_pending_idx', ['sessionId', 'channelJid'], { where: '"from_me" AND "server_id" IS NULL' })
@Index('channel_posts_server_key', ['sessionId', 'channelJid', 'serverId'], { unique: true, where: '"server_id" IS NOT NULL' })
export class ChannelPostEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'session_id', type: 'varchar', length: 26 })
  sessionId: string;

  @ManyToOne('SessionEntity', { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_channel_posts_session' })
  session?: SessionView;

  @Column({ name: 'org_id', type: 'text' })
  orgId: string;

  @Column({ name: 'channel_jid', type: 'text' })
  channelJid: string;

  @Column({ name: 'wa_message_id', type: 'text' })
  waMessageId: string;

  /** WhatsApp's per-channel post number; null for our own post until WhatsApp echoes it. */
  @Column({ name: 'server_id', type: 'text', nullable: true })
  serverId: string | null;

  @Column({ name: 'from_me', type: 'boolean', default: false })
  fromMe: boolean;

  @Column({ type: 'text' })
  type: MessageType;

  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'jsonb', nullable: true })
  media: MediaInfo | null;

  @Column({ type: 'timestamptz' })
  timestamp: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
