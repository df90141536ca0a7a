import { Boom } from '@hapi/boom';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../port';
import { toEngineError } from './engine-error';

describe('toEngineError', () => {
  it('keeps the real cause of a Boom 500, not its generic public message', () => {
    const boom = new Boom('All encryptions failed', { statusCode: 500 });
    expect(boom.output.payload.message).toBe('An internal server error occurred');
    const e = toEngineError(boom);
    expect(e).toBeInstanceOf(EngineError);
    expect(e.message).toBe('All encryptions failed');
    expect(e.kind).toBe('encryption_failed');
  });

  it('maps the shapes Baileys throws to stable kinds', () => {
    expect(toEngineError(new Boom('Timed Out', { statusCode: 408 })).kind).toBe('timeout');
    expect(toEngineError(new Boom('Connection Closed', { statusCode: 428 })).kind).toBe('connection_closed');
    expect(toEngineError(new Boom('rate-overlimit', { statusCode: 429 })).kind).toBe('rate_limited');
    expect(toEngineError(new Boom('item-not-found', { statusCode: 404 })).kind).toBe('not_found');
    expect(toEngineError(new Boom('not-authorized', { statusCode: 401 })).kind).toBe('forbidden');
    expect(toEngineError(new Boom('bad-request', { statusCode: 400 })).kind).toBe('rejected');
    // WhatsApp's error answers: a 500 Boom carrying WhatsApp's code in `data`.
    expect(toEngineError(new Boom('bad-request', { statusCode: 500, data: 400 })).kind).toBe('rejected');
    expect(toEngineError(new Boom('conflict', { statusCode: 500, data: 409 })).kind).toBe('rejected');
    expect(toEngineError(new Boom('gone', { statusCode: 500, data: 404 })).kind).toBe('not_found');
    expect(toEngineError(new Boom('denied', { statusCode: 500, data: 403 })).kind).toBe('forbidden');
    expect(toEngineError(new Error('Media upload failed on all hosts')).kind).toBe('media_failed');
    expect(toEngineError('something odd').kind).toBe('unknown');
    const mine = new EngineError('not_found', 'channel not found');
    expect(toEngineError(mine)).toBe(mine);
  });
});
