import { Inject, Injectable, Logger } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createRemoteJWKSet, errors, jwtVerify, JWTPayload } from 'jose';
import { APP_CONFIG, AppConfig, AuthConfig } from '../../config/config';
import { AuthPassport } from '../auth-passport';
import { Capability, CAPABILITIES, Principal } from '../decorators';
import { BearerTokenStrategy, TokenRejected } from './bearer-token.strategy';

export const JWT_STRATEGY = 'jwt';
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Login JWTs of the frontend, verified with `jose` against its JWKS.
 *
 * Why not passport-jwt's own verification: it hands the key to jsonwebtoken, a second JOSE
 * implementation that cannot take the CryptoKey jose's JWKS client resolves. Here one library
 * does it all in one call: the alg allow-list is checked before any key is looked up (so `none`
 * and HS256-with-the-public-key never reach a key), the JWKS only yields keys whose type fits
 * the alg, and exp/nbf/iss/aud are checked with the configured skew. The JWKS client caches keys,
 * refetches on an unknown kid at most once per cooldown, and times out, so a JWKS that is down
 * or slow costs a quick 401, never a hang.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(BearerTokenStrategy, JWT_STRATEGY) {
  private readonly logger = new Logger('JwtStrategy');
  private readonly auth: AuthConfig;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  private readonly roles: Map<string, Capability[]>;

  constructor(passport: AuthPassport, @Inject(APP_CONFIG) config: AppConfig) {
    super(passport.instance);
    this.auth = config.auth;
    if (this.auth.jwksUrl) {
      this.jwks = createRemoteJWKSet(new URL(this.auth.jwksUrl), {
        timeoutDuration: this.auth.jwksTimeoutMs,
        cooldownDuration: this.auth.jwksCooldownSeconds * 1000,
        cacheMaxAge: this.auth.jwksCacheSeconds * 1000,
      });
    }
    this.roles = new Map(
      Object.entries(this.auth.roleCapabilities).map(([role, caps]) => [role, CAPABILITIES.filter((c) => caps.includes(c))]),
    );
  }

  /** See BearerTokenStrategy: the per-application passport instance. */
  getPassportInstance() {
    return this.passportInstance;
  }

  async validate(token: string): Promise<Principal> {
    // Not a compact JWS (an API key, garbage): leave it to the next strategy without a fetch.
    if (!this.jwks || !JWT_SHAPE.test(token)) throw new TokenRejected('invalid token', false);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        algorithms: this.auth.jwtAlgorithms,
        issuer: this.auth.jwtIssuer,
        audience: this.auth.jwtAudience,
        clockTolerance: this.auth.clockSkewSeconds,
        requiredClaims: ['exp'],
      }));
    } catch (e) {
      throw new TokenRejected(this.reason(e));
    }
    const orgId = payload[this.auth.orgClaim];
    if (typeof orgId !== 'string' || orgId === '') throw new TokenRejected('token has no organization');
    const role = payload[this.auth.roleClaim];
    return {
      orgId,
      kind: 'user',
      subject: typeof payload.sub === 'string' ? payload.sub : '',
      capabilities: typeof role === 'string' ? (this.roles.get(role) ?? []) : [],
    };
  }

  /** A message for the caller that names the problem, never the key material or the JWKS URL. */
  private reason(e: unknown): string {
    if (e instanceof errors.JWTExpired) return 'token expired';
    if (e instanceof errors.JWTClaimValidationFailed) {
      return e.claim === 'nbf' ? 'token not yet valid' : `token claim "${e.claim}" is invalid`;
    }
    if (e instanceof errors.JOSEAlgNotAllowed) return 'token algorithm not allowed';
    if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys) return 'token signed by an unknown key';
    if (e instanceof errors.JWSSignatureVerificationFailed) return 'token signature invalid';
    if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid || !(e instanceof errors.JOSEError)) {
      // The JWKS endpoint is down, slow or broken: the token cannot be checked now.
      this.logger.warn({ err: e }, 'JWKS unavailable; login JWT refused');
      return 'token could not be verified';
    }
    return 'invalid token';
  }
}
