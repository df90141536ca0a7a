import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, CurrentPrincipal, Principal } from '../auth/decorators';
import { ErrorEnvelopeDto } from '../common/error-envelope.dto';
import { ForbiddenError, NotFoundError, ValidationError } from '../common/errors';
import { EventDto } from './dto/event.dto';
import { EventStreamQueryDto } from './dto/event-stream-query.dto';
import { EventStreams } from './event-streams';
import { EVENT_CAPABILITY, EventType, isEventType, mayReadEventType, readableEventTypes } from './event-types';
import { EventsRepository } from './events.repository';

/** The largest event id (events.id is a bigint). */
const MAX_EVENT_ID = 9223372036854775807n;

@ApiTags('events')
@ApiExtraModels(EventDto)
@Controller('events')
export class EventsController {
  constructor(
    private readonly streams: EventStreams,
    private readonly events: EventsRepository,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Server-Sent Events stream of the organization',
    description:
      'Each event is one SSE message: `id: <event id>` and `data: {"id","type","orgId","sessionId","occurredAt","data"}` ' +
      '(no `event:` field, so `onmessage` receives every type). Comment lines are heartbeats. Reconnect with ' +
      '`Last-Event-ID` (or `?lastEventId=`) to receive, in order and once, every event after that one; without it the ' +
      'stream starts with events after the connection.\n\n' +
      'A stream carries only the types the caller may read over REST: `message.*` and `channel.post` need `send`, ' +
      '`session.qr` needs `manage`, the other `session.*` types any principal. Asking for a type in `types` that the ' +
      'caller may not read is a 403. At most `EVENTS_MAX_STREAMS_PER_KEY` streams per key (or JWT subject) are open at once (429 beyond).',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id.' })
  @ApiOkResponse({ description: 'An endless text/event-stream.', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'The `sessionId` is not a session of the organization.', type: ErrorEnvelopeDto })
  @ApiTooManyRequestsResponse({ description: 'Too many open streams for this key or this process.', type: ErrorEnvelopeDto })
  async stream(
    @CurrentPrincipal() principal: Principal,
    @Query() query: EventStreamQueryDto,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lastEventId = parseEventId(lastEventIdHeader?.trim() || query.lastEventId);
    const types = this.allowedTypes(principal, query.types);
    if (query.sessionId !== undefined && !(await this.events.sessionExists(principal.orgId, query.sessionId))) {
      throw new NotFoundError('session not found');
    }
    await this.streams.serve(req, res, principal, lastEventId, { sessionId: query.sessionId, types });
  }

  /** The types asked for (each must be one the caller may read), or every type it may read. */
  private allowedTypes(principal: Principal, raw: string | undefined): EventType[] {
    const requested = raw?.split(',').map((t) => t.trim()).filter(Boolean) ?? [];
    const unknown = requested.filter((t) => !isEventType(t));
    if (unknown.length) throw new ValidationError('unknown event types', { types: unknown.map((t) => `unknown event type "${t}"`) });
    const denied = (requested as EventType[]).filter((t) => !mayReadEventType(principal.capabilities, t));
    if (denied.length) {
      throw new ForbiddenError('the key may not read these event types', {
        types: denied.map((t) => `${t} requires the ${EVENT_CAPABILITY[t]} capability`),
      });
    }
    return requested.length ? (requested as EventType[]) : readableEventTypes(principal.capabilities);
  }
}

/** A Last-Event-ID: digits within the range of event ids, else 400. */
function parseEventId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,19}$/.test(value) || BigInt(value) > MAX_EVENT_ID) {
    throw new ValidationError('Last-Event-ID is not an event id', { 'Last-Event-ID': ['must be an event id (a non-negative 64-bit integer)'] });
  }
  return value;
}
