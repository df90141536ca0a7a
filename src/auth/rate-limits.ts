import { Inject, Injectable } from '@nestjs/common';
import { TokenBucket } from 'limiter';
import { LRUCache } from 'lru-cache';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { RateLimitedError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import type { Principal } from './decorators';

/** Buckets of principals not seen for this long are forgotten (they would be full again anyway). */
const IDLE_MS = 10 * 60_000;
const MAX_TRACKED = 100_000;

/**
 * Failed authentications per client IP (rate-limiter-flexible, fixed one-minute window). The
 * guard asks `assertAllowed` before verifying any token, so a client over the limit costs no
 * key lookup or signature check until its window passes.
 */
@Injectable()
export class AuthFailureLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.limiter = new RateLimiterMemory({ points: config.http.authFailuresPerMinute, duration: 60 });
  }

  async assertAllowed(ip: string): Promise<void> {
    const state = await this.limiter.get(ip);
    if (state && state.consumedPoints >= this.config.http.authFailuresPerMinute) {
      throw new RateLimitedError('too many failed authentications from this address; try again later', Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
    }
  }

  async recordFailure(ip: string): Promise<void> {
    // Rejects once the limit is reached: that is what the next assertAllowed sees.
    await this.limiter.consume(ip).catch(() => undefined);
  }
}

/** What a client learns of its request budget (the IETF RateLimit header fields). */
export interface RateLimitState {
  /** `RateLimit-Policy` */
  policy: string;
  /** `RateLimit` */
  current: string;
}

/**
 * Requests per principal (API key or JWT subject): a token bucket (the `limiter` package) of
 * RATE_LIMIT_BURST tokens refilled at RATE_LIMIT_PER_SECOND, one per request. Per process:
 * see the README for why.
 */
@Injectable()
export class RequestRateLimiter {
  private readonly buckets = new LRUCache<string, TokenBucket>({ max: MAX_TRACKED, ttl: IDLE_MS, updateAgeOnGet: true });
  private readonly policy: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { requestsPerSecond, requestBurst } = config.http;
    // Structured fields of the IETF draft: quota q per window w (seconds) of the policy "key".
    this.policy = `"key";q=${requestBurst};w=${Math.max(1, Math.ceil(requestBurst / Math.max(1, requestsPerSecond)))}`;
  }

  get enabled(): boolean {
    return this.config.http.requestsPerSecond > 0;
  }

  /** Takes one token for the principal, or throws 429 with the state to report. */
  take(principal: Principal): RateLimitState {
    const { requestsPerSecond, requestBurst } = this.config.http;
    const key = `${principal.orgId}\u0000${principal.kind}\u0000${principal.subject}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket({ bucketSize: requestBurst, tokensPerInterval: requestsPerSecond, interval: 1000 });
      bucket.content = requestBurst;
      this.buckets.set(key, bucket);
    }
    const allowed = bucket.tryRemoveTokens(1);
    const remaining = Math.floor(bucket.content);
    // Seconds until the bucket is full again (when allowed) or holds one token (when not).
    const reset = Math.max(1, Math.ceil(((allowed ? requestBurst - bucket.content : 1 - bucket.content) / requestsPerSecond)));
    const state = { policy: this.policy, current: `"key";r=${remaining};t=${reset}` };
    if (!allowed) throw new RateLimitExceeded(state, reset);
    return state;
  }
}

/** A 429 that carries the RateLimit header values as well as Retry-After. */
export class RateLimitExceeded extends RateLimitedError {
  constructor(
    readonly state: RateLimitState,
    retryAfterSeconds: number,
  ) {
    super(`too many requests for this key; retry after ${retryAfterSeconds} s`, retryAfterSeconds);
  }
}
