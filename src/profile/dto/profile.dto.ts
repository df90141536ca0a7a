import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBase64, IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ABOUT_MAX_CHARS, NAME_MAX_CHARS, OwnProfile } from '@app/whatsapp';
import { Optional } from '../../common/validation';

/** The number's profile as WhatsApp shows it to others. */
export class ProfileDto {
  @ApiProperty({ type: String, nullable: true, example: 'Acme Support', description: 'The display name (push name) WhatsApp knows for the number; null when unknown.' })
  name: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Available 9–17 CET', description: 'The about text; null when none is set.' })
  about: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the about text was set.' })
  aboutSetAt: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Where WhatsApp serves the profile picture (a 640×640 JPEG) — a URL on WhatsApp’s media hosts that expires after a while; null when there is none.',
  })
  pictureUrl: string | null;

  static from(p: OwnProfile, fallbackName: string | null): ProfileDto {
    return {
      name: p.name ?? fallbackName,
      about: p.about ?? null,
      aboutSetAt: p.aboutSetAt?.toISOString() ?? null,
      pictureUrl: p.pictureUrl ?? null,
    };
  }
}

export class UpdateProfileDto {
  @ApiPropertyOptional({ example: 'Acme Support', maxLength: NAME_MAX_CHARS, description: `The display name (push name): at most ${NAME_MAX_CHARS} characters (WhatsApp’s limit).` })
  @Optional()
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(NAME_MAX_CHARS)
  name?: string;

  @ApiPropertyOptional({ example: 'Available 9–17 CET', maxLength: ABOUT_MAX_CHARS, description: `The about text: at most ${ABOUT_MAX_CHARS} characters (WhatsApp’s limit).` })
  @Optional()
  @IsString()
  @Matches(/\S/, { message: 'about must not be blank' })
  @MaxLength(ABOUT_MAX_CHARS)
  about?: string;
}

export class SetPictureDto {
  @ApiProperty({
    description:
      'The image, base64-encoded: a JPEG or PNG of at most 5 MB, each side between 192 and 8192 pixels. WhatsApp shows it as a 640×640 JPEG: the gateway crops it to the centre square and scales it.',
  })
  @IsString()
  @IsNotEmpty()
  @IsBase64()
  base64: string;

  @ApiPropertyOptional({ enum: ['image/jpeg', 'image/png'], description: 'Optional: checked against the bytes.' })
  @Optional()
  @IsIn(['image/jpeg', 'image/png'], { message: 'mimetype must be image/jpeg or image/png' })
  mimetype?: 'image/jpeg' | 'image/png';
}
