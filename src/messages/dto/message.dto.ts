import { PageDto } from '../../common/pagination';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChatEntity } from '../entities/chat.entity';
import { MESSAGE_STATUSES, MessageEntity, MessageStatus, StoredReaction, StoredVote } from '../entities/message.entity';
import { SEND_ERROR_CODES } from '../outbound/send-errors';

export class MessageSenderDto {
  @ApiProperty({ type: String, nullable: true, example: '123456789@lid', description: 'The JID WhatsApp reported the sender with.' })
  jid: string | null;

  @ApiProperty({ type: String, nullable: true, example: '15559000001@s.whatsapp.net', description: 'Phone-number form, when known.' })
  phoneJid: string | null;

  @ApiProperty({ type: String, nullable: true, example: '123456789@lid', description: 'LID form, when known.' })
  lid: string | null;

  @ApiProperty({ type: String, nullable: true })
  pushName: string | null;
}

export class ReactionDto {
  @ApiProperty({ example: '👍' })
  emoji: string;

  @ApiProperty({ description: 'The session itself reacted (from this gateway or its phone).' })
  fromMe: boolean;

  @ApiProperty({ type: String, nullable: true, example: '15559000001@s.whatsapp.net', description: 'Who reacted: phone-number JID when known (the session’s own number for its reactions), else LID.' })
  jid: string | null;

  @ApiProperty({ example: '2026-01-01T00:00:00.000Z', description: 'When they reacted (their clock, as WhatsApp carries it).' })
  at: string;
}

export class PollResultDto {
  @ApiProperty({ example: 'Pizza' })
  option: string;

  @ApiProperty({ example: 1 })
  count: number;

  @ApiProperty({ type: [String], example: ['15559000001@s.whatsapp.net'], description: 'Who chose it (JIDs as for reactions), earliest vote first.' })
  voters: string[];
}

export class PollDto {
  @ApiProperty({ example: 'Lunch?' })
  name: string;

  @ApiProperty({ type: [String], example: ['Pizza', 'Sushi'] })
  options: string[];

  @ApiProperty({ example: 1, description: 'How many options a voter may choose; 0 = any number.' })
  selectableCount: number;

  @ApiProperty({ type: [PollResultDto], description: 'Current tally, one entry per option in order: each voter’s latest vote counts (votes are end-to-end encrypted; the gateway opens them with the poll’s secret).' })
  results: PollResultDto[];
}

/** `MessageDto.media`: what WhatsApp (or the sender) declared of the media; the bytes are at `.../media`. Absent fields were not declared. */
export class MessageMediaDto {
  @ApiPropertyOptional({ example: 'image/jpeg' })
  mimetype?: string;

  @ApiPropertyOptional({ example: 'report.pdf', description: 'Documents: the file name.' })
  fileName?: string;

  @ApiPropertyOptional({ example: 52344, description: 'Size in bytes.' })
  fileLength?: number;

  @ApiPropertyOptional({ description: 'The caption (also in `text`).' })
  caption?: string;

  @ApiPropertyOptional({ example: 12, description: 'Audio and video: duration in seconds.' })
  seconds?: number;

  @ApiPropertyOptional({ description: 'Audio: a voice note (push-to-talk) rather than an audio file.' })
  voiceNote?: boolean;

  @ApiPropertyOptional({ example: 1280, description: 'Images, videos and stickers: width in pixels.' })
  width?: number;

  @ApiPropertyOptional({ example: 720, description: 'Images, videos and stickers: height in pixels.' })
  height?: number;
}

/** `MessageDto.location`. */
export class MessageLocationDto {
  @ApiProperty({ example: 52.52 })
  latitude: number;

  @ApiProperty({ example: 13.405 })
  longitude: number;

  @ApiPropertyOptional({ example: 'Brandenburg Gate' })
  name?: string;

  @ApiPropertyOptional({ example: 'Pariser Platz, Berlin' })
  address?: string;
}

/** `MessageDto.contact`: a shared contact card (the first one, for several). */
export class MessageContactDto {
  @ApiPropertyOptional({ example: 'Ana' })
  displayName?: string;

  @ApiProperty({ example: 'BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nTEL;type=CELL;waid=15559000001:+15559000001\nEND:VCARD', description: 'The vCard (may be empty when WhatsApp carried none).' })
  vcard: string;
}

