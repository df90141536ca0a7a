import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Principal } from '../auth/decorators';
import { ErrorEnvelopeDto } from '../common/error-envelope.dto';
import { ListQueryDto } from '../common/pagination';
import { ChatDto, ChatPageDto, MessageDto, MessagePageDto } from './dto/message.dto';
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
}
