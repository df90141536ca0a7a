import { Inject, Injectable, Logger } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors } from 'jose';
import type { Algorithm } from 'jsonwebtoken';
import { ExtractJwt, Strategy as PassportJwt, StrategyOptionsWithoutRequest } from 'passport-jwt';
import type { PassportStatic } from 'passport';
import { APP_CONFIG, AppConfig, AuthConfig } from '../../config/config';
import { AuthPassport } from '../auth-passport';
import { Capability, CAPABILITIES, Principal } from '../decorators';
import { TokenRejected } from './bearer-token.strategy';

export const JWT_STRATEGY = 'jwt';

/** Set only while a JwtStrategy is being constructed (synchronously): see getPassportInstance. */
let registering: PassportStatic | undefined;

interface JwtPayload {
  exp?: number;
  sub?: string;
  [claim: string]: unknown;
}

/** The verification key for a token, from the JWKS, after the header's algorithm was checked. */
async function findKey(jwks: ReturnType<typeof createRemoteJWKSet> | undefined, allowed: string[], rawJwt: string): Promise<string> {
  // Not a compact JWS (an API key, garbage): leave it to the next strategy without a fetch.
  if (!jwks || !JWT_SHAPE.test(rawJwt)) throw new TokenRejected('invalid token', false);
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(rawJwt);
  } catch {
    throw new TokenRejected('invalid token');
  }
  if (typeof header.alg !== 'string' || !allowed.includes(header.alg)) throw new TokenRejected('token algorithm not allowed');
  const key = await jwks(header as Parameters<typeof jwks>[0]);
  const object = key instanceof KeyObject ? key : KeyObject.from(key as Parameters<typeof KeyObject.from>[0]);
  return object.export({ type: 'spki', format: 'pem' }) as string;
}
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Login JWTs of the frontend: passport-jwt verifies them (signature, pinned algorithms, exp/nbf
 * with the configured skew, iss/aud when configured); `jose` is the key-set client that finds the
 * key. The key provider checks the header's algorithm against the allow-list before it looks any
 * key up (so `none` and HS256-signed-with-the-public-key never reach a key), and the JWKS client
 * caches keys, refetches on an unknown kid at most once per cooldown and times out, so a JWKS that
 * is down or slow costs a quick 401, never a hang.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(PassportJwt, JWT_STRATEGY) {
  private readonly logger = new Logger('JwtStrategy');
  private readonly auth: AuthConfig;
  private readonly roles: Map<string, Capability[]>;

  constructor(passport: AuthPassport, @Inject(APP_CONFIG) config: AppConfig) {
    const auth = config.auth;
    const jwks = auth.jwksUrl
      ? createRemoteJWKSet(new URL(auth.jwksUrl), {
          timeoutDuration: auth.jwksTimeoutMs,
          cooldownDuration: auth.jwksCooldownSeconds * 1000,
          cacheMaxAge: auth.jwksCacheSeconds * 1000,
        })
      : undefined;
    const holder: { self?: JwtStrategy } = {};
    // The mixin registers the strategy during super(): it must find this app's passport instance.
    registering = passport.instance;
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: auth.jwtAlgorithms as Algorithm[],
      issuer: auth.jwtIssuer,
      audience: auth.jwtAudience,
      jsonWebTokenOptions: { clockTolerance: auth.clockSkewSeconds },
      secretOrKeyProvider: (_req: unknown, rawJwt: string, done: (err: unknown, key?: string) => void) => {
        findKey(jwks, auth.jwtAlgorithms, rawJwt).then(
          (key) => done(null, key),
          (e: unknown) => done(e instanceof TokenRejected ? e : new TokenRejected(holder.self!.reason(e))),
        );
      },
    } as StrategyOptionsWithoutRequest);
    registering = undefined;
    holder.self = this;
    this.auth = auth;
    this.roles = new Map(
      Object.entries(this.auth.roleCapabilities).map(([role, caps]) => [role, CAPABILITIES.filter((c) => caps.includes(c))]),
    );
  }

  /** This application's passport instance, not passport's process-wide singleton. */
  getPassportInstance() {
    return registering!;
  }

  /** The payload of a verified token → the principal. */
  validate(payload: JwtPayload): Principal {
    if (typeof payload.exp !== 'number') throw new TokenRejected('token has no expiry');
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
  reason(e: unknown): string {
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

