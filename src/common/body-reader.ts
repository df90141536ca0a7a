import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, RequestHandler, Response } from 'express';
import { json } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { APP_CONFIG, AppConfig } from '../config/config';
import { PayloadTooLargeError, RequestTimeoutError } from './errors';
import { assertAcceptableInput } from './input-rules';

const BODY_KIND = 'body:kind';

/**
 * Marks the one kind of route whose body may be large (a message with base64 media): it is read
 * with the media limit (MEDIA_MAX_BYTES as base64) instead of BODY_LIMIT.
 */
export const LargeBody = () => SetMetadata(BODY_KIND, 'large');

interface BodyParser {
  limit: number;
  parse: RequestHandler;
  timeoutMs: number;
}

/**
 * Reads the JSON body, and checks the request's strings, after authentication. Nest runs guards
 * before interceptors and interceptors before pipes, and no body parser is mounted on the app: so
 * nothing of a body is read before the guard has authenticated the caller and checked the
 * capability, and a stranger announcing a large body gets its 401 without being read. Each body
 * must arrive within BODY_TIMEOUT_MS plus its size limit at BODY_MIN_BYTES_PER_SECOND.
 */
@Injectable()
export class BodyReader implements NestInterceptor {
  private readonly small: BodyParser;
  private readonly large: BodyParser;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const parser = (limit: number): BodyParser => ({
      limit,
      parse: json({ limit }),
      timeoutMs: config.http.bodyTimeoutMs + Math.ceil((limit / config.http.bodyMinBytesPerSecond) * 1000),
    });
    this.small = parser(parseSize(config.bodyLimit));
    this.large = parser(largeBodyLimit(config));
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const kind = this.reflector.getAllAndOverride<string | undefined>(BODY_KIND, [context.getHandler(), context.getClass()]);
    return from(this.read(http.getRequest<Request>(), http.getResponse<Response>(), kind === 'large' ? this.large : this.small)).pipe(switchMap(() => next.handle()));
  }

  private async read(req: Request, res: Response, parser: BodyParser): Promise<void> {
    assertAcceptableInput({ params: req.params, query: req.query });
    // Refused on the announced length at once: the parser would first read the whole body off.
    if (Number(req.headers['content-length'] ?? 0) > parser.limit) throw new PayloadTooLargeError('request body is too large');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RequestTimeoutError('the request body did not arrive in time')), parser.timeoutMs);
      parser.parse(req, res, (err?: unknown) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      });
    });
    assertAcceptableInput({ body: req.body });
  }
}

/** The largest body of a message send: base64 media of MEDIA_MAX_BYTES plus room for the rest. */
export function largeBodyLimit(config: AppConfig): number {
  return Math.ceil((config.messages.mediaMaxBytes * 4) / 3) + 64 * 1024;
}

/** "512kb", "1mb", "2000b" (the forms BODY_LIMIT accepts) in bytes. */
function parseSize(value: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(value)!;
  return Number(m[1]) * { b: 1, kb: 1024, mb: 1024 * 1024 }[m[2].toLowerCase() as 'b' | 'kb' | 'mb'];
}

/** Whether a request still has body bytes on the wire that nobody read. */
export function hasUnreadBody(req: Request): boolean {
  const announced = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  return announced && !req.readableEnded;
}
