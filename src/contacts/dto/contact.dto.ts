import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength } from 'class-validator';
import { ListQueryDto, PageDto } from '../../common/pagination';
import { Optional } from '../../common/validation';
import type { ContactEntity } from '../entities/contact.entity';

export const MAX_CHECK_NUMBERS = 50;

export class CheckContactsDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: MAX_CHECK_NUMBERS, example: ['+15551234567', '4915123456789'], description: 'Phone numbers in international format (digits, optional leading +).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CHECK_NUMBERS)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  phoneNumbers: string[];
}

export class ContactCheckDto {
  @ApiProperty({ example: '+15551234567', description: 'The number as given.' })
  phoneNumber: string;

  @ApiProperty({ description: 'Whether the number is on WhatsApp.' })
  exists: boolean;

  @ApiProperty({ type: String, nullable: true, example: '15551234567@s.whatsapp.net' })
  jid: string | null;

  @ApiProperty({ type: String, nullable: true, example: '201000000000001@lid' })
  lid: string | null;

  @ApiProperty({ description: 'Answered from the stored result of an earlier check (younger than CONTACT_CHECK_TTL), without asking WhatsApp.' })
  cached: boolean;

  @ApiProperty({ description: 'When WhatsApp gave this answer.' })
  checkedAt: string;
}

export class ContactCheckResultDto {
  @ApiProperty({ type: ContactCheckDto, isArray: true, description: 'One per number given, in the same order.' })
  results: ContactCheckDto[];
}

export class BusinessProfileDto {
  @ApiPropertyOptional()
  description?: string;
  @ApiPropertyOptional()
  category?: string;
  @ApiPropertyOptional()
  email?: string;
  @ApiPropertyOptional()
  website?: string;
}

export class ContactDto {
  @ApiProperty({ type: String, nullable: true, example: '15551234567', description: 'The phone number (digits), when known.' })
  phoneNumber: string | null;

  @ApiProperty({ type: String, nullable: true, example: '15551234567@s.whatsapp.net' })
  phoneJid: string | null;

  @ApiProperty({ type: String, nullable: true, example: '201000000000001@lid' })
  lid: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The name in the address book.' })
  name: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The name they gave themselves.' })
  pushName: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Their about text (null: none, hidden, or not read yet).' })
  about: string | null;

  @ApiProperty({ type: String, nullable: true })
  aboutSetAt: string | null;

  @ApiProperty({ description: 'Their privacy settings hide the about text from this number.' })
  aboutHidden: boolean;

  @ApiProperty({ type: Boolean, nullable: true, description: 'A business account (null: not read yet).' })
  business: boolean | null;

  @ApiProperty({ type: BusinessProfileDto, nullable: true })
  businessProfile: BusinessProfileDto | null;

  @ApiProperty({ description: 'This number blocked them.' })
  blocked: boolean;

  static from(c: ContactEntity): ContactDto {
    return {
      phoneNumber: c.phoneJid ? c.phoneJid.split('@')[0] : null,
      phoneJid: c.phoneJid,
      lid: c.lid,
      name: c.name,
      pushName: c.pushName,
      about: c.about,
      aboutSetAt: c.aboutAt?.toISOString() ?? null,
      aboutHidden: c.aboutHidden,
      business: c.business,
      businessProfile: c.businessProfile,
      blocked: c.blocked,
    };
  }
}

export class ContactPageDto extends PageDto(ContactDto, 'ContactPageDto') {}

export class LidMappingDto {
  @ApiProperty({ example: '201000000000001@lid' })
  lid: string;

  @ApiProperty({ example: '15551234567', description: 'Digits.' })
  phoneNumber: string;

  @ApiProperty({ example: '15551234567@s.whatsapp.net' })
  phoneJid: string;
}

export class ListContactsQuery extends ListQueryDto {
  @Optional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class LidQuery {
  @ApiProperty({ example: '15551234567', description: 'A phone number or phone-number JID.' })
  @IsString()
  @MaxLength(40)
  phoneNumber: string;
}
