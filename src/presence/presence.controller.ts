import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, Principal } from '../auth/decorators';
import { ErrorEnvelopeDto } from '../common/error-envelope.dto';
import { ChatStateDto, ContactPresenceDto, OwnPresenceDto, SetChatStateDto, SetOwnPresenceDto } from './dto/presence.dto';
import { PresenceService } from './presence.service';

const SESSION_PARAM = { name: 'session', description: 'The WhatsApp session id — one attached WhatsApp number.' };
const CONTACT_PARAM = {
  name: 'id',
  description: 'The contact: a phone number in international format, `<number>@s.whatsapp.net` or `<digits>@lid`.',
  example: '15559000001',
};
const NOT_FOUND = { description: 'No such session in your organization.', type: ErrorEnvelopeDto };
const NOT_CONNECTED = { description: 'The session is not connected (the answer says what it is).', type: ErrorEnvelopeDto };

@ApiTags('presence')
@Controller('sessions')
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  @Post(':session/presence')
  @HttpCode(200)
  @Authenticated({ capability: 'manage' })
  @ApiOperation({
    summary: 'Set the number’s own presence',
    description:
      'Online (`available`) or offline (`unavailable`). By default a session connects `unavailable` (as the engine sets it), so the phone keeps showing notifications; while it is `available` WhatsApp considers this device in use and the phone stops notifying. Lasts for the current connection: a reconnect starts `unavailable` again.',
  })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: OwnPresenceDto })
  @ApiBadRequestResponse({ description: 'Invalid state.', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(NOT_CONNECTED)
  async setOwn(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Body() body: SetOwnPresenceDto): Promise<OwnPresenceDto> {
    await this.presence.setOwn(p.orgId, session, body.state);
    return { state: body.state };
  }

  @Post(':session/chats/:jid/presence')
  @HttpCode(200)
  @Authenticated({ capability: 'send' })
  @ApiOperation({
    summary: 'Show typing in a chat',
    description: '`composing` (typing), `recording` (a voice note) or `paused`. WhatsApp clears the indicator itself after a while or when a message arrives. `jid` is a user, LID or group JID, or E.164 digits.',
  })
  @ApiParam(SESSION_PARAM)
  @ApiParam({ name: 'jid', description: 'The chat: E.164 digits or a JID.', example: '15559000001@s.whatsapp.net' })
  @ApiOkResponse({ type: ChatStateDto })
  @ApiBadRequestResponse({ description: 'Invalid chat or state.', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(NOT_CONNECTED)
  async chatState(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('jid') jid: string, @Body() body: SetChatStateDto): Promise<ChatStateDto> {
    const chatJid = await this.presence.setChatState(p.orgId, session, jid, body.state);
    return { chatJid, state: body.state };
  }

  @Post(':session/contacts/:id/presence\\:subscribe')
  @HttpCode(200)
  @Authenticated({ capability: 'send' })
  @ApiOperation({
    summary: 'Subscribe to a contact’s presence',
    description:
      'WhatsApp answers with the contact’s presence and then reports every change (online, last seen, typing in a chat) as `presence.update` events, for as long as the connection lasts: subscribe again after a reconnect. Answers the presence known so far.',
  })
  @ApiParam(SESSION_PARAM)
  @ApiParam(CONTACT_PARAM)
  @ApiOkResponse({ type: ContactPresenceDto })
  @ApiBadRequestResponse({ description: 'Invalid contact.', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(NOT_CONNECTED)
  async subscribe(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('id') id: string): Promise<ContactPresenceDto> {
    const { jid, forms, presence } = await this.presence.subscribe(p.orgId, session, id);
    return ContactPresenceDto.from(jid, presence, forms);
  }

  @Get(':session/contacts/:id/presence')
  @Authenticated({ capability: 'send' })
  @ApiOperation({
    summary: 'A contact’s last known presence',
    description:
      'The last presence WhatsApp reported for a subscribed contact (`unknown` when none). The contact may be named by either form: once the session knows its number and LID, a presence subscribed or reported under one is read under the other as well.',
  })
  @ApiParam(SESSION_PARAM)
  @ApiParam(CONTACT_PARAM)
  @ApiOkResponse({ type: ContactPresenceDto })
  @ApiBadRequestResponse({ description: 'Invalid contact.', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async get(@CurrentPrincipal() p: Principal, @Param('session') session: string, @Param('id') id: string): Promise<ContactPresenceDto> {
    const { jid, forms, presence } = await this.presence.lastKnown(p.orgId, session, id);
    return ContactPresenceDto.from(jid, presence, forms);
  }
}
