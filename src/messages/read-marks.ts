import { Injectable } from '@nestjs/common';
import type { WhatsAppConnection } from '@app/whatsapp';
import { onWhatsApp } from '../common/engine-errors';
import { ChatPosition, ReadMarksRepository } from './read-marks.repository';

/** Read receipts go for at most this many of the newest unread messages; older ones are marked read without. */
export const READ_RECEIPTS_MAX = 500;

/**
 * Marks a chat read: read receipts to WhatsApp for its unread received messages (up to a message,
 * or all), then those messages stored as read. Used by `chats/{jid}:markRead` and, with the
 * `markReadOnReply` setting, by the outbound worker before a reply.
 */
@Injectable()
export class ReadMarks {
  constructor(private readonly repo: ReadMarksRepository) {}

  async markChatRead(connection: WhatsAppConnection, sessionId: string, chatJid: string, upTo?: ChatPosition): Promise<{ marked: number; unreadCount: number }> {
    const unread = await this.repo.unread(sessionId, chatJid, upTo, READ_RECEIPTS_MAX);
    if (!unread.length) return { marked: 0, unreadCount: await this.repo.unreadCount(sessionId, chatJid) };
    await onWhatsApp('sending read receipts', () =>
      connection.presence.markRead(unread.map((m) => ({ chatJid: m.chatJid, waMessageId: m.waMessageId, senderJid: m.senderJid ?? undefined, raw: m.raw ?? undefined }))),
    );
    // Marked up to the newest one receipted (messages arriving meanwhile stay unread).
    const newest = unread[0];
    const bound: ChatPosition = upTo ?? [newest.timestamp, newest.id];
    const marked = await this.repo.markRead(sessionId, chatJid, bound, new Date());
    return { marked, unreadCount: await this.repo.unreadCount(sessionId, chatJid) };
  }

}
