import { DataSource } from 'typeorm';

export interface KeyRow {
  sessionId: string;
  type: string;
  id: string;
  /** Encrypted value; null deletes the row. */
  data: Buffer | null;
}

interface Waiting {
  rows: KeyRow[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for Signal key writes of every session of this process. Baileys writes keys after
 * each decrypted message; one transaction per write would cap a process at a few hundred messages
 * per second. Writes that arrive while a transaction is in flight are merged into the next one
 * (the last value of a key wins), and each caller resolves only once its rows are committed, so
 * durability is exactly that of separate transactions.
 */
export class KeyWriteBatcher {
  private waiting: Waiting[] = [];
  private flushing = false;

  constructor(private readonly dataSource: DataSource) {}

  write(rows: KeyRow[]): Promise<void> {
    if (!rows.length) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length) {
      const batch = this.waiting.splice(0);
      try {
        await this.commit(batch.flatMap((w) => w.rows));
        for (const w of batch) w.resolve();
      } catch (e) {
        if (batch.length === 1) {
          batch[0].reject(e);
          continue;
        }
        // One bad write (e.g. its session was deleted meanwhile) must not fail the others.
        for (const w of batch) await this.commit(w.rows).then(w.resolve, w.reject);
      }
    }
    this.flushing = false;
  }

  /** One statement (so one round trip and its own transaction): deletions, then upserts. */
  private async commit(rows: KeyRow[]): Promise<void> {
    const last = new Map<string, KeyRow>();
    for (const r of rows) last.set(`${r.sessionId}\u0000${r.type}\u0000${r.id}`, r);
    const upserts = [...last.values()].filter((r) => r.data !== null);
    const deletes = [...last.values()].filter((r) => r.data === null);
    await this.dataSource.query(
      `WITH deleted AS (
         DELETE FROM wa_auth_keys w USING unnest($5::text[], $6::text[], $7::text[]) AS u(s, t, k)
         WHERE w.session_id = u.s AND w.type = u.t AND w.key_id = u.k
       )
       INSERT INTO wa_auth_keys (session_id, type, key_id, data)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[])
       ON CONFLICT (session_id, type, key_id) DO UPDATE SET data = EXCLUDED.data`,
      [
        upserts.map((r) => r.sessionId), upserts.map((r) => r.type), upserts.map((r) => r.id), upserts.map((r) => r.data),
        deletes.map((r) => r.sessionId), deletes.map((r) => r.type), deletes.map((r) => r.id),
      ],
    );
  }
}
