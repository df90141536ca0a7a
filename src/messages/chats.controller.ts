import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Principal } from '../auth/decorators';
import { ErrorEnvelopeDto } from '../common/error-envelope.dto';
import { ListQueryDto } from '../common/pagination';
import { ChatDto, ChatPageDto, MessageDto, MessagePageDto } from './dto/message.dto';
import { MarkReadDto, MarkReadResultDto } from './dto/read-marks.dto';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@Controller('sessions')
export class ChatsController {
  constructor(private readonly messages: MessagesService) {}

  @Get(':session/chats')
  @Authenticated({ capability: 'send' })
  @ApiOperation({ summary: 'List chats', description: 'Chats of the session, most recent activity first.' })
  @ApiOkResponse({ type: ChatPageDto })
  @ApiNotFoundResponse({ description: 'No such session in your organization.', type: ErrorEnvelopeDto })
  async list(@Principal() p: Principal, @Param('session') sessionId: string, @Query() q: ListQueryDto): Promise<ChatPageDto> {
    const page = await this.messages.listChats(p.orgId, sessionId, q.limit, q.cursor);
    return { items: page.items.map(ChatDto.from), nextCursor: page.nextCursor };
  }

  @Get(':session/chats/:jid/messages')
  @Authenticated({ capability: 'send' })
  @ApiOperation({ summary: 'List the messages of a chat', description: 'Stored messages, newest first. `jid` is a JID or E.164 digits.' })
  @ApiOkResponse({ type: MessagePageDto })
  @ApiNotFoundResponse({ description: 'No such session or chat.', type: ErrorEnvelopeDto })
  async messagesOf(@Principal() p: Principal, @Param('session') sessionId: string, @Param('jid') jid: string, @Query() q: ListQueryDto): Promise<MessagePageDto> {
    const page = await this.messages.listChatMessages(p.orgId, sessionId, jid, q.limit, q.cursor);
    return { items: page.items.map(MessageDto.from), nextCursor: page.nextCursor };
  }

  @Post(':session/chats/:jid\\:markRead')
  @HttpCode(200)
  @Authenticated({ capability: 'send' })
  @ApiOperation({
    summary: 'Mark a chat read',
    description:
      'Sends read receipts (blue ticks, unless the number hides read receipts) for the chat’s unread received messages, all of them or up to `upTo`, and stores them as read: the chat’s `unreadCount` drops. `jid` is a JID or E.164 digits.',
  })
  @ApiOkResponse({ type: MarkReadResultDto })
  @ApiBadRequestResponse({ description: 'Invalid chat or body.', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse({ description: 'No such session, chat, or message in the chat.', type: ErrorEnvelopeDto })
  @ApiConflictResponse({ description: 'The session is not connected (the answer says what it is).', type: ErrorEnvelopeDto })
  async markRead(@Principal() p: Principal, @Param('session') sessionId: string, @Param('jid') jid: string, @Body() body: MarkReadDto): Promise<MarkReadResultDto> {
    return this.messages.markRead(p.orgId, sessionId, jid, body.upTo);
  }
}
