import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, CurrentPrincipal, Principal } from '../auth/decorators';
import { ValidationError } from '../common/errors';
import { EventStreamQueryDto } from './dto/event-stream-query.dto';
import { EventStreams } from './event-streams';
import { isEventType } from './event-types';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly streams: EventStreams) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Server-Sent Events stream of the organization',
    description:
      'Each event is one SSE message: `id: <event id>` and `data: {"id","type","orgId","sessionId","occurredAt","data"}` ' +
      '(no `event:` field, so `onmessage` receives every type). Comment lines are heartbeats. Reconnect with ' +
      '`Last-Event-ID` (or `?lastEventId=`) to receive, in order and once, every event after that one; without it the ' +
      'stream starts with events after the connection.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id.' })
  @ApiOkResponse({ description: 'An endless text/event-stream.', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  async stream(
    @CurrentPrincipal() principal: Principal,
    @Query() query: EventStreamQueryDto,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lastEventId = lastEventIdHeader?.trim() || query.lastEventId;
    if (lastEventId !== undefined && !/^\d{1,19}$/.test(lastEventId)) {
      throw new ValidationError('Last-Event-ID is not an event id', { 'Last-Event-ID': ['must be an event id'] });
    }
    const types = query.types?.split(',').map((t) => t.trim()).filter(Boolean);
    const unknown = types?.filter((t) => !isEventType(t)) ?? [];
    if (unknown.length) throw new ValidationError('unknown event types', { types: unknown.map((t) => `unknown event type "${t}"`) });
    const position = await this.streams.startPosition(principal.orgId, lastEventId);
    await this.streams.serve(req, res, principal.orgId, position, { sessionId: query.sessionId, types });
  }
}
