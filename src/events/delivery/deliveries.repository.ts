import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EventPayload } from '../event-types';
import { WebhookSecrets } from '../webhook-secrets';

/** A leased delivery with everything one attempt needs. */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  url: string;
  /** The signing secret; null when it cannot be decrypted (another data key): nothing is sent. */
  secret: string | null;
  /** The secret before the last rotation, while its grace period lasts. */
  previousSecret: string | null;
  /** The attempt number this claim runs (1-based): the fencing token of the lease. */
  attempt: number;
  event: EventPayload;
}

export interface AttemptOutcome {
  statusCode?: number;
  error?: string;
  /** The start of the receiver's answer body. */
  response?: string;
  startedAt: Date;
  durationMs: number;
  /** succeeded; retry at nextAttemptAt; failed (last attempt); gone (410: disable the webhook). */
  result: 'succeeded' | 'retry' | 'failed' | 'gone';
  retryInMs?: number;
}

/** The queries of the delivery queue. */
@Injectable()
export class DeliveriesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: WebhookSecrets,
  ) {}

  /**
   * Leases up to `limit` due deliveries. SKIP LOCKED lets concurrent claimers (other processes)
   * pass over rows being claimed; the lease (`locked_until`, longer than an attempt can take)
   * keeps the row away from them while the attempt runs outside any transaction, and expires if
   * this process dies, so the delivery is retried (at least once, never twice at the same time).
   *
   * Per-session order: a delivery waits while an earlier delivery of the same webhook and session
   * has not been tried yet or is being tried. For a healthy endpoint that sends a session's events
   * one after the other in event order; a failing delivery (waiting for its retry) does not hold
   * back the ones behind it, so one bad event cannot stall a session for the whole schedule.
   */
  async claim(limit: number, leaseMs: number, workerId: string): Promise<ClaimedDelivery[]> {
    const result: unknown[] = await this.dataSource.query(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d
         JOIN webhooks w ON w.id = d.webhook_id AND w.enabled
         WHERE d.status = 'pending' AND d.next_attempt_at <= now()
           AND (d.locked_until IS NULL OR d.locked_until < now())
           AND NOT EXISTS (
             SELECT 1 FROM webhook_deliveries e
             WHERE e.webhook_id = d.webhook_id AND e.session_key = d.session_key AND e.status = 'pending'
               AND e.event_id < d.event_id AND (e.attempts = 0 OR e.locked_until > now()))
         ORDER BY d.next_attempt_at, d.event_id
         LIMIT $1
         FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE webhook_deliveries d
       SET locked_until = now() + $2 * interval '1 millisecond', locked_by = $3, attempts = d.attempts + 1
       FROM due, webhooks w, events ev
       WHERE d.id = due.id AND w.id = d.webhook_id AND ev.id = d.event_id
       RETURNING d.id, d.webhook_id, d.attempts, w.url, w.secret, w.secret_encrypted,
         CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret END AS previous_secret,
         CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret_encrypted END AS previous_secret_encrypted,
         ev.id::text AS event_id, ev.type, ev.org_id, ev.session_id, ev.occurred_at, ev.data`,
      [limit, leaseMs, workerId],
    );
    // TypeORM answers an UPDATE with [rows, rowCount].
    const rows = (Array.isArray(result[0]) ? result[0] : result) as Record<string, unknown>[];
    return rows
      .map((r) => ({
        id: r.id as string,
        webhookId: r.webhook_id as string,
        url: r.url as string,
        ...this.signingSecrets(r),
        attempt: r.attempts as number,
        event: {
          id: r.event_id as string,
          type: r.type as string,
          orgId: r.org_id as string,
          sessionId: (r.session_id as string | null) ?? null,
          occurredAt: new Date(r.occurred_at as string).toISOString(),
          data: r.data as Record<string, unknown>,
        },
      }))
      .sort((a, b) => compareIds(a.event.id, b.event.id));
  }

  /** Decrypted per row: a row this process cannot decrypt fails its attempt, not the whole claim. */
  private signingSecrets(r: Record<string, unknown>): { secret: string | null; previousSecret: string | null } {
    const id = r.webhook_id as string;
    const read = (slot: 'secret' | 'previous', encrypted: unknown, plaintext: unknown) => {
      try {
        return this.secrets.read(id, slot, encrypted as Buffer | null, plaintext as string | null);
      } catch {
        return null;
      }
    };
    const secret = read('secret', r.secret_encrypted, r.secret);
    return { secret, previousSecret: secret ? read('previous', r.previous_secret_encrypted, r.previous_secret) : null };
  }

  /**
   * Records an attempt and its consequence. Fenced by (locked_by, attempts): if our lease ran
   * out and another worker took the delivery over, its outcome wins and ours only joins the log.
   */
  async complete(d: ClaimedDelivery, workerId: string, o: AttemptOutcome): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error, response)
         SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM webhook_deliveries WHERE id = $1)`,
        [d.id, d.attempt, o.startedAt.toISOString(), o.durationMs, o.statusCode ?? null, o.error ?? null, o.response ?? null],
      );
      const done = o.result !== 'retry';
      const [, affected] = (await m.query(
        `UPDATE webhook_deliveries SET
           status = $4, last_status_code = $5, last_error = $6, locked_until = NULL, locked_by = NULL,
           next_attempt_at = CASE WHEN $7::bigint IS NULL THEN NULL ELSE now() + $7 * interval '1 millisecond' END,
           completed_at = CASE WHEN $8 THEN now() END
         WHERE id = $1 AND locked_by = $2 AND attempts = $3`,
        [
          d.id,
          workerId,
          d.attempt,
          o.result === 'succeeded' ? 'succeeded' : done ? 'failed' : 'pending',
          o.statusCode ?? null,
          o.error ?? null,
          o.result === 'retry' ? o.retryInMs : null,
          done,
        ],
      )) as [unknown, number];
      if (o.result === 'gone' && affected) await this.disableWebhook(m, d.webhookId, 'the endpoint answered 410 Gone');
    });
  }

  /** Disables a webhook and fails what it still had pending (nothing more will be sent to it). */
  async disableWebhook(m: EntityManager, webhookId: string, reason: string): Promise<void> {
    await m.query(`UPDATE webhooks SET enabled = false, disabled_reason = $2, updated_at = now() WHERE id = $1`, [webhookId, reason]);
    await m.query(
      `UPDATE webhook_deliveries SET status = 'failed', last_error = $2, completed_at = now(), locked_until = NULL, next_attempt_at = NULL
       WHERE webhook_id = $1 AND status = 'pending' AND (locked_until IS NULL OR locked_until < now())`,
      [webhookId, `webhook disabled: ${reason}`],
    );
  }

  /** When the next pending delivery becomes due (to sleep until then rather than poll blindly). */
  /** Deliveries not yet succeeded or failed for good (the `wgw_webhook_deliveries_pending` gauge). */
  async countPending(): Promise<number> {
    const [row] = await this.dataSource.query("SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending'");
    return row?.n ?? 0;
  }

  async nextDueAt(): Promise<Date | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT min(greatest(d.next_attempt_at, coalesce(d.locked_until, d.next_attempt_at))) AS at
       FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.enabled WHERE d.status = 'pending'`,
    );
    return row?.at ? new Date(row.at) : undefined;
  }
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