/** `MessageDto.reaction`: what a reaction message reacted to. */
export class MessageReactionDto {
  @ApiProperty({ example: '3EB0A1B2C3D4E5F6A7B8C9', description: 'WhatsApp id of the message reacted to.' })
  targetId: string;

  @ApiProperty({ example: '👍', description: 'The emoji; empty when the reaction was removed.' })
  emoji: string;
}

export class MessageDto {
  @ApiProperty({ example: '01HXYZ0000000000000000000' })
  id: string;

  @ApiProperty()
  sessionId: string;

  @ApiProperty({ example: '15551234567@s.whatsapp.net' })
  chatJid: string;

  @ApiProperty({ example: '3EB0A1B2C3D4E5F6A7B8C9' })
  waMessageId: string;

  @ApiProperty()
  fromMe: boolean;

  @ApiProperty({ type: MessageSenderDto, nullable: true, description: 'Null for messages this session sent.' })
  sender: MessageSenderDto | null;

  @ApiProperty({ example: 'text', description: 'text, image, video, audio, document, sticker, location, contact, reaction, poll or unknown.' })
  type: string;

  @ApiProperty({ type: String, nullable: true, description: 'The text, or the caption of media.' })
  text: string | null;

  @ApiPropertyOptional({ type: MessageMediaDto, nullable: true, description: 'Media messages (image, video, audio, document, sticker); bytes at .../media.' })
  media: MessageMediaDto | null;

  @ApiPropertyOptional({ type: MessageLocationDto, nullable: true, description: 'Location messages.' })
  location: MessageLocationDto | null;

  @ApiPropertyOptional({ type: MessageContactDto, nullable: true, description: 'Contact messages.' })
  contact: MessageContactDto | null;

  @ApiPropertyOptional({ type: MessageReactionDto, nullable: true, description: 'Reaction messages: the message reacted to and the emoji.' })
  reaction: MessageReactionDto | null;

  @ApiPropertyOptional({ type: PollDto, nullable: true, description: 'Polls: the question, options and current tally.' })
  poll: PollDto | null;

  @ApiProperty({ type: [ReactionDto], description: 'Current reactions to this message, one per reactor (a removed reaction is gone). Empty when revoked.' })
  reactions: ReactionDto[];

  @ApiProperty({ type: String, nullable: true, description: 'When the author last edited the text or caption; `text` is the edited one.' })
  editedAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'WhatsApp id of the quoted message.' })
  replyTo: string | null;

  @ApiProperty({ enum: MESSAGE_STATUSES, nullable: true, description: 'Outgoing messages: queued → sent → delivered → read, or failed. Null for received ones.' })
  status: MessageStatus | null;

  @ApiPropertyOptional({ type: String, description: 'Why it failed (status failed): the cause in words, e.g. "All encryptions failed".' })
  error?: string;

  @ApiPropertyOptional({
    enum: SEND_ERROR_CODES,
    description:
      'Why it failed (status failed), as a stable code: `encryption_failed` (no Signal session could be built with the recipient), ' +
      '`timeout`, `connection_closed`, `rate_limited` (WhatsApp refused the rate), `media_failed` (upload), `not_found`, `forbidden`, ' +
      '`rejected` (WhatsApp refused the message), `gave_up` (every attempt was cut short), `unknown`.',
  })
  errorCode?: string;

  @ApiProperty({ type: String, nullable: true, description: 'When it was deleted for everyone (by this session or by its author): text, media, location, contact, poll and reactions are then null/empty, and its media answers 410.' })
  revokedAt: string | null;

  @ApiProperty({ example: '2026-01-01T00:00:00.000Z', description: 'WhatsApp timestamp (for queued messages: when accepted).' })
  timestamp: string;

  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' })
  createdAt: string;

  static from(m: MessageEntity): MessageDto {
    // Deleted for everyone: nothing of its content leaves, whatever a row may still hold.
    const gone = m.revokedAt !== null;
    const dto: MessageDto = {
      id: m.id,
      sessionId: m.sessionId,
      chatJid: m.chatJid,
      waMessageId: m.waMessageId,
      fromMe: m.fromMe,
      sender: m.fromMe ? null : { jid: m.senderJid, phoneJid: m.senderPn, lid: m.senderLid, pushName: m.pushName },
      type: m.type,
      text: gone ? null : m.text,
      media: gone ? null : m.media,
      location: gone ? null : m.location,
      contact: gone ? null : m.contact,
      reaction: m.reaction,
      poll: gone || !m.poll ? null : { ...m.poll, results: pollResults(m.poll.options, m.pollVotes) },
      reactions: gone ? [] : reactionList(m.reactions),
      editedAt: m.editedAt ? m.editedAt.toISOString() : null,
      replyTo: m.replyTo,
      status: m.status,
      revokedAt: m.revokedAt ? m.revokedAt.toISOString() : null,
      timestamp: m.timestamp.toISOString(),
      createdAt: m.createdAt.toISOString(),
    };
    if (m.status === 'failed') {
      dto.error = m.error ?? 'failed';
      dto.errorCode = m.errorCode ?? 'unknown';
    }
    return dto;
  }
}

