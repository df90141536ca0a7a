import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A received message not marked read yet: what a read receipt needs. */
export interface UnreadRow {
  id: string;
  chatJid: string;
  waMessageId: string;
  senderJid: string | null;
  raw: string | null;
  timestamp: Date;
}

/** Position of a message in its chat (timestamp, id): "up to" bound of a read mark. */
export type ChatPosition = [Date, string];

/**
 * Read marks on received messages (`messages.read_at`), by session and chat. Reactions, stored as
 * messages too, are no unread messages (as on a phone): they get no receipt and no count, and are
 * marked read with the rest.
 */
@Injectable()
export class ReadMarksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Unread received messages of a chat up to `upTo` (inclusive), newest first, at most `limit`. */
  async unread(sessionId: string, chatJid: string, upTo: ChatPosition | undefined, limit: number): Promise<UnreadRow[]> {
    const rows: { id: string; chat_jid: string; wa_message_id: string; sender_jid: string | null; raw: string | null; timestamp: Date | string }[] = await this.dataSource.query(
      `SELECT id, chat_jid, wa_message_id, sender_jid, raw, timestamp FROM messages
       WHERE session_id = $1 AND chat_jid = $2 AND NOT from_me AND read_at IS NULL AND type <> 'reaction'
         AND ($3::timestamptz IS NULL OR (timestamp, id) <= ($3::timestamptz, $4::text))
       ORDER BY timestamp DESC, id DESC LIMIT $5`,
      [sessionId, chatJid, upTo?.[0].toISOString() ?? null, upTo?.[1] ?? '', limit],
    );
    return rows.map((r) => ({ id: r.id, chatJid: r.chat_jid, waMessageId: r.wa_message_id, senderJid: r.sender_jid, raw: r.raw, timestamp: new Date(r.timestamp) }));
  }

  /** Marks the chat's received messages read up to `upTo` (all when absent); how many were unread. */
  async markRead(sessionId: string, chatJid: string, upTo: ChatPosition | undefined, at: Date): Promise<number> {
    const result = await this.dataSource.query(
      `UPDATE messages SET read_at = $5
       WHERE session_id = $1 AND chat_jid = $2 AND NOT from_me AND read_at IS NULL
         AND ($3::timestamptz IS NULL OR (timestamp, id) <= ($3::timestamptz, $4::text))`,
      [sessionId, chatJid, upTo?.[0].toISOString() ?? null, upTo?.[1] ?? '', at.toISOString()],
    );
    return Number((result as unknown[])[1] ?? 0);
  }

  async unreadCount(sessionId: string, chatJid: string): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM messages WHERE session_id = $1 AND chat_jid = $2 AND NOT from_me AND read_at IS NULL AND type <> 'reaction'`,
      [sessionId, chatJid],
    );
    return row?.n ?? 0;
  }
}
