import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ApiKeysService, looksLikeApiKey } from '../api-keys.service';
import { AuthPassport } from '../auth-passport';
import type { Principal } from '../decorators';
import { BearerTokenStrategy, TokenRejected } from './bearer-token.strategy';

export const API_KEY_STRATEGY = 'api-key';

@Injectable()
export class ApiKeyStrategy extends PassportStrategy(BearerTokenStrategy, API_KEY_STRATEGY) {
  constructor(
    passport: AuthPassport,
    private readonly apiKeys: ApiKeysService,
  ) {
    super(passport.instance);
  }

  /** See BearerTokenStrategy: the per-application passport instance. */
  getPassportInstance() {
    return this.passportInstance;
  }

  async validate(token: string): Promise<Principal> {
    if (!looksLikeApiKey(token)) throw new TokenRejected('invalid token', false);
    const principal = await this.apiKeys.authenticate(token);
    // Unknown, wrong secret and revoked all look the same to the caller.
    if (!principal) throw new TokenRejected('invalid or revoked API key');
    return principal;
  }
}
