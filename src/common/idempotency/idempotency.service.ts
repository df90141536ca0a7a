import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface, InsertEvent, QueryRunner } from 'typeorm';
import { ConflictError, ValidationError } from '../errors';

export interface StoredResponse {
  status: number;
  body: unknown;
  /** True when this is the replay of an earlier request's response. */
  replayed: boolean;
}

/**
 * The write done under a key. `resumeFrom` is set when an earlier attempt with the same key died
 * after committing the row it created (see below): the work must then answer from that row (read
 * it by this id) and do nothing again.
 */
export type IdempotentWork = (resumeFrom?: string) => Promise<{ status: number; body: unknown }>;

const KEY_RE = /^[\x21-\x7e]{1,255}$/;
const TTL_HOURS = 24;
/** How long an in-progress claim lives after its last renewal; a retry may take it over after that. */
export const LEASE_MS = 10_000;
/** A running attempt renews its claim this often, so only a dead one (or one cut off from the database) loses it. */
const RENEW_MS = Math.floor(LEASE_MS / 3);
/** Claim, look, claim again...: bounded, for keys that change state between two statements. */
const MAX_ROUNDS = 5;

/** The attempt running its work in this async context (read by the insert subscriber). */
interface Attempt {
  service: IdempotencyService;
  orgId: string;
  key: string;
  attemptId: string;
  /** Until the first row is inserted (and never when resuming, nor once the work has ended). */
  recording: boolean;
}
const currentAttempt = new AsyncLocalStorage<Attempt>();

