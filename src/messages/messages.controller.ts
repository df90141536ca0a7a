import { Body, Controller, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, Principal } from '../auth/decorators';
import { LargeBody } from '../common/body-reader';
import { ErrorEnvelopeDto } from '../common/error-envelope.dto';
import { Answer, Idempotent, ResumeFrom } from '../common/idempotency/idempotent';
import { MessageDto } from './dto/message.dto';
import { SendMessageDto } from './dto/send-message.dto';
import { EditMessageDto } from './dto/edit-message.dto';
import { MessagesService } from './messages.service';

const NOT_FOUND = { description: 'No such session (or message) in your organization.', type: ErrorEnvelopeDto };

@ApiTags('messages')
@Controller('sessions')
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
  ) {}

  @Post(':session/messages')
  @Authenticated({ capability: 'send' })
  @LargeBody()
  @ApiOperation({
    summary: 'Send a message',
    description:
      'Stores the message (queued) and sends it through the session, paced per session. Answers **201** when it was sent within a short wait, else **202** with status `queued`: it is sent once the session is connected, also after a restart, exactly once. Media by `url` (downloaded by the gateway; public addresses only) or `base64`. A session that is stopped, logged out, failed or still pairing answers 409 and nothing is stored.',
  })
  @Idempotent('messages.send', 'sent')
  @ApiCreatedResponse({ type: MessageDto, description: 'Sent.' })
  @ApiAcceptedResponse({ type: MessageDto, description: 'Queued: it will be sent when the session is connected.' })
  @ApiBadRequestResponse({ description: 'Invalid body (unknown type, missing content, bad recipient, bad base64, unsafe or unreachable media URL, replyTo of another session).', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'The session cannot send (stopped, logged out, failed, pairing), or the Idempotency-Key was used for another request.', type: ErrorEnvelopeDto })
  @ApiPayloadTooLargeResponse({ description: 'Media over MEDIA_MAX_BYTES.', type: ErrorEnvelopeDto })
  async send(
    @Principal() p: Principal,
    @Param('session') sessionId: string,
    @Body() body: SendMessageDto,
    @ResumeFrom() storedId: string | undefined,
  ): Promise<Answer<MessageDto>> {
    const message = storedId ? await this.messages.get(p.orgId, sessionId, storedId) : (await this.messages.send(p.orgId, sessionId, body)).message;
    return new Answer(message.status === 'queued' || message.status === 'failed' ? 202 : 201, MessageDto.from(message));
  }

  @Get(':session/messages/:id')
  @Authenticated({ capability: 'send' })
  @ApiOperation({
    summary: 'Get a message',
    description:
      'One stored message with its delivery status and what happened to it since: its current reactions (one per reactor), a poll’s tally, the edited text (`editedAt`), or, once deleted for everyone (`revokedAt`), no content.',
  })
  @ApiOkResponse({ type: MessageDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async get(@Principal() p: Principal, @Param('session') sessionId: string, @Param('id') id: string): Promise<MessageDto> {
    return MessageDto.from(await this.messages.get(p.orgId, sessionId, id));
  }

  @Patch(':session/messages/:id')
  @Authenticated({ capability: 'send' })
  @ApiOperation({
    summary: 'Edit a message',
    description:
      'Changes the text of a text message, or the caption of an image, video or document, that this session sent, for everyone: the recipient sees it edited. WhatsApp allows this for **15 minutes** after the message was sent; later answers 409 with `details.reason` `edit_window_passed`. The stored message gets the new `text` and `editedAt`, and a `message.edited` event is recorded. Sending the current text again changes nothing.',
  })
  @ApiOkResponse({ type: MessageDto, description: 'The edited message.' })
  @ApiBadRequestResponse({ description: 'Invalid body (`text` missing, blank or too long, unknown fields).', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({
    description:
      'Not editable (`details.reason`): `edit_window_passed` (more than 15 minutes since it was sent), `not_own` (not sent by this session), `not_sent` (queued or failed), `revoked`, `not_editable` (not a text, or media without a caption); or the session is not connected.',
    type: ErrorEnvelopeDto,
  })
  async edit(@Principal() p: Principal, @Param('session') sessionId: string, @Param('id') id: string, @Body() body: EditMessageDto): Promise<MessageDto> {
    return MessageDto.from(await this.messages.edit(p.orgId, sessionId, id, body.text));
  }

  @Get(':session/messages/:id/media')
  @Authenticated({ capability: 'send' })
  @ApiOperation({ summary: 'Download the media of a message', description: 'Fetched from WhatsApp on demand and decrypted; served with its content type.' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The media bytes, served with the media\'s own content type (e.g. `image/jpeg`, `application/pdf`) as an attachment.', content: { '*/*': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ description: 'No such message, or it has no media.', type: ErrorEnvelopeDto })
  @ApiConflictResponse({ description: 'The session is not connected here, or the message is not sent yet.', type: ErrorEnvelopeDto })
  @ApiGoneResponse({ description: 'The message was deleted for everyone (`gone`): its media is no longer served.', type: ErrorEnvelopeDto })
  async media(@Principal() p: Principal, @Param('session') sessionId: string, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const { data, mimetype, fileName } = await this.messages.media(p.orgId, sessionId, id);
    // Bytes from strangers: always a download (never rendered by the browser), under a file name
    // encoded safely by Express (RFC 6266), not sniffed, and sandboxed should anything render it.
    res.attachment(fileName || `${id}`);
    res.type(mimetype);
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('content-length', String(data.length));
    res.send(data);
  }

  @Post(':session/messages/:id\\:revoke')
  @HttpCode(200)
  @Authenticated({ capability: 'send' })
  @ApiOperation({ summary: 'Revoke a message', description: 'Deletes a message this session sent, for everyone; the stored message keeps its row without content. Idempotent.' })
  @ApiOkResponse({ type: MessageDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'Not sent by this session, not sent yet, or the session is not connected.', type: ErrorEnvelopeDto })
  async revoke(@Principal() p: Principal, @Param('session') sessionId: string, @Param('id') id: string): Promise<MessageDto> {
    return MessageDto.from(await this.messages.revoke(p.orgId, sessionId, id));
  }
}
