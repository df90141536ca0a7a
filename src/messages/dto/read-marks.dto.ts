import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Optional } from '../../common/validation';

export class MarkReadDto {
  @ApiPropertyOptional({
    description: 'Mark read only up to this received message (its gateway id or WhatsApp id, in this chat), inclusive. Absent: every unread message of the chat.',
  })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  upTo?: string;
}

export class MarkReadResultDto {
  @ApiProperty({ example: '15559000001@s.whatsapp.net' })
  chatJid: string;

  @ApiProperty({ example: 3, description: 'How many received messages were marked read now (read receipts went for at most the newest 500).' })
  marked: number;

  @ApiProperty({ example: 0, description: 'Received messages of the chat still unread (newer than `upTo`, or arrived meanwhile).' })
  unreadCount: number;
}
