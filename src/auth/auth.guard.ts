import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ForbiddenError, UnauthorizedError } from '../common/errors';
import { AuthPassport } from './auth-passport';
import { AUTH_RULE, AuthRule, Principal } from './decorators';

export type RequestWithPrincipal = Request & { principal?: Principal };

/**
 * The global guard, secure by default: a route without @Public() or @Authenticated() is denied
 * (and fails the route-table test). Order as in API.md: 401 (no valid principal), then 403
 * (capability), before any pipe validates the body.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly passport: AuthPassport,
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
    const principal = await this.passport.authenticate(req, http.getResponse<Response>());
    req.principal = principal;
    if (rule.capability && !principal.capabilities.includes(rule.capability)) {
      throw new ForbiddenError(`requires the ${rule.capability} capability`, { required: rule.capability });
    }
    return true;
  }
}
