import { applyDecorators, Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Type as ClassType } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Authenticated, CurrentPrincipal, Principal } from '../auth/decorators';
import { ErrorEnvelopeDto } from '../common/error-envelope.dto';
import { Idempotent, ResumeFrom } from '../common/idempotency/idempotent';
import { DEFAULT_LIMIT, ListQueryDto, MAX_LIMIT } from '../common/pagination';
import { Optional } from '../common/validation';
import {
  CreateGroupDto,
  GroupCreatedDto,
  GroupDto,
  GroupPageDto,
  InviteDto,
  JoinGroupDto,
  ParticipantsDto,
  ParticipantsResultDto,
  UpdateGroupDto,
} from './dto/group.dto';
import { GroupsService } from './groups.service';

const SESSION_PARAM = { name: 'session', description: 'The WhatsApp session id — one attached WhatsApp number.' };
const JID_PARAM = { name: 'jid', description: 'The group JID, e.g. `120363000000000042@g.us`.', example: '120363000000000042@g.us' };
const NOT_FOUND = { description: 'No such session in your organization, or no such group.', type: ErrorEnvelopeDto };
const NOT_CONNECTED = { description: 'The session is not connected (the answer says what it is).', type: ErrorEnvelopeDto };
const BAD_INPUT = { description: 'Invalid JID, body or participant.', type: ErrorEnvelopeDto };

/**
 * What the routes on one group share: the capability, the path parameters and the answers (a
 * change needs a connected session: 409; `ok` is the success body, 200 also for POSTs).
 */
function GroupRoute(o: { capability: 'send' | 'manage'; summary: string; description: string; ok: ClassType<unknown>; change?: boolean }): MethodDecorator {
  return applyDecorators(
    HttpCode(200),
    Authenticated({ capability: o.capability }),
    ApiOperation({ summary: o.summary, description: o.description }),
    ApiParam(SESSION_PARAM),
    ApiParam(JID_PARAM),
    ApiOkResponse({ type: o.ok }),
    ApiBadRequestResponse(BAD_INPUT),
    ApiNotFoundResponse(NOT_FOUND),
    ...(o.change === false ? [] : [ApiConflictResponse(NOT_CONNECTED)]),
  );
}

const participantsRoute = (summary: string, description = 'Each participant with its result.') =>
  GroupRoute({ capability: 'manage', summary, description, ok: ParticipantsResultDto });

class ListGroupsQuery extends ListQueryDto {
  @Optional()
  @IsIn(['true', 'false'], { message: 'refresh must be true or false' })
  refresh?: 'true' | 'false';
}

