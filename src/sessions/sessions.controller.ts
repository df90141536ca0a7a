import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { toBuffer } from 'qrcode';
import { Authenticated, CurrentPrincipal, Principal } from '../auth/decorators';
import { ErrorEnvelopeDto } from '../common/error-envelope.dto';
import { Idempotent, ResumeFrom } from '../common/idempotency/idempotent';
import { ListQueryDto } from '../common/pagination';
import { CreateSessionDto, PairingCodeDto, PairingCodeRequestDto, QrDto, SessionDto, SessionPageDto, UpdateSessionDto } from './dto/session.dto';
import { SessionsService } from './sessions.service';

const NOT_FOUND = { description: 'No such session in your organization.', type: ErrorEnvelopeDto };

@ApiTags('sessions')
@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
  ) {}

  @Post()
  @Authenticated({ capability: 'manage' })
  @ApiOperation({ summary: 'Create a session', description: 'Creates a session (one WhatsApp number to attach). With `start: true` it starts pairing at once.' })
  @ApiCreatedResponse({ type: SessionDto })
  @ApiConflictResponse({ description: 'The name is taken, or the Idempotency-Key was used for another request.', type: ErrorEnvelopeDto })
  @Idempotent('sessions.create', 'created')
  async create(@CurrentPrincipal() p: Principal, @Body() body: CreateSessionDto, @ResumeFrom() storedId: string | undefined): Promise<SessionDto> {
    return SessionDto.from(storedId ? await this.sessions.get(p.orgId, storedId) : await this.sessions.create(p.orgId, body.name, body.start ?? false));
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'List sessions', description: 'Sessions of your organization, newest first.' })
  @ApiOkResponse({ type: SessionPageDto })
  async list(@CurrentPrincipal() p: Principal, @Query() q: ListQueryDto): Promise<SessionPageDto> {
    const page = await this.sessions.list(p.orgId, q.limit, q.cursor);
    return { items: page.items.map(SessionDto.from), nextCursor: page.nextCursor };
  }

  @Get(':session')
  @Authenticated()
  @ApiOperation({ summary: 'Get a session' })
  @ApiOkResponse({ type: SessionDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async get(@CurrentPrincipal() p: Principal, @Param('session') id: string): Promise<SessionDto> {
    return SessionDto.from(await this.sessions.get(p.orgId, id));
  }

  @Patch(':session')
  @Authenticated({ capability: 'manage' })
  @ApiOperation({ summary: 'Change a session', description: 'Its name, and its settings (`markReadOnReply`).' })
  @ApiOkResponse({ type: SessionDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'The name is taken.', type: ErrorEnvelopeDto })
  async update(@CurrentPrincipal() p: Principal, @Param('session') id: string, @Body() body: UpdateSessionDto): Promise<SessionDto> {
    return SessionDto.from(await this.sessions.rename(p.orgId, id, body.name, { markReadOnReply: body.markReadOnReply }));
  }

  @Delete(':session')
  @HttpCode(204)
  @Authenticated({ capability: 'manage' })
  @ApiOperation({ summary: 'Delete a session', description: 'Logs out if linked, then deletes the session and everything stored for it.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse(NOT_FOUND)
  async remove(@CurrentPrincipal() p: Principal, @Param('session') id: string): Promise<void> {
    await this.sessions.remove(p.orgId, id);
  }

  @Post(':session\\:start')
  @HttpCode(200)
  @Authenticated({ capability: 'manage' })
  @ApiOperation({ summary: 'Start a session', description: 'Connects to WhatsApp; starts pairing (QR or pairing code) if the number is not linked yet. Idempotent.' })
  @ApiOkResponse({ type: SessionDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async start(@CurrentPrincipal() p: Principal, @Param('session') id: string): Promise<SessionDto> {
    return SessionDto.from(await this.sessions.start(p.orgId, id));
  }

  @Post(':session\\:stop')
  @HttpCode(200)
  @Authenticated({ capability: 'manage' })
  @ApiOperation({
    summary: 'Stop a session',
    description:
      'Disconnects a session from WhatsApp **without** unlinking the device. Requires the `manage` capability. The attached number stays paired, so you can `:start` it again later without re-pairing. To unlink the device entirely, use `:logout` instead. **Idempotency.** Stopping an already-stopped session is a harmless no-op. The response returns the refreshed session so you can see its new status. **Errors.** `not_found` (404) — no such session in your organization. `unauthorized` (401) / `forbidden` (403) — credential / capability failures. Returns **200** with the refreshed session.',
  })
  @ApiOkResponse({ type: SessionDto, description: 'The refreshed session.' })
  @ApiNotFoundResponse(NOT_FOUND)
  async stop(@CurrentPrincipal() p: Principal, @Param('session') id: string): Promise<SessionDto> {
    return SessionDto.from(await this.sessions.stop(p.orgId, id));
  }

  @Post(':session\\:logout')
  @HttpCode(200)
  @Authenticated({ capability: 'manage' })
  @ApiOperation({ summary: 'Log a session out', description: 'Unlinks the device from the WhatsApp account and drops its credentials.' })
  @ApiOkResponse({ type: SessionDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async logout(@CurrentPrincipal() p: Principal, @Param('session') id: string): Promise<SessionDto> {
    return SessionDto.from(await this.sessions.logout(p.orgId, id));
  }

  @Get(':session/qr')
  @Authenticated({ capability: 'manage' })
  @ApiOperation({ summary: 'Current pairing QR', description: 'JSON by default; a PNG image with `Accept: image/png`.' })
  @ApiProduces('application/json', 'image/png')
  @ApiExtraModels(QrDto)
  @ApiOkResponse({
    description: 'The QR payload as JSON, or (with `Accept: image/png`) the QR code as a PNG image.',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(QrDto) } },
      'image/png': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'The session is not pairing.', type: ErrorEnvelopeDto })
  async qr(@CurrentPrincipal() p: Principal, @Param('session') id: string, @Headers('accept') accept: string | undefined, @Res() res: Response): Promise<void> {
    const { qr, expiresAt } = await this.sessions.qr(p.orgId, id);
    if (accept?.includes('image/png') && !accept.includes('application/json')) {
      res.type('image/png').send(await toBuffer(qr, { type: 'png', margin: 2, width: 320 }));
      return;
    }
    res.json({ qr, expiresAt: expiresAt.toISOString() } satisfies QrDto);
  }

  @Post(':session\\:requestPairingCode')
  @HttpCode(200)
  @Authenticated({ capability: 'manage' })
  @ApiOperation({ summary: 'Request a pairing code', description: 'Link with a phone number instead of a QR: returns the code to enter on the phone.' })
  @ApiOkResponse({ type: PairingCodeDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'Already linked.', type: ErrorEnvelopeDto })
  async requestPairingCode(@CurrentPrincipal() p: Principal, @Param('session') id: string, @Body() body: PairingCodeRequestDto): Promise<PairingCodeDto> {
    return { code: await this.sessions.requestPairingCode(p.orgId, id, body.phoneNumber) };
  }
}
