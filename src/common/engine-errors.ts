import { EngineError } from '@app/whatsapp';
import { DomainError, ForbiddenError, NotFoundError, RateLimitedError, UnavailableError, UpstreamError } from './errors';

/**
 * Runs a request to WhatsApp (a call on a connection's section) and turns its failure into the
 * API's error: the one place where the port's EngineError kinds meet HTTP. `what` names the request
 * for the message ("the channel request", "revoking the message"); `notFound` is the 404's message
 * when WhatsApp says that what was asked for does not exist.
 */
export async function onWhatsApp<T>(what: string, fn: () => Promise<T>, notFound = 'not found on WhatsApp'): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw apiErrorOf(err, what, notFound);
  }
}

export function apiErrorOf(err: unknown, what: string, notFound = 'not found on WhatsApp'): DomainError {
  if (err instanceof DomainError) return err;
  const kind = err instanceof EngineError ? err.kind : 'unknown';
  const reason = (err instanceof Error ? err.message : String(err)).slice(0, 200);
  switch (kind) {
    case 'not_found':
      return new NotFoundError(notFound);
    case 'forbidden':
      return new ForbiddenError(`WhatsApp refused ${what}: ${reason}`, { errorCode: kind });
    case 'rate_limited':
      return new RateLimitedError(`WhatsApp rate-limited ${what}; retry later`, 30);
    case 'connection_closed':
      return new UnavailableError(`the session's connection closed during ${what}; retry`, { errorCode: kind });
    default:
      return new UpstreamError(`WhatsApp could not complete ${what}`, { reason, errorCode: kind });
  }
}
