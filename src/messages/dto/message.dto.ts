import { PageDto } from '../../common/pagination';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChatEntity } from '../entities/chat.entity';
import { MESSAGE_STATUSES, MessageEntity, MessageStatus, StoredMedia } from '../entities/message.entity';

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

  @ApiPropertyOptional({ type: Object, nullable: true, description: '{ name, options, selectableCount }' })
  poll: MessageEntity['poll'];

  @ApiProperty({ type: String, nullable: true, description: 'WhatsApp id of the quoted message.' })
  replyTo: string | null;

  @ApiProperty({ enum: MESSAGE_STATUSES, nullable: true, description: 'Outgoing messages: queued → sent → delivered → read, or failed. Null for received ones.' })
  status: MessageStatus | null;

  @ApiPropertyOptional({ type: String, description: 'Why it failed (status failed).' })
  error?: string;

  @ApiProperty({ type: String, nullable: true, description: 'When it was revoked (deleted for everyone).' })
  revokedAt: string | null;

  @ApiProperty({ example: '2026-01-01T00:00:00.000Z', description: 'WhatsApp timestamp (for queued messages: when accepted).' })
  timestamp: string;

  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' })
  createdAt: string;

  static from(m: MessageEntity): MessageDto {
    const dto: MessageDto = {
      id: m.id,
      sessionId: m.sessionId,
      chatJid: m.chatJid,
      waMessageId: m.waMessageId,
      fromMe: m.fromMe,
      sender: m.fromMe ? null : { jid: m.senderJid, phoneJid: m.senderPn, lid: m.senderLid, pushName: m.pushName },
      type: m.type,
      text: m.text,
      media: m.media,
      location: m.location,
      contact: m.contact,
      reaction: m.reaction,
      poll: m.poll,
      replyTo: m.replyTo,
      status: m.status,
      revokedAt: m.revokedAt ? m.revokedAt.toISOString() : null,
      timestamp: m.timestamp.toISOString(),
      createdAt: m.createdAt.toISOString(),
    };
    if (m.status === 'failed') dto.error = m.error ?? 'failed';
    return dto;
  }
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
