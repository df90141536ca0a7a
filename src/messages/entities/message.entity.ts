import type { MediaInfo } from '@app/whatsapp';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { SessionView } from '../../sessions';

export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Media details as the engine reports them. */
export type StoredMedia = MediaInfo;

/** The key of the session's own reaction or vote in `reactions` / `poll_votes`. */
export const REACTOR_ME = 'me';

/** A reactor's current reaction; `at`: WhatsApp's sender time (ISO), later ones win. */
export interface StoredReaction {
  emoji: string;
  fromMe: boolean;
  jid: string | null;
  at: string;
}

/** A voter's current choice in a poll (option names); `at` as for reactions. */
export interface StoredVote {
  options: string[];
  fromMe: boolean;
  jid: string | null;
  at: string;
}

/**
 * Every message of a session, received or sent. Outbound rows are the durable send queue: they
 * are inserted `queued` with their WhatsApp id already fixed, and `outbound` + `outbound_media`
 * hold what to send until it is sent.
 */
@Entity('messages')
// Unique per session, chat and WhatsApp id; the WhatsApp id comes second so lookups by
// (session, WhatsApp id) alone (receipts, Baileys' getMessage) use the index prefix.
@Index('messages_session_wa_chat_key', ['sessionId', 'waMessageId', 'chatJid'], { unique: true })
@Index('messages_chat_page_idx', ['sessionId', 'chatJid', 'timestamp', 'id'])
@Index('messages_queue_idx', ['sessionId', 'id'], { where: `status = 'queued'` })
@Index('messages_unread_idx', ['sessionId', 'chatJid', 'timestamp'], { where: `NOT from_me AND read_at IS NULL` })
export class MessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId: string;

  @Column({ name: 'session_id', type: 'varchar', length: 26 })
  sessionId: string;

  @ManyToOne('SessionEntity', { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_messages_session' })
  session?: SessionView;

  @Column({ name: 'chat_jid', type: 'text' })
  chatJid: string;

  @Column({ name: 'wa_message_id', type: 'text' })
  waMessageId: string;

  @Column({ name: 'from_me', type: 'boolean' })
  fromMe: boolean;

  @Column({ name: 'sender_jid', type: 'text', nullable: true })
  senderJid: string | null;

  @Column({ name: 'sender_pn', type: 'text', nullable: true })
  senderPn: string | null;

  @Column({ name: 'sender_lid', type: 'text', nullable: true })
  senderLid: string | null;

  @Column({ name: 'push_name', type: 'text', nullable: true })
  pushName: string | null;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'jsonb', nullable: true })
  media: StoredMedia | null;

  @Column({ type: 'jsonb', nullable: true })
  location: { latitude: number; longitude: number; name?: string; address?: string } | null;

  @Column({ type: 'jsonb', nullable: true })
  contact: { displayName?: string; vcard: string } | null;

  @Column({ type: 'jsonb', nullable: true })
  reaction: { targetId: string; emoji: string } | null;

  @Column({ type: 'jsonb', nullable: true })
  poll: { name: string; options: string[]; selectableCount: number } | null;

  /** WhatsApp id of the quoted message. */
  @Column({ name: 'reply_to', type: 'text', nullable: true })
  replyTo: string | null;

  /** Delivery status of outgoing messages; null for received ones. */
  @Column({ type: 'text', nullable: true })
  status: MessageStatus | null;

  /** Why it failed, in the engine's own words (never key material). */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Why it failed, as a stable code (SEND_ERROR_CODES). */
  @Column({ type: 'text', name: 'error_code', nullable: true })
  errorCode: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** The engine's record (InboundMessage.raw): media download and retry answers need it. */
  @Column({ type: 'text', nullable: true })
  raw: string | null;

  /** Outbound content (OutboundContent without the media bytes) until sent. */
  @Column({ type: 'jsonb', nullable: true })
  outbound: Record<string, unknown> | null;

  @Column({ name: 'outbound_media', type: 'bytea', nullable: true, select: false })
  outboundMedia: Buffer | null;

  /** Deleted for everyone: the row stays, its content (text, media, raw, ...) is cleared. */
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** When the author last edited the text or caption (WhatsApp's edit time). */
  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  /** Received messages: when this session sent their read receipt (null: unread). */
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt?: Date | null;

  /** Current reactions, one per reactor (key: REACTOR_ME or the reactor's JID); emoji '' = removed. */
  @Column({ type: 'jsonb', nullable: true })
  reactions: Record<string, StoredReaction> | null;

  /** Poll votes, one per voter (key as for reactions); options [] = vote withdrawn. */
  @Column({ name: 'poll_votes', type: 'jsonb', nullable: true })
  pollVotes: Record<string, StoredVote> | null;

  @Column({ type: 'timestamptz' })
  timestamp: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
