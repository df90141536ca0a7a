import { PageDto } from '../../common/pagination';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Capability, CAPABILITIES } from '../decorators';
import { ApiKey } from '../entities/api-key.entity';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'billing service', minLength: 1, maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({ enum: CAPABILITIES, isArray: true, example: ['send'], description: 'Only capabilities the caller holds itself.' })
  @IsArray()
  @ArrayUnique()
  @IsIn(CAPABILITIES, { each: true })
  capabilities: Capability[];
}

export class ApiKeyDto {
  @ApiProperty({ example: '01JABCDEF0123456789ABCDEFG' })
  id: string;

  @ApiProperty({ example: 'billing service' })
  name: string;

  @ApiProperty({ example: 'wgw_Ab12Cd34', description: 'The first characters of the key, to recognise it.' })
  prefix: string;

  @ApiProperty({ enum: CAPABILITIES, isArray: true, example: ['send'] })
  capabilities: Capability[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Last use, to the minute; null if never used.' })
  lastUsedAt: string | null;

  static of(k: ApiKey): ApiKeyDto {
    return {
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      capabilities: k.capabilities as Capability[],
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt ? k.lastUsedAt.toISOString() : null,
    };
  }
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ example: 'wgw_Ab12Cd34...', description: 'The key itself. Shown only in this response; store it now.' })
  key: string;
}

export class ApiKeyPageDto extends PageDto(ApiKeyDto, 'ApiKeyPageDto') {}
