import type { Request } from 'express';
import type { PassportStatic } from 'passport';
import { Strategy } from 'passport';
import { UnauthorizedError } from '../../common/errors';
import type { Principal } from '../decorators';

/** Why a strategy refused a request; `claimed` marks the strategy whose kind of token it was. */
export interface BearerFailure {
  message: string;
  claimed: boolean;
}

/** A strategy's rejection: a 401 with a message that is safe to show the caller. */
export class TokenRejected extends UnauthorizedError {
  constructor(
    message: string,
    readonly claimed = true,
  ) {
    super(message);
  }
}

type Verify = (token: string, done: (err: unknown, principal?: Principal | false) => void) => void;

/** `Authorization: Bearer <token>`: undefined when absent, null when present but not Bearer. */
export function bearerToken(req: Pick<Request, 'headers'>): string | null | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match ? match[1] : null;
}

/**
 * A passport strategy over the bearer token: subclasses (through @nestjs/passport's
 * PassportStrategy mixin) implement `validate(token)` and throw TokenRejected to refuse it.
 * It registers on the passport instance it is given, never on passport's process-wide
 * singleton, so two gateways in one process (tests, workers) never use each other's strategies.
 */
export class BearerTokenStrategy extends Strategy {
  constructor(
    readonly passportInstance: PassportStatic,
    private readonly verify: Verify,
  ) {
    super();
  }

  override authenticate(req: Request): void {
    const token = bearerToken(req);
    if (token === undefined) return this.fail({ message: 'authentication required', claimed: false } satisfies BearerFailure, 401);
    if (token === null) return this.fail({ message: 'Authorization header must be "Bearer <token>"', claimed: false } satisfies BearerFailure, 401);
    this.verify(token, (err, principal) => {
      if (err instanceof TokenRejected) return this.fail({ message: err.message, claimed: err.claimed } satisfies BearerFailure, 401);
      if (err) return this.error(err as Error);
      if (!principal) return this.fail({ message: 'invalid token', claimed: false } satisfies BearerFailure, 401);
      this.success(principal);
    });
  }
}
