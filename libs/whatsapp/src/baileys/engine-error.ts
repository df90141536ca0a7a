import { EngineError, EngineErrorKind } from '../port';

/**
 * Runs a Baileys call and turns what it throws into the port's EngineError. Baileys throws Booms:
 * their `message` is the real cause ("All encryptions failed"); their public payload message is
 * HTTP's generic text ("An internal server error occurred") and says nothing. WhatsApp's own error
 * answers (an iq's `<error code=…>`) come as a 500 Boom whose `data` is WhatsApp's code: that code
 * is the status that counts.
 */
export async function engineCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toEngineError(err);
  }
}

export function toEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const e = err as { message?: string; output?: { statusCode?: number }; data?: unknown };
  const message = (typeof e?.message === 'string' && e.message ? e.message : String(err)).slice(0, 500);
  const status = typeof e?.data === 'number' ? e.data : e?.output?.statusCode;
  return new EngineError(errorKind(status, message), message);
}

function errorKind(status: number | undefined, message: string): EngineErrorKind {
  if (/encrypt|no sessions?\b|session not found|bad mac|senderkey|prekey/i.test(message)) return 'encryption_failed';
  if (/rate.?overlimit|too many/i.test(message) || status === 429) return 'rate_limited';
  if (/timed? ?out/i.test(message) || status === 408) return 'timeout';
  if (/connection (closed|lost|terminated)|not open|socket/i.test(message) || status === 428) return 'connection_closed';
  if (/media|upload|download/i.test(message)) return 'media_failed';
  if (status === 404 || /not found|item-not-found/i.test(message)) return 'not_found';
  if (status === 401 || status === 403 || /forbidden|not-authorized|not authorized/i.test(message)) return 'forbidden';
  if (status !== undefined && status >= 400 && status < 500) return 'rejected';
  return 'unknown';
}
