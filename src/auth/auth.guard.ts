import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ForbiddenError, UnauthorizedError } from '../common/errors';
import { AuthPassport } from './auth-passport';
import { AUTH_RULE, AuthRule, Principal } from './decorators';
import { AuthFailureLimiter, RateLimitExceeded, RequestRateLimiter } from './rate-limits';

export type RequestWithPrincipal = Request & { principal?: Principal };

/**
 * The global guard, secure by default: a route without @Public() or @Authenticated() is denied
 * (and fails the route-table test). Order: 429 for a client IP with too many failed
 * authentications (before any token is verified), 401 (no valid principal), 429 for a principal
 * over its request budget, 403 (capability); all before a byte of the body is read (the body is
 * read by BodyReader, an interceptor, which runs after guards).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly passport: AuthPassport,
    private readonly failures: AuthFailureLimiter,
    private readonly rates: RequestRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AuthRule | undefined>(AUTH_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares neither @Public() nor @Authenticated()`);
      throw new UnauthorizedError();
    }
    if (rule.public) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<RequestWithPrincipal>();
    const res = http.getResponse<Response>();
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    await this.failures.assertAllowed(ip);
    let principal: Principal;
    try {
      principal = await this.passport.authenticate(req, res);
    } catch (e) {
      if (e instanceof UnauthorizedError) await this.failures.recordFailure(ip);
      throw e;
    }
    req.principal = principal;
    if (this.rates.enabled) {
      try {
        const state = this.rates.take(principal);
        res.setHeader('RateLimit-Policy', state.policy);
        res.setHeader('RateLimit', state.current);
      } catch (e) {
        if (e instanceof RateLimitExceeded) {
          res.setHeader('RateLimit-Policy', e.state.policy);
          res.setHeader('RateLimit', e.state.current);
        }
        throw e;
      }
    }
    if (rule.capability && !principal.capabilities.includes(rule.capability)) {
      throw new ForbiddenError(`requires the ${rule.capability} capability`, { required: rule.capability });
    }
    return true;
  }
}
