import { isNewsletterJid } from '@app/whatsapp';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ValidationError } from '../common/errors';
import { describeValidationErrors } from '../common/validation';
import { CreateChannelDto } from './dto/channel.dto';

const CHANNEL_JID_RE = /^[0-9A-Za-z._-]{1,64}@newsletter$/;

/** Path `{jid}` must be a channel JID: anything else is a 400 before any lookup. */
export function checkJid(jid: string): void {
  if (!CHANNEL_JID_RE.test(jid) || !isNewsletterJid(jid)) {
    throw new ValidationError('request is invalid', { jid: ['must be a channel JID like 120363000000000001@newsletter'] });
  }
}

/** Channel creation's body, validated by hand: v1 never validates it (see the controller). */
export async function validateCreateBody(body: unknown): Promise<CreateChannelDto> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError('request is invalid', { name: ['name must be a string'] });
  }
  const dto = plainToInstance(CreateChannelDto, body);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new ValidationError('request is invalid', describeValidationErrors(errors));
  return dto;
}

