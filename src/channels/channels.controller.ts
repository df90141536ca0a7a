import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, Principal } from '../auth/decorators';
import { ErrorEnvelopeDto } from '../common/error-envelope.dto';
import { ListQueryDto } from '../common/pagination';
import { ChannelsService } from './channels.service';
import {
  ChannelCreatedDto,
  ChannelDto,
  ChannelPageDto,
  ChannelPostDto,
  ChannelPostPageDto,
  CreateChannelDto,
  PostToChannelDto,
} from './dto/channel.dto';

const SESSION_PARAM = { name: 'session', description: 'The WhatsApp session id — one attached WhatsApp number.' };
const JID_PARAM = { name: 'jid', description: 'The channel JID, e.g. `120363000000000001@newsletter`.', example: '120363000000000001@newsletter' };
const NOT_FOUND = { description: 'No such session in your organization, or no such channel.', type: ErrorEnvelopeDto };
const NOT_CONNECTED = { description: 'The session is not connected.', type: ErrorEnvelopeDto };

// The seed's wording (binding) for the two endpoints it describes.
const CREATE_DESCRIPTION =
  'Create a WhatsApp **channel** (newsletter) owned by this session, returning its newly minted JID. **Not implemented in v1.** This endpoint is wired but the underlying WhatsApp operation is not yet built, so it **always responds `501` with `not_implemented`** — no channel is created and nothing is persisted. The request body shape below documents the eventual contract; today it is accepted but ignored. **Authorization:** requires the `send` capability; callers lacking it get `403` (`forbidden`). Requests without a valid principal get `401`. **When implemented**, this will be a write that creates a brand-new channel on the WhatsApp network; it is **not** idempotent (each successful call would create a distinct channel) and on success returns `201` with the channel\'s `jid`. **Errors:** `403` `forbidden` (missing `send`), `404` `not_found` (session unknown), `501` `not_implemented` (current behavior), and, once built, `400` `validation_error` for a missing/invalid `name`.' +
  '\n\n*Deployment note:* a gateway started with `CHANNEL_CREATE_ENABLED=true` already behaves as described for "when implemented", and answers `409` `conflict` when the session is not connected.';
const LIST_POSTS_DESCRIPTION =
  "Return a page of **stored** messages for the channel identified by `jid` on this session, newest-first. This reads from the gateway's own message store — it returns what the gateway has already received and persisted for the channel, not a live fetch from WhatsApp. A channel the session has never received posts from yields an empty page. **Pagination:** use `limit` (1–200, default 50) and `cursor`. Omit `cursor` for the first page; read `nextCursor` from the response and pass it back to fetch the next page. The cursor is opaque — do not parse it. An empty `nextCursor` means the last page has been reached. **Authorization:** requires the `send` capability (`403` `forbidden` otherwise; `401` without a valid principal). This is a safe, side-effect-free read. **Errors:** `403` `forbidden` (missing `send`), `404` `not_found` (session or channel unknown).";