/** Current reactions (removed ones left out), earliest first. */
export function reactionList(reactions: Record<string, StoredReaction> | null | undefined): ReactionDto[] {
  return Object.values(reactions ?? {})
    .filter((r) => r.emoji)
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((r) => ({ emoji: r.emoji, fromMe: r.fromMe, jid: r.jid, at: r.at }));
}

/** The tally of a poll: per option in order, how many voters chose it and who. */
export function pollResults(options: string[], votes: Record<string, StoredVote> | null | undefined): PollResultDto[] {
  const ballots = Object.values(votes ?? {}).sort((a, b) => a.at.localeCompare(b.at));
  return options.map((option) => {
    const voters = ballots.filter((v) => v.options.includes(option)).map((v) => v.jid ?? '');
    return { option, count: voters.length, voters };
  });
}

export class MessagePageDto extends PageDto(MessageDto, 'MessagePageDto') {}

/** `ChatDto.lastMessage`: enough of the chat's last message to show a preview. */
export class LastMessagePreviewDto {
  @ApiProperty({ example: '01HXYZ0000000000000000000' })
  id: string;

  @ApiProperty({ example: '3EB0A1B2C3D4E5F6A7B8C9' })
  waMessageId: string;

  @ApiProperty()
  fromMe: boolean;

  @ApiProperty({ example: 'text' })
  type: string;

  @ApiProperty({ type: String, nullable: true, description: 'The text or caption, cut to 200 characters; null for messages without text (and deleted ones).' })
  preview: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Messages the session sent: queued, sent, delivered, read or failed.' })
  status: string | null;

  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' })
  timestamp: string;

  @ApiProperty({ description: 'Deleted for everyone.' })
  revoked: boolean;
}

export class ChatDto {
  @ApiProperty({ example: '15559000001@s.whatsapp.net' })
  jid: string;

  @ApiProperty()
  sessionId: string;

  @ApiProperty({ type: String, nullable: true, description: 'The contact’s push name, when known.' })
  name: string | null;

  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' })
  lastMessageAt: string;

  @ApiProperty({ type: String, nullable: true })
  lastMessageId: string | null;

  @ApiProperty({ type: String, nullable: true, example: '15559000001@s.whatsapp.net', description: 'A 1:1 chat: the contact’s phone-number JID, where known.' })
  phoneJid: string | null;

  @ApiProperty({ type: String, nullable: true, example: '201000000000001@lid', description: 'A 1:1 chat: the contact’s LID, where known.' })
  lid: string | null;

  @ApiProperty({ example: 2, description: 'Received messages not marked read (`POST .../chats/{jid}:markRead`).' })
  unreadCount: number;

  @ApiProperty({ type: LastMessagePreviewDto, nullable: true, description: 'The last message, for a preview.' })
  lastMessage: LastMessagePreviewDto | null;

  static from(c: ChatEntity): ChatDto {
    const m = c.lastMessage;
    return {
      jid: c.jid,
      sessionId: c.sessionId,
      name: c.name,
      lastMessageAt: c.lastMessageAt.toISOString(),
      lastMessageId: c.lastMessageId,
      phoneJid: c.phoneJid ?? null,
      lid: c.lid ?? null,
      unreadCount: c.unreadCount ?? 0,
      lastMessage: m
        ? { id: m.id, waMessageId: m.waMessageId, fromMe: m.fromMe, type: m.type, preview: m.revoked ? null : m.text, status: m.fromMe ? m.status : null, timestamp: m.timestamp.toISOString(), revoked: m.revoked }
        : null,
    };
  }
}

export class ChatPageDto extends PageDto(ChatDto, 'ChatPageDto') {}
