import { PageDto } from '../../common/pagination';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChatEntity } from '../entities/chat.entity';
import { MESSAGE_STATUSES, MessageEntity, MessageStatus, StoredMedia, StoredReaction, StoredVote } from '../entities/message.entity';
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

  @ApiPropertyOptional({ type: Object, nullable: true, description: '{ mimetype, fileName, fileLength, caption, seconds, voiceNote, width, height }; bytes at .../media.' })
  media: StoredMedia | null;

  @ApiPropertyOptional({ type: Object, nullable: true, description: '{ latitude, longitude, name, address }' })
  location: MessageEntity['location'];

  @ApiPropertyOptional({ type: Object, nullable: true, description: '{ displayName, vcard }' })
  contact: MessageEntity['contact'];

  @ApiPropertyOptional({ type: Object, nullable: true, description: '{ targetId (WhatsApp id of the message reacted to), emoji }' })
  reaction: MessageEntity['reaction'];

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

  static from(c: ChatEntity): ChatDto {
    return { jid: c.jid, sessionId: c.sessionId, name: c.name, lastMessageAt: c.lastMessageAt.toISOString(), lastMessageId: c.lastMessageId };
  }
}

export class ChatPageDto extends PageDto(ChatDto, 'ChatPageDto') {}
