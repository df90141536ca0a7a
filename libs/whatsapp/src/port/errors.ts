/**
 * Why the engine could not do what was asked, in the port's own terms: callers never see a
 * library's error shapes. `kind` is stable (the API reports it as `errorCode`); `message` is the
 * real cause in words (never key material).
 */
export const ENGINE_ERROR_KINDS = ['not_found', 'forbidden', 'rate_limited', 'timeout', 'connection_closed', 'encryption_failed', 'media_failed', 'rejected', 'unknown'] as const;
export type EngineErrorKind = (typeof ENGINE_ERROR_KINDS)[number];

export class EngineError extends Error {
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

