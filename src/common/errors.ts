/**
 * Domain errors: services and repositories throw these; the global filter maps them to the
 * one error envelope `{ error: { code, message, details } }`. Nothing below the controller layer knows about HTTP.
 */
export type ErrorCode =
  | 'validation_error'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'request_timeout'
  | 'conflict'
  | 'gone'
  | 'payload_too_large'
  | 'headers_too_large'
  | 'rate_limited'
  | 'not_implemented'
  | 'upstream_error'
  | 'unavailable'
  | 'internal';

export const STATUS_OF: Record<ErrorCode, number> = {
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  headers_too_large: 431,
  rate_limited: 429,
  internal: 500,
  not_implemented: 501,
  upstream_error: 502,
  unavailable: 503,
};

export type ErrorDetails = Record<string, unknown>;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  get status(): number {
    return STATUS_OF[this.code];
  }
}

export class ValidationError extends DomainError {
  constructor(message = 'request is invalid', details: ErrorDetails = {}) {
    super('validation_error', message, details);
  }
}
export class UnauthorizedError extends DomainError {
  constructor(message = 'authentication required') {
    super('unauthorized', message);
  }
}
export class ForbiddenError extends DomainError {
  constructor(message = 'missing capability', details: ErrorDetails = {}) {
    super('forbidden', message, details);
  }
}
export class NotFoundError extends DomainError {
  constructor(message = 'not found', details: ErrorDetails = {}) {
    super('not_found', message, details);
  }
}
export class ConflictError extends DomainError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('conflict', message, details);
  }
}
/** The resource existed and is gone for good (e.g. the media of a message deleted for everyone). */
export class GoneError extends DomainError {
  constructor(message = 'gone', details: ErrorDetails = {}) {
    super('gone', message, details);
  }
}
export class PayloadTooLargeError extends DomainError {
  constructor(message = 'payload too large', details: ErrorDetails = {}) {
    super('payload_too_large', message, details);
  }
}
export class RequestTimeoutError extends DomainError {
  constructor(message = 'the request did not arrive in time') {
    super('request_timeout', message);
  }
}
export class RateLimitedError extends DomainError {
  constructor(
    message = 'too many requests',
    readonly retryAfterSeconds = 1,
  ) {
    super('rate_limited', message, { retryAfterSeconds });
  }
}
export class NotImplementedError extends DomainError {
  constructor(message = 'not implemented') {
    super('not_implemented', message);
  }
}
export class UpstreamError extends DomainError {
  constructor(message = 'upstream failed', details: ErrorDetails = {}) {
    super('upstream_error', message, details);
  }
}
export class UnavailableError extends DomainError {
  constructor(message = 'service unavailable', details: ErrorDetails = {}) {
    super('unavailable', message, details);
  }
}

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details: ErrorDetails };
}
