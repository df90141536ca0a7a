import { PageDto } from '../../common/pagination';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Optional } from '../../common/validation';
import type { ChannelEntity } from '../entities/channel.entity';
import type { PostRow } from '../channels.repository';

/**
 * Body of channel creation. Documented as the seed describes it; in v1 the body is accepted and
 * ignored, so the global pipe never sees this type: the service validates it only when creation
 * is enabled (CHANNEL_CREATE_ENABLED).
 */
export class CreateChannelDto {
  @ApiPropertyOptional({
    description:
      'Display name of the channel (newsletter). Optional on the wire; the service validates it and returns a validation_error (400) if it is missing or invalid.',
    example: 'Acme news',
    maxLength: 100,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ description: 'Optional free-text description shown on the channel profile.', maxLength: 2048 })
  @Optional()
  @IsString()
  @MaxLength(2048)
  description?: string;
}

export class ChannelCreatedDto {
  @ApiProperty({ example: '120363000000000001@newsletter', description: 'The JID of the new channel.' })
  jid: string;
}

export class ChannelDto {
  @ApiProperty({ example: '120363000000000001@newsletter' })
  jid: string;

  @ApiProperty({ type: String, nullable: true, example: 'Acme news' })
  name: string | null;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Followers, as WhatsApp last reported.' })
  subscribers: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'subscriber', description: "The session's role: owner, admin, subscriber or guest; null until looked up." })
  role: string | null;

  @ApiProperty({ type: String, nullable: true })
  inviteCode: string | null;

  @ApiProperty({ description: 'Whether the session follows the channel.' })
  following: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'When the metadata was last fetched from WhatsApp.' })
  metadataUpdatedAt: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;

  static from(c: ChannelEntity): ChannelDto {
    return {
      jid: c.jid,
      name: c.name,
      description: c.description,
      subscribers: c.subscribers,
      role: c.role,
      inviteCode: c.inviteCode,
      following: c.following,
      metadataUpdatedAt: c.metadataAt?.toISOString() ?? null,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }
}

export class ChannelPageDto extends PageDto(ChannelDto, 'ChannelPageDto') {}

export class PostMediaDto {
  @ApiPropertyOptional() mimetype?: string;
  @ApiPropertyOptional() fileName?: string;
  @ApiPropertyOptional() fileLength?: number;
  @ApiPropertyOptional() caption?: string;
  @ApiPropertyOptional() seconds?: number;
  @ApiPropertyOptional() width?: number;
  @ApiPropertyOptional() height?: number;
}

/** A stored channel post, in the shape of a message. */
export class ChannelPostDto {
  @ApiProperty({ example: '01HXYZ0000000000000000000', description: 'Gateway id of the stored post.' })
  id: string;

  @ApiProperty()
  sessionId: string;

  @ApiProperty({ example: '120363000000000001@newsletter', description: 'The channel.' })
  chatJid: string;

  @ApiProperty({ description: "WhatsApp's message id." })
  waMessageId: string;

  @ApiProperty({ type: String, nullable: true, example: '101', description: "WhatsApp's per-channel post number (null for an own post not yet confirmed)." })
  serverId: string | null;

  @ApiProperty()
  fromMe: boolean;

  @ApiProperty({ example: 'text', description: 'text, image, video, audio, document, sticker, ... or unknown.' })
  type: string;

  @ApiProperty({ type: String, nullable: true, description: 'Text, or the caption of media.' })
  text: string | null;

  @ApiProperty({ type: PostMediaDto, nullable: true })
  media: PostMediaDto | null;

  @ApiProperty({ description: 'When WhatsApp says it was posted.' })
  timestamp: string;

  @ApiProperty({ description: 'When the gateway stored it.' })
  createdAt: string;

  static from(p: PostRow): ChannelPostDto {
    return {
      id: p.id,
      sessionId: p.sessionId,
      chatJid: p.chatJid,
      waMessageId: p.waMessageId,
      serverId: p.serverId,
      fromMe: p.fromMe,
      type: p.type,
      text: p.text,
      media: p.media,
      timestamp: new Date(p.timestamp).toISOString(),
      createdAt: new Date(p.createdAt).toISOString(),
    };
  }
}

export class ChannelPostPageDto extends PageDto(ChannelPostDto, 'ChannelPostPageDto') {}

export class PostToChannelDto {
  @ApiPropertyOptional({ enum: ['text'], default: 'text', description: 'Only text posts for now.' })
  @Optional()
  @IsIn(['text'])
  type?: 'text';

  @ApiProperty({ example: 'Hello, followers', maxLength: 65536 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(65536)
  text: string;
}
