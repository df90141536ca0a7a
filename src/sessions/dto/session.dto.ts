import { PageDto } from '../../common/pagination';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { Optional } from '../../common/validation';
import { SESSION_STATUSES, SessionEntity, SessionStatus } from '../entities/session.entity';

export class CreateSessionDto {
  @ApiProperty({ example: 'support-line', description: 'Unique within the organization.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ default: false, description: 'Start connecting (and pairing) at once.' })
  @Optional()
  @IsBoolean()
  start?: boolean;
}

export class UpdateSessionDto {
  @ApiPropertyOptional({ example: 'sales-line' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ description: 'Before the session sends a message in a chat, mark the chat read (read receipts for its unread received messages), as a person reads before replying.' })
  @Optional()
  @IsBoolean()
  markReadOnReply?: boolean;
}

export class PairingCodeRequestDto {
  @ApiProperty({ example: '15551234567', description: 'The phone number to link, E.164 digits (a leading + is allowed).' })
  @IsString()
  @Matches(/^\+?[1-9]\d{6,14}$/, { message: 'phoneNumber must be E.164 digits, e.g. 15551234567' })
  phoneNumber: string;
}

export class PairingCodeDto {
  @ApiProperty({ example: 'ABCD1234', description: 'Enter it on the phone: Linked devices → Link with phone number.' })
  code: string;
}

export class QrDto {
  @ApiProperty({ description: 'The QR payload; render it as a QR code (or ask for image/png).' })
  qr: string;

  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' })
  expiresAt: string;
}

export class SessionDto {
  @ApiProperty({ example: '01HXYZ0000000000000000000' })
  id: string;

  @ApiProperty({ example: 'support-line' })
  name: string;

  @ApiProperty({ enum: SESSION_STATUSES })
  status: SessionStatus;

  @ApiProperty({ type: String, nullable: true, example: '15551234567' })
  phoneNumber: string | null;

  @ApiProperty({ type: String, nullable: true, example: '15551234567:1@s.whatsapp.net' })
  jid: string | null;

  @ApiProperty({ type: String, nullable: true })
  pushName: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the session stopped or failed, in words.' })
  lastError: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;

  @ApiProperty({ type: String, nullable: true })
  connectedAt: string | null;

  @ApiProperty({ description: 'Setting: mark a chat read before replying in it.' })
  markReadOnReply: boolean;

  static from(s: SessionEntity): SessionDto {
    return {
      id: s.id,
      name: s.name,
      status: s.status,
      phoneNumber: s.phoneNumber,
      jid: s.jid,
      pushName: s.pushName,
      lastError: s.lastError,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
      connectedAt: s.connectedAt ? s.connectedAt.toISOString() : null,
      markReadOnReply: Boolean(s.markReadOnReply),
    };
  }
}

export class SessionPageDto extends PageDto(SessionDto, 'SessionPageDto') {}
