import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import passport, { PassportStatic } from 'passport';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Principal } from './decorators';
import { BearerFailure } from './strategies/bearer-token.strategy';
import { jwtFailure } from './strategies/jwt-failure';
import { UnauthorizedError } from '../common/errors';

/**
 * One passport instance per application. @nestjs/passport's AuthGuard always uses passport's
 * process-wide singleton, where the last application to start would overwrite the strategies of
 * every other one in the same process; so the strategies register here and the guard calls this.
 */
@Injectable()
export class AuthPassport {
  readonly instance: PassportStatic = new (passport as unknown as { Passport: new () => PassportStatic }).Passport();
  /** Tried in this order: a login JWT first, then an API key. No JWKS: API keys only. */
  readonly strategies: string[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.strategies = config.auth.jwksUrl ? ['jwt', 'api-key'] : ['api-key'];
  }

  authenticate(req: Request, res: Response): Promise<Principal> {
    return new Promise((resolve, reject) => {
      const middleware = this.instance.authenticate(
        this.strategies,
        { session: false },
        (err: unknown, principal: Principal | false, failures?: (BearerFailure | undefined)[]) => {
          if (err) return reject(err);
          if (principal) return resolve(principal);
          reject(new UnauthorizedError(failureMessage(failures)));
        },
      );
      middleware(req, res, (err?: unknown) => reject(err ?? new UnauthorizedError()));
    });
  }
}

/** The reason given by the strategy the token was meant for; otherwise a generic one. */
function failureMessage(failures: (BearerFailure | undefined)[] | undefined): string {
  const all = (Array.isArray(failures) ? failures : [failures])
    .map((f) => jwtFailure(f) ?? f)
    .filter((f): f is BearerFailure => !!f && typeof f === 'object');
  return (all.find((f) => f.claimed) ?? all[0])?.message ?? 'invalid token';
}
