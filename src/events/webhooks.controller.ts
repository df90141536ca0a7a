import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, Principal } from '../auth/decorators';
import { ErrorEnvelopeDto } from '../common/error-envelope.dto';
import { ListQueryDto, Page } from '../common/pagination';
import { CreateWebhookDto, DeliveryDto, DeliveryPageDto, UpdateWebhookDto, WebhookDto, WebhookPageDto, WebhookWithSecretDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

const NOT_FOUND = { description: 'No such webhook in this organization.', type: ErrorEnvelopeDto };

@ApiTags('webhooks')
@Authenticated({ capability: 'manage' })
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: 'Create a webhook; the signing secret is in this response only.' })
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    return this.webhooks.create(p.orgId, dto);
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
  @ApiOperation({ summary: 'Change URL, event types, session filter, or enable/disable.' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiNotFoundResponse(NOT_FOUND)
  update(@CurrentPrincipal() p: Principal, @Param('webhook') id: string, @Body() dto: UpdateWebhookDto): Promise<WebhookDto> {
    return this.webhooks.update(p.orgId, id, dto);
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
  @ApiOperation({ summary: 'New signing secret (shown once); the previous one also signs for 24 hours.' })
  @ApiOkResponse({ type: WebhookWithSecretDto })
  @ApiNotFoundResponse(NOT_FOUND)
  rotateSecret(@CurrentPrincipal() p: Principal, @Param('webhook') id: string): Promise<WebhookWithSecretDto> {
    return this.webhooks.rotateSecret(p.orgId, id);
  }

  @Get(':webhook/deliveries')
  @ApiOperation({ summary: 'Deliveries of this webhook, newest first, with every attempt.' })
  @ApiOkResponse({ type: DeliveryPageDto })
  @ApiNotFoundResponse(NOT_FOUND)
  deliveries(@CurrentPrincipal() p: Principal, @Param('webhook') id: string, @Query() query: ListQueryDto): Promise<Page<DeliveryDto>> {
    return this.webhooks.listDeliveries(p.orgId, id, query);
  }
}
