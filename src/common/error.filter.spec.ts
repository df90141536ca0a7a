import { BadRequestException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { toEnvelope } from './error.filter';
import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from './errors';

describe('toEnvelope', () => {
  it('maps domain errors to their status and code with details', () => {
    expect(toEnvelope(new NotFoundError('session not found'))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'session not found', details: {} } },
      retryAfter: undefined,
    });
    expect(toEnvelope(new ValidationError('bad', { name: ['must be a string'] })).body.error.details).toEqual({ name: ['must be a string'] });
    expect(toEnvelope(new ConflictError('not connected')).status).toBe(409);
    expect(toEnvelope(new RateLimitedError('slow down', 7)).retryAfter).toBe(7);
  });

  it('hides the message of unexpected errors (no SQL, stack or path)', () => {
    const e = new Error('relation "secret_table" does not exist at /srv/app/x.ts:10');
    const { status, body } = toEnvelope(e);
    expect(status).toBe(500);
    expect(body).toEqual({ error: { code: 'internal', message: 'internal error', details: {} } });
    expect(JSON.stringify(body)).not.toContain('secret_table');
  });

  it('maps Nest and body-parser errors', () => {
    expect(toEnvelope(new NotFoundException('Cannot GET /x')).body.error).toMatchObject({ code: 'not_found', message: 'route not found' });
    const parse = Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed', status: 400 });
    expect(toEnvelope(new BadRequestException(parse.message, { cause: parse })).body.error.message).toBe('request body is not valid JSON');
    expect(toEnvelope({ type: 'entity.too.large', status: 413 }).status).toBe(413);
  });
});
