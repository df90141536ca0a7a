import { createGatewayClient, type ErrorEnvelope, type GatewayClient, type GatewayEvent, type Schemas } from '../../client/src';

export type { GatewayClient, GatewayEvent };
export type Session = Schemas['SessionDto'];
export type SessionStatus = Session['status'];
export type Chat = Schemas['ChatDto'];
export type Message = Schemas['MessageDto'];
export type MessageStatus = NonNullable<Message['status']>;
export type Reaction = Schemas['ReactionDto'];

/** The gateway that served this page: the dashboard only ever talks to its own origin. */
export function gatewayOrigin(): string {
  return window.location.origin;
}

export function makeClient(token: string): GatewayClient {
  return createGatewayClient({ baseUrl: gatewayOrigin(), token });
}

/** A failed call, with a message written for a person (see `describeFailure`). */
export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the gateway could not be reached. */
    readonly status: number,
    readonly code?: string,
    /** The envelope's `details` (e.g. a 409's `reason`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let onUnauthorized: (() => void) | undefined;
/** Told when any call answers 401: the key was revoked or expired while the page was open. */
export function setUnauthorizedHandler(fn: (() => void) | undefined): void {
  onUnauthorized = fn;
}

interface CallResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call: its data, or an ApiError whose message a person can read. */
export async function call<T>(request: Promise<CallResult<T>>, opts: { quiet401?: boolean } = {}): Promise<T> {
  let result: CallResult<T>;
  try {
    result = await request;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError('The gateway could not be reached. Check the connection, then try again.', 0);
  }
  if (!result.response.ok) {
    if (result.response.status === 401 && !opts.quiet401) onUnauthorized?.();
    const envelope = isEnvelope(result.error) ? result.error : undefined;
    throw new ApiError(describeFailure(result.response.status, envelope, result.response.headers), result.response.status, envelope?.error.code, envelope?.error.details ?? {});
  }
  return result.data as T;
}

/** Like `call` for answers without a body (204). */
export async function run(request: Promise<CallResult<unknown>>): Promise<void> {
  await call(request);
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return sentence(err.message);
  return 'Something went wrong. Try again.';
}

function isEnvelope(v: unknown): v is ErrorEnvelope {
  return typeof v === 'object' && v !== null && typeof (v as ErrorEnvelope).error?.message === 'string';
}

/**
 * The error envelope `{ error: { code, message, details } }` as a sentence for the person at the
 * screen: what happened and, where there is one, what to do about it.
 */
export function describeFailure(status: number, envelope: ErrorEnvelope | undefined, headers?: Headers): string {
  const raw = envelope?.error.message ?? '';
  const details = envelope?.error.details ?? {};
  const said = raw ? sentence(plainWords(raw)) : '';
  switch (status) {
    case 400: {
      const fields = Object.entries(details)
        .filter(([, v]) => Array.isArray(v))
        .map(([field, reasons]) => `${field}: ${(reasons as unknown[]).join('; ')}`);
      return fields.length ? `Please check what you entered — ${fields.join(' · ')}.` : `Please check what you entered. ${said}`.trim();
    }
    case 401:
      return 'This key was not accepted: it may be mistyped, expired or revoked. Sign in with a valid key.';
    case 403: {
      const required = typeof details.required === 'string' ? details.required : Array.isArray(details.required) ? details.required.join(', ') : '';
      if (required) return `Your key is not allowed to do this: it needs the “${required}” capability.`;
      return said ? `Not allowed. ${said}` : 'Your key is not allowed to do this.';
    }
    case 404:
      return said || 'That no longer exists. It may have been deleted.';
    case 409:
      return said ? `Not possible right now: ${lowerFirst(said)}` : 'Not possible right now; try again in a moment.';
    case 410:
      return said || 'That was deleted for everyone.';
    case 413:
      return 'That is too large for the gateway.';
    case 429: {
      const after = Number(details.retryAfterSeconds ?? headers?.get('retry-after'));
      return Number.isFinite(after) && after > 0
        ? `Too many requests. Wait ${Math.ceil(after)} s and try again.`
        : 'Too many requests. Wait a moment and try again.';
    }
    case 502:
      return `WhatsApp could not complete this. ${said}`.trim();
    case 503:
      return `The gateway is not ready for this right now. ${said} Try again shortly.`.replace(/\s+/g, ' ').trim();
    default: {
      if (status >= 500) {
        const id = headers?.get('x-request-id');
        return `The gateway ran into a problem. Try again; if it keeps happening, tell the operator${id ? ` (reference ${id})` : ''}.`;
      }
      return said || `The gateway refused this (${status}).`;
    }
  }
}

/** "the session is stopped; :start it first" → "the session is stopped; start it first". */
function plainWords(s: string): string {
  return s.replace(/(^|[\s(])[:](start|stop|logout|requestPairingCode)\b/g, (_m, pre: string, verb: string) => `${pre}${verb === 'logout' ? 'log out' : verb === 'requestPairingCode' ? 'request a pairing code for' : verb}`);
}

export function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  const first = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(first) ? first : `${first}.`;
}

function lowerFirst(s: string): string {
  return s ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** A random Idempotency-Key; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `dash-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** A User Timing mark, set once per page load (the benchmark measures the first screen by them). */
export function markOnce(name: string): void {
  if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
}