@ApiTags('groups')
@Controller('sessions')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get(':session/groups')
  @Authenticated({ capability: 'send' })
  @ApiOperation({ summary: 'List groups', description: 'Groups the number is in, from the store, newest first (paginated). `refresh=true` reads them from WhatsApp first (the session must be connected).' })
  @ApiParam(SESSION_PARAM)
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string', maxLength: 1024 }, description: 'Opaque cursor: the `nextCursor` of the previous page.' })
  @ApiQuery({ name: 'refresh', required: false, schema: { type: 'boolean', default: false } })
  @ApiOkResponse({ type: GroupPageDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'With `refresh=true`: the session is not connected.', type: ErrorEnvelopeDto })
  async list(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Query() q: ListGroupsQuery): Promise<GroupPageDto> {
    const page = await this.groups.list(p.orgId, session, { limit: q.limit, cursor: q.cursor, refresh: q.refresh === 'true' });
    return { items: page.items.map(GroupDto.from), nextCursor: page.nextCursor };
  }

  @Post(':session/groups')
  @Authenticated({ capability: 'manage' })
  @Idempotent('groups.create', 'created')
  @ApiOperation({ summary: 'Create a group', description: 'Creates a group with the session as its admin and these members. Each participant comes back with its result: added, or why not (e.g. their privacy settings: WhatsApp then made an invitation).' })
  @ApiParam(SESSION_PARAM)
  @ApiCreatedResponse({ type: GroupCreatedDto })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(NOT_CONNECTED)
  async create(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Body() body: CreateGroupDto, @ResumeFrom() storedId: string | undefined): Promise<GroupCreatedDto> {
    const { group, participants } = storedId ? await this.groups.created(p.orgId, session, storedId) : await this.groups.create(p.orgId, session, body);
    return { group: GroupDto.from(group), participants };
  }

  @Post(':session/groups\\:join')
  @HttpCode(200)
  @Authenticated({ capability: 'manage' })
  @ApiOperation({ summary: 'Join a group', description: 'Joins by invitation code (or link).' })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: GroupDto })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse({ description: 'No such session in your organization, or no group has this code.', type: ErrorEnvelopeDto })
  @ApiConflictResponse(NOT_CONNECTED)
  async join(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Body() body: JoinGroupDto): Promise<GroupDto> {
    return GroupDto.from(await this.groups.join(p.orgId, session, body.code));
  }

  @Get(':session/groups/:jid')
  @GroupRoute({
    capability: 'send',
    summary: 'Get a group',
    description: 'Metadata with members and their roles, as stored (kept up to date from WhatsApp’s notifications). A group not stored yet is read from WhatsApp when the session is connected.',
    ok: GroupDto,
    change: false,
  })
  async get(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('jid') jid: string): Promise<GroupDto> {
    return GroupDto.from(await this.groups.get(p.orgId, session, jid));
  }

  @Patch(':session/groups/:jid')
  @GroupRoute({
    capability: 'manage',
    summary: 'Change a group',
    description: 'Subject, description, `announce` (only admins send), `locked` (only admins edit the group). Answers the group as it is afterwards.',
    ok: GroupDto,
  })
  async update(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('jid') jid: string, @Body() body: UpdateGroupDto): Promise<GroupDto> {
    return GroupDto.from(await this.groups.update(p.orgId, session, jid, body));
  }

  @Post(':session/groups/:jid/participants\\:add')
  @participantsRoute('Add participants', 'Each participant with its result (added, not on WhatsApp, privacy settings: invitation made, already a member, not allowed).')
  async add(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('jid') jid: string, @Body() body: ParticipantsDto): Promise<ParticipantsResultDto> {
    return this.participants(p, session, jid, 'add', body);
  }

  @Post(':session/groups/:jid/participants\\:remove')
  @participantsRoute('Remove participants')
  async remove(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('jid') jid: string, @Body() body: ParticipantsDto): Promise<ParticipantsResultDto> {
    return this.participants(p, session, jid, 'remove', body);
  }

  @Post(':session/groups/:jid/participants\\:promote')
  @participantsRoute('Make participants admins')
  async promote(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('jid') jid: string, @Body() body: ParticipantsDto): Promise<ParticipantsResultDto> {
    return this.participants(p, session, jid, 'promote', body);
  }

  @Post(':session/groups/:jid/participants\\:demote')
  @participantsRoute('Take admin rights away')
  async demote(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('jid') jid: string, @Body() body: ParticipantsDto): Promise<ParticipantsResultDto> {
    return this.participants(p, session, jid, 'demote', body);
  }

  @Get(':session/groups/:jid/invite')
  @GroupRoute({ capability: 'manage', summary: 'Invitation code and link', description: 'Anyone with the link may join: reading it needs `manage`.', ok: InviteDto })
  async invite(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('jid') jid: string): Promise<InviteDto> {
    return this.groups.invite(p.orgId, session, jid, false);
  }

  @Post(':session/groups/:jid/invite\\:revoke')
  @GroupRoute({ capability: 'manage', summary: 'Revoke the invitation', description: 'The old link stops working; answers the new code and link.', ok: InviteDto })
  async revokeInvite(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('jid') jid: string): Promise<InviteDto> {
    return this.groups.invite(p.orgId, session, jid, true);
  }

  @Post(':session/groups/:jid\\:leave')
  @GroupRoute({ capability: 'manage', summary: 'Leave a group', description: 'The group stays in the store with `member: false`.', ok: GroupDto })
  async leave(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('jid') jid: string): Promise<GroupDto> {
    return GroupDto.from(await this.groups.leave(p.orgId, session, jid));
  }

  private async participants(p: Principal, session: string, jid: string, action: 'add' | 'remove' | 'promote' | 'demote', body: ParticipantsDto): Promise<ParticipantsResultDto> {
    const result = await this.groups.participants(p.orgId, session, jid, action, body.participants);
    return { participants: result.participants, group: GroupDto.from(result.group) };
  }
}
