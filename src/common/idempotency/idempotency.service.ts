import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConflictError, ValidationError } from '../errors';

export interface StoredResponse {
  status: number;
  body: unknown;
  /** True when this is the replay of an earlier request's response. */
  replayed: boolean;
}

const KEY_RE = /^[\x21-\x7e]{1,255}$/;
const TTL_HOURS = 24;

/**
 * `Idempotency-Key` for writes (API.md): the same key from the same organization within 24 h
 * returns the first response and does nothing again. The key is claimed before the work runs, so
 * two concurrent requests with one key cannot both run; a failed request releases its key (an
 * error stores nothing, so the client may retry). The same key with a different request is a 409.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly dataSource: DataSource) {}

  async run(orgId: string, key: string | undefined, request: unknown, work: () => Promise<{ status: number; body: unknown }>): Promise<StoredResponse> {
    if (key === undefined) return { ...(await work()), replayed: false };
    if (!KEY_RE.test(key)) throw new ValidationError('request is invalid', { 'Idempotency-Key': ['must be 1 to 255 printable ASCII characters'] });
    const hash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const claimed = await this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM idempotency_keys WHERE org_id = $1 AND key = $2 AND created_at < now() - make_interval(hours => $3)`, [orgId, key, TTL_HOURS]);
      const rows = await m.query(
        `INSERT INTO idempotency_keys (org_id, key, request_hash, created_at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING RETURNING key`,
        [orgId, key, hash],
      );
      return rows.length > 0;
    });
    if (!claimed) {
      const [row]: { request_hash: string; response_status: number | null; response_body: unknown }[] = await this.dataSource.query(
        'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE org_id = $1 AND key = $2',
        [orgId, key],
      );
      if (!row) return this.run(orgId, key, request, work); // released meanwhile: claim it again
      if (row.request_hash !== hash) throw new ConflictError('this Idempotency-Key was used with a different request');
      if (row.response_status === null) throw new ConflictError('a request with this Idempotency-Key is still in progress; retry later');
      return { status: row.response_status, body: row.response_body, replayed: true };
    }
    let result: { status: number; body: unknown };
    try {
      result = await work();
    } catch (e) {
      await this.dataSource.query('DELETE FROM idempotency_keys WHERE org_id = $1 AND key = $2', [orgId, key]).catch(() => undefined);
      throw e;
    }
    await this.dataSource.query('UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE org_id = $1 AND key = $2', [
      orgId,
      key,
      result.status,
      JSON.stringify(result.body),
    ]);
    return { ...result, replayed: false };
  }
}
