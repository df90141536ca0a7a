import { ApiProperty } from '@nestjs/swagger';

export class ErrorBodyDto {
  @ApiProperty({ example: 'not_found', description: 'Stable machine-readable code.' })
  code: string;

  @ApiProperty({ example: 'session not found' })
  message: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: {} })
  details: Record<string, unknown>;
}

/** The one error shape of every endpoint. */
export class ErrorEnvelopeDto {
  @ApiProperty({ type: ErrorBodyDto })
  error: ErrorBodyDto;
}
