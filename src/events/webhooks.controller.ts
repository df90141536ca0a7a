import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, Principal } from '../auth/decorators';
import { ErrorEnvelopeDto } from '../common/error-envelope.dto';
import { ListQueryDto, Page } from '../common/pagination';
import { CreateWebhookDto, DeliveryDto, DeliveryPageDto, UpdateWebhookDto, WebhookDto, WebhookPageDto, WebhookWithSecretDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

const NOT_FOUND = { description: 'No such webhook in this organization.', type: ErrorEnvelopeDto };
const SESSION_NOT_FOUND = { description: 'The `sessionId` is not a session of this organization.', type: ErrorEnvelopeDto };
const MAY_NOT_READ = {
  description: 'No `manage` capability, or a listed event type the caller may not read (`message.*` and `channel.post` need `send`, `session.qr` needs `manage`).',
  type: ErrorEnvelopeDto,
};
const MAY_NOT_CHANGE = {
  description: 'No `manage` capability, or the caller may not read every event type the webhook receives now (or one it lists).',
  type: ErrorEnvelopeDto,
};
const CAPABILITY_RULE =
  'A webhook receives only event types that the principal who created it or last changed it may read ' +
  '(`message.*` and `channel.post` need `send`, `session.qr` needs `manage`, the other `session.*` types any principal): ' +
  'listing a type the caller may not read is a 403, and `["*"]` means every type the caller may read. ' +
  'The webhook keeps these capabilities when that key is revoked.';

@ApiTags('webhooks')
@Authenticated({ capability: 'manage' })
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: 'Create a webhook; the signing secret is in this response only.', description: CAPABILITY_RULE })
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  @ApiForbiddenResponse(MAY_NOT_READ)
  @ApiNotFoundResponse(SESSION_NOT_FOUND)
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    return this.webhooks.create(p, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List the webhooks of the organization, newest first.' })
  @ApiOkResponse({ type: WebhookPageDto })
  list(@CurrentPrincipal() p: Principal, @Query() query: ListQueryDto): Promise<Page<WebhookDto>> {
    return this.webhooks.list(p.orgId, query);
  }

  @Get(':webhook')
  @ApiOkResponse({ type: WebhookDto })
  @ApiNotFoundResponse(NOT_FOUND)
  get(@CurrentPrincipal() p: Principal, @Param('webhook') id: string): Promise<WebhookDto> {
    return this.webhooks.get(p.orgId, id);
  }

  @Patch(':webhook')
  @ApiOperation({
    summary: 'Change URL, event types, session filter, or enable/disable.',
    description:
      'Only a caller that may read every event type the webhook receives now may change it; the webhook then acts with ' +
      "the caller's capabilities. " +
      CAPABILITY_RULE,
  })
  @ApiOkResponse({ type: WebhookDto })
  @ApiForbiddenResponse(MAY_NOT_CHANGE)
  @ApiNotFoundResponse({ description: 'No such webhook, or the `sessionId` is not a session of this organization.', type: ErrorEnvelopeDto })
  update(@CurrentPrincipal() p: Principal, @Param('webhook') id: string, @Body() dto: UpdateWebhookDto): Promise<WebhookDto> {
    return this.webhooks.update(p, id, dto);
  }

  @Delete(':webhook')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its delivery log.' })
  @ApiNotFoundResponse(NOT_FOUND)
  async remove(@CurrentPrincipal() p: Principal, @Param('webhook') id: string): Promise<void> {
    await this.webhooks.remove(p.orgId, id);
  }

  @Post(':webhook\\:rotateSecret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'New signing secret (shown once); the previous one also signs for 24 hours.',
    description: 'Like a change, only for a caller that may read every event type the webhook receives.',
  })
  @ApiOkResponse({ type: WebhookWithSecretDto })
  @ApiForbiddenResponse(MAY_NOT_CHANGE)
  @ApiNotFoundResponse(NOT_FOUND)
  rotateSecret(@CurrentPrincipal() p: Principal, @Param('webhook') id: string): Promise<WebhookWithSecretDto> {
    return this.webhooks.rotateSecret(p, id);
  }

  @Get(':webhook/deliveries')
  @ApiOperation({ summary: 'Deliveries of this webhook, newest first, with every attempt.' })
  @ApiOkResponse({ type: DeliveryPageDto })
  @ApiNotFoundResponse(NOT_FOUND)
  deliveries(@CurrentPrincipal() p: Principal, @Param('webhook') id: string, @Query() query: ListQueryDto): Promise<Page<DeliveryDto>> {
    return this.webhooks.listDeliveries(p.orgId, id, query);
  }
}
