import { applyDecorators, CallHandler, createParamDecorator, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { IdempotencyService } from './idempotency.service';

const ROUTE = 'idempotent:route';
const RESUME = Symbol('idempotent:resume');

/** A handler's answer with a status of its own (else the route's status applies). */
export class Answer<T = unknown> {
  constructor(
    readonly status: number,
    readonly body: T,
  ) {}
}

/**
 * Makes a write route idempotent under the `Idempotency-Key` header (IdempotencyService): the same
 * key from the same organization with the same request (route, path parameters, body) within 24 h
 * answers the first response again (`Idempotent-Replayed: true`) and does nothing again. The
 * handler returns its body (or an Answer); when an earlier attempt with the key died after
 * creating its resource, `@ResumeFrom()` gives that resource's id and the handler answers from it
 * instead of creating another.
 */
export function Idempotent(route: string, effect = 'done'): MethodDecorator {
  return applyDecorators(
    SetMetadata(ROUTE, route),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: `Same key within 24 h: the first response is returned again and nothing is ${effect} again.` }),
  );
}

/** The id of the resource an earlier attempt with the same Idempotency-Key created before it died. */
export const ResumeFrom = createParamDecorator((_data: unknown, ctx: ExecutionContext): string | undefined => ctx.switchToHttp().getRequest<{ [RESUME]?: string }>()[RESUME]);

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<Request & { principal?: { orgId: string }; [RESUME]?: string }>();
    const res = http.getResponse<Response>();
    const route = this.reflector.get<string>(ROUTE, ctx.getHandler());
    const key = req.headers['idempotency-key'];
    const request = { route, params: req.params, body: req.body as unknown };
    const run = this.idempotency.run(req.principal!.orgId, Array.isArray(key) ? key.join(',') : key, request, async (resumeFrom) => {
      req[RESUME] = resumeFrom;
      const out = await lastValueFrom(next.handle(), { defaultValue: undefined });
      return out instanceof Answer ? { status: out.status, body: out.body } : { status: res.statusCode, body: out };
    });
    return from(
      run.then((result) => {
        if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
        res.status(result.status);
        return result.body;
      }),
    );
  }
}
