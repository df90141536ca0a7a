import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { PageDto } from '../../common/pagination';
import { Optional } from '../../common/validation';
import { IsUser, USER_RULE } from '../../common/jid';
import type { GroupEntity } from '../entities/group.entity';

/** WhatsApp's limits: a subject of 100 characters, a description of 2,048. */
export const SUBJECT_MAX = 100;
export const DESCRIPTION_MAX = 2048;
/** Participants per request (WhatsApp takes a group's members in batches). */
export const PARTICIPANTS_MAX = 256;

export class GroupParticipantDto {
  @ApiProperty({ example: '208123456789012@lid', description: 'The JID the group addresses the member by (LID in current groups).' })
  jid: string;

  @ApiProperty({ type: String, nullable: true, example: '15559001001@s.whatsapp.net', description: 'Phone-number JID, where known.' })
  phoneNumber: string | null;

  @ApiProperty({ type: String, nullable: true, example: '208123456789012@lid', description: 'LID, where known.' })
  lid: string | null;

  @ApiProperty({ enum: ['member', 'admin', 'superadmin'] })
  role: 'member' | 'admin' | 'superadmin';
}

export class GroupDto {
  @ApiProperty({ example: '120363000000000042@g.us' })
  jid: string;

  @ApiProperty({ example: 'Demo Team' })
  subject: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Who created the group (phone-number JID where known).' })
  owner: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'When the group was created, as WhatsApp says.' })
  groupCreatedAt: string | null;

  @ApiProperty({ description: 'Only admins send messages.' })
  announce: boolean;

  @ApiProperty({ description: 'Only admins edit the subject, description and settings.' })
  locked: boolean;

  @ApiProperty({ type: String, nullable: true, enum: ['lid', 'pn'], description: 'How the group addresses its members.' })
  addressingMode: 'lid' | 'pn' | null;

  @ApiProperty({ description: 'Number of members.' })
  size: number;

  @ApiProperty({ type: GroupParticipantDto, isArray: true })
  participants: GroupParticipantDto[];

  @ApiProperty({ description: 'Whether the session is still a member (false after leaving or being removed).' })
  member: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'When the metadata was last read whole from WhatsApp.' })
  metadataUpdatedAt: string | null;

  @ApiProperty({ description: 'When the gateway first stored the group.' })
  createdAt: string;

  @ApiProperty()
  updatedAt: string;

  static from(g: GroupEntity): GroupDto {
    return {
      jid: g.jid,
      subject: g.subject,
      description: g.description,
      owner: g.owner,
      groupCreatedAt: g.waCreatedAt?.toISOString() ?? null,
      announce: g.announce,
      locked: g.locked,
      addressingMode: g.addressingMode,
      size: g.participants.length,
      participants: g.participants.map((p) => ({ jid: p.jid, phoneNumber: p.phoneNumber ?? null, lid: p.lid ?? null, role: p.role })),
      member: g.member,
      metadataUpdatedAt: g.metadataAt?.toISOString() ?? null,
      createdAt: g.createdAt.toISOString(),
      updatedAt: g.updatedAt.toISOString(),
    };
  }
}

export class GroupPageDto extends PageDto(GroupDto, 'GroupPageDto') {}

const participantsProperty = (description: string) =>
  ApiProperty({ type: [String], minItems: 1, maxItems: PARTICIPANTS_MAX, example: ['15559001001', '15559001002@s.whatsapp.net'], description: `${description} Each ${USER_RULE}.` });

export class CreateGroupDto {
  @ApiProperty({ example: 'Demo Team', maxLength: SUBJECT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(SUBJECT_MAX)
  subject: string;

  @participantsProperty('Members to add besides the session.')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PARTICIPANTS_MAX)
  @IsUser({ each: true })
  participants: string[];

  @ApiPropertyOptional({ maxLength: DESCRIPTION_MAX })
  @Optional()
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string;
}

export class UpdateGroupDto {
  @ApiPropertyOptional({ maxLength: SUBJECT_MAX })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SUBJECT_MAX)
  subject?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: DESCRIPTION_MAX, description: '`null` or "" removes the description.' })
  @Optional({ nullable: true })
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string | null;

  @ApiPropertyOptional({ description: 'Only admins send messages.' })
  @Optional()
  @IsBoolean()
  announce?: boolean;

  @ApiPropertyOptional({ description: 'Only admins edit the subject, description and settings.' })
  @Optional()
  @IsBoolean()
  locked?: boolean;
}

export class ParticipantsDto {
  @participantsProperty('Members to act on.')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PARTICIPANTS_MAX)
  @IsUser({ each: true })
  participants: string[];
}

export class InviteDto {
  @ApiProperty({ example: 'AbCdEfGhIjKlMnOpQrStUv' })
  code: string;

  @ApiProperty({ example: 'https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv' })
  link: string;
}

export class ParticipantInviteDto {
  @ApiProperty({ description: 'The invitation WhatsApp made for this participant (their privacy settings do not let the group add them).' })
  code: string;

  @ApiProperty({ type: String, nullable: true })
  expiresAt: string | null;
}

export class ParticipantResultDto {
  @ApiProperty({ description: 'The participant as given in the request.' })
  participant: string;

  @ApiProperty({ description: 'The JID WhatsApp answered for.' })
  jid: string;

  @ApiProperty({ type: String, nullable: true, description: 'Phone-number JID, where known.' })
  phoneNumber: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'LID, where known.' })
  lid: string | null;

  @ApiProperty({
    enum: ['done', 'invite_required', 'not_on_whatsapp', 'already_member', 'not_member', 'not_allowed', 'failed'],
    description:
      '`done`; `invite_required`: their privacy settings refuse being added, WhatsApp made an invitation (`invite`); `not_on_whatsapp`; `already_member` (add); `not_member` (remove, promote, demote); `not_allowed`: the session may not do this (not an admin); `failed`: anything else (`code` says what WhatsApp answered).',
  })
  result: string;

  @ApiProperty({ description: "WhatsApp's status for this participant (200 done)." })
  code: number;

  @ApiPropertyOptional({ type: ParticipantInviteDto })
  invite?: ParticipantInviteDto;
}

export class GroupCreatedDto {
  @ApiProperty({ type: GroupDto })
  group: GroupDto;

  @ApiProperty({ type: ParticipantResultDto, isArray: true })
  participants: ParticipantResultDto[];
}

export class ParticipantsResultDto {
  @ApiProperty({ type: ParticipantResultDto, isArray: true })
  participants: ParticipantResultDto[];

  @ApiProperty({ type: GroupDto, description: 'The group as it is now.' })
  group: GroupDto;
}

export class JoinGroupDto {
  @ApiProperty({ example: 'AbCdEfGhIjKlMnOpQrStUv', description: 'An invitation code, or its link (https://chat.whatsapp.com/<code>).', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  code: string;
}