/**
 * `Idempotency-Key` for writes: the same key from the same organization within 24 h
 * returns the first response and does nothing again; the same key with another request is a 409.
 *
 * **Claim with a lease.** The key is claimed (committed, "in progress") before the work runs, so
 * two concurrent requests with one key cannot both run: the second gets a 409 with `Retry-After`.
 * The claim carries `locked_until` (now + LEASE_MS), renewed every RENEW_MS while the work runs,
 * and a random `attempt_id`. A claim whose attempt died (process killed, database restarted, its
 * clean-up lost) is not renewed: once `locked_until` has passed, a retry takes it over atomically
 * (one `INSERT ... ON CONFLICT DO UPDATE ... WHERE locked_until < now() RETURNING`: of several
 * retries exactly one wins) under its own `attempt_id`. Every later write of an attempt (renewal,
 * completion, release, resource) is conditioned on its `attempt_id`, so an attempt that lost its
 * claim can no longer change the key.
 *
 * **No second resource after a takeover.** The work may have committed its resource (the send
 * route commits the message, then waits for the send) before its attempt died. The first row the
 * work inserts (through TypeORM, i.e. the entity it creates) has its id recorded on the key
 * (`resource_id`) by a subscriber, in the same transaction as that row, and only if the attempt
 * still holds the claim (else the subscriber throws and the row is rolled back). So after any
 * crash either the row and its `resource_id` are both committed, or neither is. The takeover
 * reads `resource_id` in the same statement that takes the claim: with one it calls
 * `work(resourceId)`, which answers from the stored row; without one nothing was stored and the
 * work runs afresh. A takeover that meets the row's transaction still open waits for it (row
 * lock) and then sees its outcome. The lease therefore only decides how soon a retry may proceed,
 * never whether something is done twice.
 *
 * A failed attempt releases its key (an error stores nothing, so the client may retry at once),
 * unless its resource was already stored: then it only ends its lease, and the next retry answers
 * from the resource. A completed key replays its response until 24 h after the first claim.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(private readonly dataSource: DataSource) {
    const recorder: EntitySubscriberInterface = { afterInsert: (event) => this.recordResource(event) };
    dataSource.subscribers.push(recorder);
  }

  async run(orgId: string, key: string | undefined, request: unknown, work: IdempotentWork): Promise<StoredResponse> {
    if (key === undefined) return { ...(await work()), replayed: false };
    if (!KEY_RE.test(key)) throw new ValidationError('request is invalid', { 'Idempotency-Key': ['must be 1 to 255 printable ASCII characters'] });
    const hash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const attemptId = randomUUID();

    for (let round = 0; ; round++) {
      const claim = await this.claim(orgId, key, hash, attemptId);
      if (claim) return this.runClaimed(orgId, key, attemptId, claim.resourceId, work);

      const [row]: { request_hash: string; response_status: number | null; response_body: unknown; live: boolean; retry_after: number }[] = await this.dataSource.query(
        `SELECT request_hash, response_status, response_body,
                created_at >= now() - make_interval(hours => $3) AND (response_status IS NOT NULL OR locked_until >= now()) AS live,
                greatest(1, ceil(extract(epoch FROM locked_until - now())))::int AS retry_after
           FROM idempotency_keys WHERE org_id = $1 AND key = $2`,
        [orgId, key, TTL_HOURS],
      );
      if (row?.live) {
        if (row.request_hash !== hash) throw new ConflictError('this Idempotency-Key was used with a different request');
        if (row.response_status !== null) return { status: row.response_status, body: row.response_body, replayed: true };
        throw new ConflictError('a request with this Idempotency-Key is still in progress; retry later', { retryAfterSeconds: row.retry_after });
      }
      // Released, expired, or its lease ended between the two statements: claim it again.
      if (row && row.request_hash !== hash && row.response_status === null) {
        // An expired claim of another request is never taken over by this one.
        throw new ConflictError('this Idempotency-Key was used with a different request');
      }
      if (round >= MAX_ROUNDS) throw new ConflictError('a request with this Idempotency-Key is still in progress; retry later', { retryAfterSeconds: 1 });
    }
  }

  /**
   * Takes the key: a new one, one past its 24 h (starts afresh), or an in-progress claim of the
   * same request whose lease has ended (keeps its age and the resource its attempt stored).
   */
  private async claim(orgId: string, key: string, hash: string, attemptId: string): Promise<{ resourceId: string | null } | null> {
    const rows: { resource_id: string | null }[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys AS k (org_id, key, request_hash, created_at, locked_until, attempt_id)
       VALUES ($1, $2, $3, now(), now() + $4::float8 * interval '1 millisecond', $5)
       ON CONFLICT (org_id, key) DO UPDATE SET
         attempt_id = EXCLUDED.attempt_id,
         locked_until = EXCLUDED.locked_until,
         request_hash = EXCLUDED.request_hash,
         response_status = NULL,
         response_body = NULL,
         created_at = CASE WHEN k.created_at < now() - make_interval(hours => $6) THEN now() ELSE k.created_at END,
         resource_id = CASE WHEN k.created_at < now() - make_interval(hours => $6) THEN NULL ELSE k.resource_id END
       WHERE k.created_at < now() - make_interval(hours => $6)
          OR (k.response_status IS NULL AND k.request_hash = EXCLUDED.request_hash AND coalesce(k.locked_until, '-infinity') < now())
       RETURNING k.resource_id`,
      [orgId, key, hash, LEASE_MS, attemptId, TTL_HOURS],
    );
    return rows.length ? { resourceId: rows[0].resource_id } : null;
  }

  private async runClaimed(orgId: string, key: string, attemptId: string, resumeFrom: string | null, work: IdempotentWork): Promise<StoredResponse> {
    const attempt: Attempt = { service: this, orgId, key, attemptId, recording: resumeFrom === null };
    const stopRenewing = this.renewWhileRunning(orgId, key, attemptId);
    let result: { status: number; body: unknown };
    try {
      result = await currentAttempt.run(attempt, () => work(resumeFrom ?? undefined));
    } catch (e) {
      attempt.recording = false;
      stopRenewing();
      // Nothing stored: free the key. Its resource stored: end the lease, so that a retry answers
      // from it at once. If the database is down this is lost, and the lease ends by itself.
      await this.write(
        `WITH released AS (DELETE FROM idempotency_keys WHERE org_id = $1 AND key = $2 AND attempt_id = $3 AND resource_id IS NULL RETURNING 1)
         UPDATE idempotency_keys SET locked_until = now(), attempt_id = NULL WHERE org_id = $1 AND key = $2 AND attempt_id = $3 AND resource_id IS NOT NULL`,
        [orgId, key, attemptId],
      ).catch(() => undefined);
      throw e;
    }
    attempt.recording = false;
    stopRenewing();
    try {
      const done = await this.write(
        `UPDATE idempotency_keys SET response_status = $4, response_body = $5, locked_until = NULL, attempt_id = NULL
          WHERE org_id = $1 AND key = $2 AND attempt_id = $3`,
        [orgId, key, attemptId, result.status, JSON.stringify(result.body)],
      );
      if (!done) this.logger.warn('an Idempotency-Key was taken over by a retry before this attempt completed; the retry answers for it');
    } catch (err) {
      // The work is done (and its resource recorded with it): answer it. A retry takes the claim
      // over once its lease ends and answers from the same resource.
      this.logger.warn({ err }, 'could not record the response of an Idempotency-Key');
    }
    return { ...result, replayed: false };
  }

  /** Renews the claim every RENEW_MS (one renewal at a time) until the returned function is called. */
  private renewWhileRunning(orgId: string, key: string, attemptId: string): () => void {
    let renewing = false;
    const timer = setInterval(() => {
      if (renewing) return;
      renewing = true;
      this.write(
        `UPDATE idempotency_keys SET locked_until = now() + $4::float8 * interval '1 millisecond'
          WHERE org_id = $1 AND key = $2 AND attempt_id = $3 AND response_status IS NULL`,
        [orgId, key, attemptId, LEASE_MS],
      )
        .catch(() => undefined) // database unreachable: the lease runs out, as it should
        .finally(() => (renewing = false));
    }, RENEW_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Runs an UPDATE/DELETE; returns the number of rows it changed. */
  private async write(sql: string, params: unknown[], runner?: QueryRunner): Promise<number> {
    const own = runner ?? this.dataSource.createQueryRunner();
    try {
      return (await own.query(sql, params, true)).affected ?? 0;
    } finally {
      if (!runner) await own.release();
    }
  }

  /**
   * Subscriber (every insert through TypeORM): the first row the running attempt's work inserts
   * is its resource; its id goes onto the key in the same transaction, fenced by `attempt_id`.
   */
  private async recordResource(event: InsertEvent<unknown>): Promise<void> {
    const attempt = currentAttempt.getStore();
    if (!attempt || attempt.service !== this || !attempt.recording) return;
    const primary = event.metadata.primaryColumns;
    if (primary.length !== 1 || !event.entity) return;
    const id = primary[0].getEntityValue(event.entity as object);
    if (typeof id !== 'string') return;
    attempt.recording = false;
    const recorded = await this.write(
      'UPDATE idempotency_keys SET resource_id = $4 WHERE org_id = $1 AND key = $2 AND attempt_id = $3',
      [attempt.orgId, attempt.key, attempt.attemptId, id],
      event.queryRunner,
    );
    // A retry took the claim over (this attempt's lease ran out): it does the work, not us.
    if (!recorded) throw new ConflictError('a retry with this Idempotency-Key took this request over; it was not done twice');
  }
}
