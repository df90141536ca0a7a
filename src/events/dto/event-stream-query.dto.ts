import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class EventStreamQueryDto {
  @ApiPropertyOptional({ description: 'Only events of this session.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  sessionId?: string;

  @ApiPropertyOptional({ description: 'Comma-separated event types, e.g. `message.received,session.status`.', example: 'message.received' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  types?: string;

  @ApiPropertyOptional({ description: 'Resume after this event id (for clients that cannot send the `Last-Event-ID` header).' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'lastEventId must be an event id' })
  lastEventId?: string;
}
