import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES, EventType } from '../event-types';

/** One event as the stream (SSE `data:`) and webhooks carry it. */
export class EventDto {
  @ApiProperty({ example: '1024', description: 'Increasing within the organization; the SSE `id:` (resume with `Last-Event-ID`).' })
  id: string;

  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType' })
  type: EventType;

  @ApiProperty()
  orgId: string;

  @ApiProperty({ type: String, nullable: true })
  sessionId: string | null;

  @ApiProperty({ description: 'When it happened (ISO 8601).' })
  occurredAt: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What happened; its shape depends on `type` (see the API guide).' })
  data: Record<string, unknown>;
}
