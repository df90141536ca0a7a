import { Controller, ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthorizedError } from '../common/errors';
import { AuthGuard } from './auth.guard';
import { AuthPassport } from './auth-passport';
import { loadConfig } from '../config/config';
import { Authenticated, Principal, Public } from './decorators';
import { AuthFailureLimiter, RequestRateLimiter } from './rate-limits';

@Controller()
class Routes {
  @Get() undeclared() {}
  @Public() @Get() open() {}
  @Authenticated() @Get() anyPrincipal() {}
  @Authenticated({ capability: 'manage' }) @Get() manage() {}
}

@Authenticated({ capability: 'admin' })
@Controller()
class AdminRoutes {
  @Get() inherited() {}
  @Public() @Get() overridden() {}
}

const principal: Principal = { orgId: 'o', kind: 'api_key', subject: 'k', capabilities: ['send'] };

/** A passport stand-in: the guard's own rules are what is under test here (strategies are e2e). */
function guardWith(result: Principal | Error) {
  const passport = { authenticate: async () => (result instanceof Error ? Promise.reject(result) : result) } as unknown as AuthPassport;
  const config = loadConfig({});
  return new AuthGuard(new Reflector(), passport, new AuthFailureLimiter(config), new RequestRateLimiter(config));
}

function context(cls: Function, method: string, req: Record<string, unknown> = {}): ExecutionContext {
  return {
    getHandler: () => (cls.prototype as Record<string, Function>)[method],
    getClass: () => cls,
    switchToHttp: () => ({ getRequest: () => Object.assign(req, { ip: '127.0.0.1' }), getResponse: () => ({ setHeader: () => undefined }) }),
  } as unknown as ExecutionContext;
}

describe('AuthGuard', () => {
  it('denies a route that declares no rule, even for a valid principal (secure by default)', async () => {
    await expect(guardWith(principal).canActivate(context(Routes, 'undeclared'))).rejects.toThrow(UnauthorizedError);
  });

  it('lets @Public() through without asking for a principal', async () => {
    await expect(guardWith(new UnauthorizedError()).canActivate(context(Routes, 'open'))).resolves.toBe(true);
    await expect(guardWith(new UnauthorizedError()).canActivate(context(AdminRoutes, 'overridden'))).resolves.toBe(true);
  });

  it('requires a principal, then the capability (401 before 403)', async () => {
    await expect(guardWith(new UnauthorizedError()).canActivate(context(Routes, 'manage'))).rejects.toThrow(UnauthorizedError);
    await expect(guardWith(principal).canActivate(context(Routes, 'manage'))).rejects.toThrow(ForbiddenError);
    await expect(guardWith(principal).canActivate(context(AdminRoutes, 'inherited'))).rejects.toThrow(ForbiddenError);
    const req: Record<string, unknown> = {};
    await expect(guardWith(principal).canActivate(context(Routes, 'anyPrincipal', req))).resolves.toBe(true);
    expect(req.principal).toBe(principal);
  });
});
