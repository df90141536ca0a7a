import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/** `PATCH /sessions/{session}/messages/{id}`: the new text of a text message, or the new caption of media. */
export class EditMessageDto {
  @ApiProperty({ example: 'Hello, corrected!', description: 'The new text (for an image, video or document: the new caption). Not blank.', maxLength: 65_536 })
  @IsString()
  @Matches(/\S/, { message: 'text must not be blank' })
  @MaxLength(65_536)
  text: string;
}
