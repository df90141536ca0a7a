import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../common/error-envelope.dto';
import { ValidationError } from '../common/errors';
import { isUlid } from '../common/ids';
import { CursorCodec, ListQueryDto } from '../common/pagination';
import { ApiKeysService } from './api-keys.service';
import { Authenticated, Principal } from './decorators';
import { ApiKeyDto, ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

@ApiTags('api-keys')
@Controller('api-keys')
@Authenticated({ capability: 'admin' })
export class ApiKeysController {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly cursors: CursorCodec,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key', description: 'The plaintext key is in this response only.' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async create(@Principal() principal: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { apiKey, key } = await this.apiKeys.createFor(principal, body.name.trim(), body.capabilities);
    return { ...ApiKeyDto.of(apiKey), key };
  }

  @Get()
  @ApiOperation({ summary: 'List the API keys of the organization', description: 'Newest first; no secrets.' })
  @ApiOkResponse({ type: ApiKeyPageDto })
  async list(@Principal() principal: Principal, @Query() query: ListQueryDto): Promise<ApiKeyPageDto> {
    // The cursor is bound to this organization's list: another organization's cursor is a 400.
    return this.cursors.page(
      { scope: `api-keys:${principal.orgId}`, ...query },
      (after, limit) => this.apiKeys.list(principal.orgId, limit, after ? String(after[0]) : undefined),
      (k) => [k.id],
      ApiKeyDto.of,
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key', description: 'Requests with the key fail with 401 from now on.' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiNotFoundResponse({ description: 'No such active key in this organization.', type: ErrorEnvelopeDto })
  async revoke(@Principal() principal: Principal, @Param('id') id: string): Promise<void> {
    if (!isUlid(id)) throw new ValidationError('request is invalid', { id: ['must be an API key id'] });
    await this.apiKeys.revoke(principal.orgId, id);
  }
}