@ApiTags('channels')
@Controller('sessions/:session/channels')
@Authenticated({ capability: 'send' })
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a channel (newsletter)', description: CREATE_DESCRIPTION })
  @ApiParam({
    name: 'session',
    description: 'The WhatsApp session id — one attached WhatsApp number — that will own the new channel. The session must exist and be connected.',
  })
  @ApiBody({ type: CreateChannelDto, required: false })
  @ApiBadRequestResponse({ description: 'Once built: `validation_error` for a missing/invalid `name`.', type: ErrorEnvelopeDto })
  @ApiCreatedResponse({ type: ChannelCreatedDto, description: "Once built: the channel's JID." })
  @ApiNotFoundResponse({ description: 'session not found', type: ErrorEnvelopeDto })
  @ApiConflictResponse({ description: 'Once built: the session is not connected.', type: ErrorEnvelopeDto })
  @ApiResponse({ status: 501, description: '`not_implemented`: the current (v1) behaviour.', type: ErrorEnvelopeDto })
  // `unknown`: the global validation pipe leaves the body alone (v1 accepts any body).
  async create(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Body() body: unknown): Promise<ChannelCreatedDto> {
    return this.channels.create(p.orgId, session, body);
  }

  @Get()
  @ApiOperation({ summary: "List the session's channels", description: 'Channels this session owns, administers or follows, newest first (paginated).' })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: ChannelPageDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async list(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Query() q: ListQueryDto): Promise<ChannelPageDto> {
    const page = await this.channels.list(p.orgId, session, q.limit, q.cursor);
    return { items: page.items.map(ChannelDto.from), nextCursor: page.nextCursor };
  }

  @Get(':jid')
  @ApiOperation({
    summary: 'Channel metadata',
    description:
      'Name, description, subscribers and the session\'s role. Fetched from WhatsApp when the session is connected (and kept in the store); otherwise the stored copy (`409` when there is none).',
  })
  @ApiParam(SESSION_PARAM)
  @ApiParam(JID_PARAM)
  @ApiOkResponse({ type: ChannelDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'Not connected and not in the store.', type: ErrorEnvelopeDto })
  async get(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('jid') jid: string): Promise<ChannelDto> {
    return ChannelDto.from(await this.channels.metadata(p.orgId, session, jid));
  }

  @Post(':jid\\:follow')
  @HttpCode(200)
  @ApiOperation({ summary: 'Follow a channel', description: 'The session follows the channel on WhatsApp; its posts are stored from now on. Idempotent.' })
  @ApiParam(SESSION_PARAM)
  @ApiParam(JID_PARAM)
  @ApiOkResponse({ type: ChannelDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(NOT_CONNECTED)
  async follow(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('jid') jid: string): Promise<ChannelDto> {
    return ChannelDto.from(await this.channels.follow(p.orgId, session, jid));
  }

  @Post(':jid\\:unfollow')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unfollow a channel', description: 'The session stops following the channel; posts already stored stay readable. Idempotent.' })
  @ApiParam(SESSION_PARAM)
  @ApiParam(JID_PARAM)
  @ApiOkResponse({ type: ChannelDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(NOT_CONNECTED)
  async unfollow(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('jid') jid: string): Promise<ChannelDto> {
    return ChannelDto.from(await this.channels.unfollow(p.orgId, session, jid));
  }

  @Get(':jid/messages')
  @ApiOperation({ summary: 'List stored channel messages', description: LIST_POSTS_DESCRIPTION })
  @ApiParam(SESSION_PARAM)
  @ApiParam(JID_PARAM)
  @ApiOkResponse({ type: ChannelPostPageDto })
  @ApiNotFoundResponse({ description: 'Session or channel unknown.', type: ErrorEnvelopeDto })
  async listMessages(
    @CurrentPrincipal() p: Principal,
    @Param('session') session: string,
    @Param('jid') jid: string,
    @Query() q: ListQueryDto,
  ): Promise<ChannelPostPageDto> {
    const page = await this.channels.listPosts(p.orgId, session, jid, q.limit, q.cursor);
    return { items: page.items.map(ChannelPostDto.from), nextCursor: page.nextCursor };
  }

  @Post(':jid/messages')
  @ApiOperation({ summary: 'Post to a channel', description: 'Publishes a text post to a channel this session owns or administers; the post is stored like received ones.' })
  @ApiParam(SESSION_PARAM)
  @ApiParam(JID_PARAM)
  @ApiCreatedResponse({ type: ChannelPostDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'The session is not connected, or does not own or administer the channel.', type: ErrorEnvelopeDto })
  async postMessage(
    @CurrentPrincipal() p: Principal,
    @Param('session') session: string,
    @Param('jid') jid: string,
    @Body() body: PostToChannelDto,
  ): Promise<ChannelPostDto> {
    return ChannelPostDto.from(await this.channels.post(p.orgId, session, jid, body));
  }
}
