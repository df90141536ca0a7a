import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** The one request context of the process: every log line written while serving a request names it. */
const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/**
 * Paths of secrets and message content that never reach a log line (top level and one level
 * down; errors are reduced by `serializeError` before this applies).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  ...['authorization', 'cookie', 'password', 'secret', 'previousSecret', 'token', 'apiKey', 'key', 'text', 'caption', 'parameters'].flatMap((k) => [k, `*.${k}`]),
  'headers.authorization',
  '*.headers.authorization',
  'body',
];

type ErrorLike = Error & { code?: unknown; query?: unknown; parameters?: unknown; cause?: unknown; errors?: unknown };

function isErrorLike(value: unknown): value is ErrorLike {
  return value instanceof Error || (!!value && typeof value === 'object' && typeof (value as Error).message === 'string' && typeof (value as Error).stack === 'string');
}

/**
 * The one way an error is logged: what failed and where, never the data involved. An error keeps
 * its type, message, code, stack and (a failed query's) SQL text with its $n placeholders; every
 * other property is dropped, above all a TypeORM QueryFailedError's `parameters` (message text,
 * captions, secrets being written), its `driverError` and the `detail` PostgreSQL copies into it
 * ("Key (x)=(...) already exists", "Failing row contains (...)"), and whatever a library attaches
 * (request options with headers, config objects). Causes are reduced the same way.
 */
export function serializeError(value: unknown, depth = 0): unknown {
  // pino-http hands over pino's standard serialization of the error; the error is its `raw`.
  const raw = value && typeof value === 'object' && !(value instanceof Error) ? (value as { raw?: unknown }).raw : undefined;
  const err = isErrorLike(raw) ? raw : value;
  if (!isErrorLike(err)) {
    // A thrown string or number is its own message; an arbitrary object may hold anything.
    return err === null || typeof err !== 'object' ? err : { type: (err as object).constructor?.name ?? 'Object' };
  }
  // PostgreSQL quotes some values in the message itself (`invalid input syntax for type
  // integer: "..."`): the query's own parameters are cut out of message and stack.
  const scrub = scrubber(err.parameters);
  const out: Record<string, unknown> = {
    type: typeof err.constructor === 'function' ? err.constructor.name : err.name,
    message: scrub(String(err.message)),
  };
  if (typeof err.code === 'string' || typeof err.code === 'number') out.code = err.code;
  if (typeof err.query === 'string') out.query = err.query.length > 2000 ? `${err.query.slice(0, 2000)}...` : err.query;
  if (typeof err.stack === 'string') out.stack = scrub(err.stack);
  if (depth < 3 && err.cause !== undefined) out.cause = serializeError(err.cause, depth + 1);
  if (depth < 3 && Array.isArray(err.errors)) out.errors = err.errors.slice(0, 10).map((e) => serializeError(e, depth + 1));
  return out;
}

/** Replaces every string among a query's parameters (arrays of them included) by [redacted]. */
function scrubber(parameters: unknown): (text: string) => string {
  const values = new Set<string>();
  const collect = (v: unknown, depth: number) => {
    if (typeof v === 'string' && v.length >= 5) values.add(v);
    else if (Array.isArray(v) && depth < 3) for (const x of v) collect(x, depth + 1);
  };
  collect(Array.isArray(parameters) ? parameters : parameters && typeof parameters === 'object' ? Object.values(parameters) : [], 0);
  if (!values.size) return (text) => text;
  const sorted = [...values].sort((a, b) => b.length - a.length);
  return (text) => sorted.reduce((t, v) => t.split(v).join('[redacted]'), text);
}

/** The message an error is logged with (its parameters cut out, as in serializeError). */
function errorMessage(err: ErrorLike): string {
  return (serializeError(err) as { message: string }).message;
}

/** An error logged under another key than `err` (`{ error: e }`, `{ a: { cause: e } }`) is reduced the same way. */
function reduceErrors(fields: Record<string, unknown>): Record<string, unknown> {
  const visit = (value: unknown, depth: number): unknown => {
    if (isErrorLike(value)) return serializeError(value);
    if (depth >= 4 || !value || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
    if (Array.isArray(value)) {
      const mapped = value.map((v) => visit(v, depth + 1));
      return mapped.some((v, i) => v !== value[i]) ? mapped : value;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const reduced = visit(v, depth + 1);
      if (reduced !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = reduced;
    }
    return out ?? value;
  };
  let out = fields;
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'err') continue; // the err serializer's
    const reduced = visit(value, 1);
    if (reduced !== value) (out === fields ? (out = { ...fields }) : out)[key] = reduced;
  }
  return out;
}

/**
 * pino takes the message of `logger.error(err)` or `logger.error({ err })` from the raw error:
 * give it the reduced one (a PostgreSQL message may quote a parameter).
 */
function logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void): void {
  const [first, ...more] = args;
  const rest = more.length === 1 && more[0] === undefined ? [] : more;
  if (isErrorLike(first)) {
    return method.apply(this, [{ err: first }, ...(typeof rest[0] === 'string' ? rest : [errorMessage(first), ...rest])]);
  }
  const err = first && typeof first === 'object' ? (first as { err?: unknown }).err : undefined;
  if (isErrorLike(err) && typeof rest[0] !== 'string') return method.apply(this, [first, errorMessage(err), ...rest]);
  return method.apply(this, args);
}

/** The gateway's logger: JSON lines on stdout (or `destination`), secrets redacted, errors reduced. */
export function createRootLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
    formatters: { log: reduceErrors },
    hooks: { logMethod },
    mixin: () => {
      const ctx = requestContext.getStore();
      return ctx ? { requestId: ctx.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

const REQUEST_ID_RE = /^[\w.-]{1,64}$/;

/** Assigns a request id (honouring a sane incoming `x-request-id`), logs the request, sets the context. */
export function requestLoggingMiddleware(logger: Logger) {
  const http = pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID_RE.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err ? 'error' : res.statusCode === 501 ? 'info' : res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'), // 501: designed not_implemented
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
      // pino-http would put the standard serializer (every property of the error) back.
      err: serializeError,
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
  });
  return (req: IncomingMessage & { id?: unknown }, res: ServerResponse, next: () => void) => {
    http(req, res);
    requestContext.run({ requestId: String(req.id) }, next);
  };
}

/** Nest's logger interface over pino, so framework and feature logs share one structured stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]) {
    // Nest passes the context (class name) last; an Error's stack may come before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (isErrorLike(message)) {
      // Never spread an error into fields: its own properties are what serializeError drops.
      this.logger[level]({ context, err: message }, errorMessage(message));
    } else if (message && typeof message === 'object') {
      const { msg, ...fields } = message as Record<string, unknown> & { msg?: string };
      const text = typeof rest[0] === 'string' && rest.length > 1 ? (rest[0] as string) : msg;
      this.logger[level]({ context, ...fields }, text);
    } else {
      this.logger[level]({ context }, String(message));
    }
  }
}
