import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, CurrentPrincipal, Principal } from '../auth/decorators';
import { ErrorEnvelopeDto } from '../common/error-envelope.dto';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../common/pagination';
import { ContactsService } from './contacts.service';
import { CheckContactsDto, ContactCheckResultDto, ContactDto, ContactPageDto, LidMappingDto, LidQuery, ListContactsQuery } from './dto/contact.dto';

const SESSION_PARAM = { name: 'session', description: 'The WhatsApp session id — one attached WhatsApp number.' };
const ID_PARAM = { name: 'id', description: 'The contact: a phone number (`+15551234567`), a phone-number JID (`15551234567@s.whatsapp.net`) or a LID (`201000000000001@lid`).', example: '15551234567' };
const NOT_FOUND = { description: 'No such session in your organization, or no such contact.', type: ErrorEnvelopeDto };
const NOT_CONNECTED = { description: 'The session is not connected (the answer says what it is).', type: ErrorEnvelopeDto };
const BAD_INPUT = { description: 'Invalid contact id, query or body.', type: ErrorEnvelopeDto };

@ApiTags('contacts')
@Controller('sessions')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post(':session/contacts\\:check')
  @HttpCode(200)
  @Authenticated({ capability: 'send' })
  @ApiOperation({
    summary: 'Check numbers on WhatsApp',
    description:
      'For each number (up to 50): whether it is on WhatsApp, its phone-number JID and LID. Bulk checks are how numbers get banned: numbers asked of WhatsApp are paced per session (`CONTACT_CHECK_RATE` per minute, else 429 with Retry-After), and an answer younger than `CONTACT_CHECK_TTL` is given from the store (`cached: true`) without asking again.',
  })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: ContactCheckResultDto })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'Some numbers must be asked of WhatsApp and the session is not connected.', type: ErrorEnvelopeDto })
  @ApiTooManyRequestsResponse({ description: 'The session looked up `CONTACT_CHECK_RATE` numbers in the last minute.', type: ErrorEnvelopeDto })
  check(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Body() body: CheckContactsDto): Promise<ContactCheckResultDto> {
    return this.contacts.check(p.orgId, session, body.phoneNumbers);
  }

  @Get(':session/contacts')
  @Authenticated({ capability: 'send' })
  @ApiOperation({ summary: 'List contacts', description: 'Everyone the session knows (address-book entries the phone syncs, chat partners, group members, numbers it checked), in the order they became known (paginated). `q` matches a name, push name or number.' })
  @ApiParam(SESSION_PARAM)
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string', maxLength: 1024 }, description: 'Opaque cursor: the `nextCursor` of the previous page.' })
  @ApiQuery({ name: 'q', required: false, schema: { type: 'string', maxLength: 100 }, description: 'Part of a name or number.' })
  @ApiOkResponse({ type: ContactPageDto })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse(NOT_FOUND)
  async list(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Query() q: ListContactsQuery): Promise<ContactPageDto> {
    const page = await this.contacts.list(p.orgId, session, q);
    return { items: page.items.map(ContactDto.from), nextCursor: page.nextCursor };
  }

  @Get(':session/contacts/:id')
  @Authenticated({ capability: 'send' })
  @ApiOperation({ summary: 'Get a contact', description: 'Names, both JID forms where known, about text and business profile (read from WhatsApp when connected and not read within the hour). A contact not stored is read from WhatsApp when connected.' })
  @ApiParam(SESSION_PARAM)
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ContactDto })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse(NOT_FOUND)
  async get(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('id') id: string): Promise<ContactDto> {
    return ContactDto.from(await this.contacts.get(p.orgId, session, id));
  }

  @Get(':session/contacts/:id/picture')
  @Authenticated({ capability: 'send' })
  @ApiOperation({ summary: 'Profile picture', description: 'Fetched from WhatsApp on demand and kept for an hour. 404 when there is none or their privacy settings hide it (`details.reason`: `none` or `hidden`).' })
  @ApiParam(SESSION_PARAM)
  @ApiParam(ID_PARAM)
  @ApiProduces('image/jpeg')
  @ApiOkResponse({ description: 'The picture (JPEG).', content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } } })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse({ description: 'No such session in your organization, no picture, or hidden by privacy.', type: ErrorEnvelopeDto })
  @ApiConflictResponse(NOT_CONNECTED)
  async picture(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const { data, mimetype, cached } = await this.contacts.picture(p.orgId, session, id);
    res.type(mimetype.startsWith('image/') ? mimetype : 'image/jpeg');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Cache', cached ? 'HIT' : 'MISS');
    res.setHeader('content-length', String(data.length));
    res.send(data);
  }

  @Post(':session/contacts/:id\\:block')
  @HttpCode(200)
  @Authenticated({ capability: 'manage' })
  @ApiOperation({ summary: 'Block a contact', description: 'They can no longer message or call this number.' })
  @ApiParam(SESSION_PARAM)
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ContactDto })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse({ description: 'No such session in your organization, a number not on WhatsApp, or a LID whose number is unknown.', type: ErrorEnvelopeDto })
  @ApiConflictResponse(NOT_CONNECTED)
  async block(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('id') id: string): Promise<ContactDto> {
    return ContactDto.from(await this.contacts.setBlocked(p.orgId, session, id, true));
  }

  @Post(':session/contacts/:id\\:unblock')
  @HttpCode(200)
  @Authenticated({ capability: 'manage' })
  @ApiOperation({ summary: 'Unblock a contact' })
  @ApiParam(SESSION_PARAM)
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ContactDto })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(NOT_CONNECTED)
  async unblock(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('id') id: string): Promise<ContactDto> {
    return ContactDto.from(await this.contacts.setBlocked(p.orgId, session, id, false));
  }

  @Get(':session/blocklist')
  @Authenticated({ capability: 'send' })
  @ApiOperation({ summary: 'Blocked contacts', description: 'Read from WhatsApp when the session is connected (and stored), else as stored.' })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: ContactPageDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async blocklist(@CurrentPrincipal() p: Principal, @Param('session') session: string): Promise<ContactPageDto> {
    return { items: (await this.contacts.blocklist(p.orgId, session)).map(ContactDto.from), nextCursor: '' };
  }

  @Get(':session/lids')
  @Authenticated({ capability: 'send' })
  @ApiOperation({ summary: 'The LID of a phone number', description: 'As WhatsApp revealed it to this session; 404 when not known.' })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: LidMappingDto })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse({ description: 'No such session in your organization, or the LID is not known.', type: ErrorEnvelopeDto })
  lidOfPhone(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Query() q: LidQuery): Promise<LidMappingDto> {
    return this.contacts.lidOfPhone(p.orgId, session, q.phoneNumber);
  }

  @Get(':session/lids/:lid')
  @Authenticated({ capability: 'send' })
  @ApiOperation({ summary: 'The phone number behind a LID', description: 'As WhatsApp revealed it to this session (message attributes, contact checks, group members, history and contact sync); 404 when not known.' })
  @ApiParam(SESSION_PARAM)
  @ApiParam({ name: 'lid', description: 'A LID, e.g. `201000000000001@lid`.', example: '201000000000001@lid' })
  @ApiOkResponse({ type: LidMappingDto })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse({ description: 'No such session in your organization, or the phone number is not known.', type: ErrorEnvelopeDto })
  phoneOfLid(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('lid') lid: string): Promise<LidMappingDto> {
    return this.contacts.phoneOfLid(p.orgId, session, lid);
  }
}
