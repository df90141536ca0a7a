import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBase64,
  IsBoolean,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsNotEmptyObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../../common/validation';
import { IsRecipient, IsUser } from '../../common/jid';

/** The longest `typingMs` a send may ask for. */
export const TYPING_MS_MAX = 20_000;

export const SEND_TYPES = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contact', 'reaction', 'poll'] as const;
export type SendType = (typeof SEND_TYPES)[number];
export const MEDIA_SEND_TYPES: readonly SendType[] = ['image', 'video', 'audio', 'document', 'sticker'];

const isMedia = (o: SendMessageDto) => MEDIA_SEND_TYPES.includes(o.type);

export class SendMediaDto {
  @ApiPropertyOptional({ example: 'https://example.com/cat.jpg', description: 'http(s) URL the gateway downloads (public addresses only). Give `url` or `base64`.' })
  @ValidateIf((o: SendMediaDto) => o.base64 === undefined)
  @IsString()
  @Matches(/^https?:\/\//i, { message: 'url must be an http(s) URL' })
  @MaxLength(4096)
  url?: string;

  @ApiPropertyOptional({ description: 'The bytes, base64-encoded. Give `url` or `base64`.' })
  @ValidateIf((o: SendMediaDto) => o.url === undefined)
  @IsString()
  @IsNotEmpty()
  @IsBase64({}, { message: 'base64 must be base64-encoded bytes' })
  base64?: string;

  @ApiPropertyOptional({ example: 'image/jpeg', description: 'Required with base64; with a URL, checked against the downloaded Content-Type.' })
  @Optional()
  @IsString()
  @Matches(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(;.*)?$/i, { message: 'mimetype must be a MIME type like image/jpeg' })
  mimetype?: string;

  @ApiPropertyOptional({ example: 'report.pdf', description: 'File name shown for documents.' })
  @Optional()
  @IsString()
  @MaxLength(255)
  filename?: string;

  @ApiPropertyOptional({ example: 'Look at this', description: 'Caption (image, video, document).' })
  @Optional()
  @IsString()
  @MaxLength(4096)
  caption?: string;

  @ApiPropertyOptional({ description: 'Audio only: send as a voice note (push-to-talk).' })
  @Optional()
  @IsBoolean()
  voiceNote?: boolean;
}

export class SendLocationDto {
  @ApiProperty({ example: 52.52 })
  @IsLatitude()
  latitude: number;

  @ApiProperty({ example: 13.405 })
  @IsLongitude()
  longitude: number;

  @ApiPropertyOptional({ example: 'Office' })
  @Optional()
  @IsString()
  @MaxLength(256)
  name?: string;

  @ApiPropertyOptional({ example: 'Alexanderplatz 1, Berlin' })
  @Optional()
  @IsString()
  @MaxLength(1024)
  address?: string;
}

export class SendContactDto {
  @ApiProperty({ example: 'Jane Doe' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  displayName: string;

  @ApiPropertyOptional({ description: 'A full vCard; or give `phoneNumber` and one is built.' })
  @ValidateIf((o: SendContactDto) => o.phoneNumber === undefined)
  @IsString()
  @Matches(/^BEGIN:VCARD/i, { message: 'vcard must be a vCard (BEGIN:VCARD...)' })
  @MaxLength(16_384)
  vcard?: string;

  @ApiPropertyOptional({ example: '15551234567' })
  @Optional()
  @IsString()
  @Matches(/^\+?[1-9]\d{6,14}$/, { message: 'phoneNumber must be E.164 digits' })
  phoneNumber?: string;
}

export class SendReactionDto {
  @ApiProperty({ description: 'The message reacted to: its gateway id or WhatsApp id, in this session.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  messageId: string;

  @ApiProperty({ example: '👍', description: 'The emoji; an empty string removes the reaction.' })
  @IsString()
  @MaxLength(32)
  emoji: string;
}

export class SendPollDto {
  @ApiProperty({ example: 'Lunch?' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  name: string;

  @ApiProperty({ example: ['Pizza', 'Sushi'], type: [String] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(12)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  options: string[];

  @ApiPropertyOptional({ default: 1, description: 'How many options a voter may pick (0: any number).' })
  @Optional()
  @IsInt()
  @Min(0)
  selectableCount?: number;
}

export class SendMessageDto {
  @ApiProperty({
    example: '15551234567',
    description:
      'A phone number in international format (6 to 15 digits, no leading 0; a leading + is allowed) or a JID: `<number>@s.whatsapp.net`, ' +
      'a group `<number>-<timestamp>@g.us` or `120363<digits>@g.us`, `<digits>@lid`, `<digits>@newsletter`. Device (`:N`) and agent (`_N`) suffixes are refused.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  @IsRecipient()
  to: string;

  @ApiProperty({ enum: SEND_TYPES })
  @IsIn(SEND_TYPES, { message: `type must be one of ${SEND_TYPES.join(', ')}` })
  type: SendType;

  @ApiPropertyOptional({ example: 'Hello!', description: 'Required for `text`.' })
  @ValidateIf((o: SendMessageDto) => o.type === 'text' || o.text !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(65_536)
  text?: string;

  @ApiPropertyOptional({ type: SendMediaDto, description: 'Required for image, video, audio, document, sticker.' })
  @ValidateIf((o: SendMessageDto) => isMedia(o) || o.media !== undefined)
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => SendMediaDto)
  media?: SendMediaDto;

  @ApiPropertyOptional({ type: SendLocationDto, description: 'Required for `location`.' })
  @ValidateIf((o: SendMessageDto) => o.type === 'location' || o.location !== undefined)
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => SendLocationDto)
  location?: SendLocationDto;

  @ApiPropertyOptional({ type: SendContactDto, description: 'Required for `contact`.' })
  @ValidateIf((o: SendMessageDto) => o.type === 'contact' || o.contact !== undefined)
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => SendContactDto)
  contact?: SendContactDto;

  @ApiPropertyOptional({ type: SendReactionDto, description: 'Required for `reaction`.' })
  @ValidateIf((o: SendMessageDto) => o.type === 'reaction' || o.reaction !== undefined)
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => SendReactionDto)
  reaction?: SendReactionDto;

  @ApiPropertyOptional({ type: SendPollDto, description: 'Required for `poll`.' })
  @ValidateIf((o: SendMessageDto) => o.type === 'poll' || o.poll !== undefined)
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => SendPollDto)
  poll?: SendPollDto;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 256,
    example: ['15559001001'],
    description:
      'Users to mention (text, and the caption of image, video and document): numbers or JIDs. WhatsApp highlights a mention where the text says `@<number>` (`@<lid digits>` for a LID); one is appended for each mention the text does not name.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(256)
  @IsUser({ each: true })
  mentions?: string[];

  @ApiPropertyOptional({ description: 'Quote a stored message of this session: its gateway id or WhatsApp id.' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  replyTo?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: TYPING_MS_MAX,
    example: 3000,
    description:
      'Send like a person: the chat shows `composing` (`recording` for a voice note) for this many milliseconds before the message leaves. The typing runs in the queue: the request answers at once (`202`), and the session’s messages to other chats are not held by it (only by pacing). Not for channels.',
  })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(TYPING_MS_MAX)
  typingMs?: number;
}
