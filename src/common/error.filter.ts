import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { hasUnreadBody } from './body-reader';
import { DomainError, ErrorCode, ErrorEnvelope, STATUS_OF } from './errors';

const CODE_OF_STATUS: Record<number, ErrorCode> = Object.fromEntries(
  Object.entries(STATUS_OF).map(([code, status]) => [status, code as ErrorCode]),
);

/** Turns anything thrown anywhere (domain, Nest, Express body parser, bugs) into the envelope. */
export function toEnvelope(exception: unknown): { status: number; body: ErrorEnvelope; retryAfter?: number } {
  if (exception instanceof DomainError) {
    const retryAfter = exception.details.retryAfterSeconds as number | undefined;
    return { status: exception.status, body: envelope(exception.code, exception.message, exception.details), retryAfter };
  }
  // Errors raised by Express' body parser carry a `type` and a status (Nest may wrap them).
  const cause = exception instanceof HttpException ? exception.cause : undefined;
  const e = (cause && typeof cause === 'object' && 'type' in cause ? cause : exception) as { type?: string; status?: number; statusCode?: number; message?: string };
  if (e && typeof e === 'object' && typeof e.type === 'string') {
    if (e.type === 'entity.parse.failed') {
      return { status: 400, body: envelope('validation_error', 'request body is not valid JSON', { body: ['malformed JSON'] }) };
    }
    if (e.type === 'entity.too.large') {
      return { status: 413, body: envelope('payload_too_large', 'request body is too large') };
    }
    if (e.status && e.status >= 400 && e.status < 500) {
      return { status: e.status, body: envelope(CODE_OF_STATUS[e.status] ?? 'validation_error', 'request body could not be read') };
    }
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = CODE_OF_STATUS[status] ?? (status >= 500 ? 'internal' : 'validation_error');
    const message = status === 404 ? 'route not found' : status >= 500 ? 'internal error' : exception.message;
    return { status, body: envelope(code, message) };
  }
  return { status: 500, body: envelope('internal', 'internal error') };
}

function envelope(code: ErrorCode, message: string, details: Record<string, unknown> = {}): ErrorEnvelope {
  return { error: { code, message, details } };
}

function status404(exception: unknown): boolean {
  return exception instanceof HttpException && exception.getStatus() === 404 && !(exception instanceof DomainError);
}

interface RouteLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
  match(path: string): unknown;
}

/** The methods of the routes matching this path, for a 405 instead of a 404 on a known path. */
export function allowedMethods(req: Request): string[] {
  const stack = (req.app as unknown as { router?: { stack: RouteLayer[] } })?.router?.stack ?? [];
  const methods = new Set<string>();
  // The full path: a handler mounted under a prefix sees only the rest in req.path.
  const path = (req.originalUrl ?? req.url).split('?')[0];
  for (const layer of stack) {
    // Skip catch-alls and all-method routes (Nest's own not-found handlers): only real routes say
    // what a path supports.
    if (!layer.route || String(layer.route.path).includes('*') || Object.keys(layer.route.methods).length > 8) continue;
    if (!layer.match(path)) continue;
    for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') methods.add(m.toUpperCase());
  }
  methods.delete(req.method);
  return [...methods].sort();
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const allowed = status404(exception) ? allowedMethods(req) : [];
    if (allowed.length) {
      res.setHeader('Allow', allowed.join(', '));
      res.status(405).json(envelope('method_not_allowed', `${req.method} is not supported here`, { allowed }));
      return;
    }
    const { status, body, retryAfter } = toEnvelope(exception);
    if (status === 501 && body.error.code === 'not_implemented') {
      // A designed answer (an operation not built yet), not a failure.
      this.logger.log({ requestId: req?.id, path: req?.path }, 'request answered 501 not_implemented');
    } else if (status >= 500) {
      this.logger.error({ err: exception, requestId: req?.id, path: req?.path }, 'request failed');
    }
    if (res.headersSent) return;
    // A body left unread (refused before reading it: 401, 403, 413, 408...) is not read now
    // either: the connection closes after the answer.
    if (hasUnreadBody(req)) res.setHeader('Connection', 'close');
    if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json(body);
  }
}
