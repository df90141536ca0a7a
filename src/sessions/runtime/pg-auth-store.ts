import { AuthStateStore } from '@app/whatsapp';
import { DataSource } from 'typeorm';
import { KeyWriteBatcher } from './key-write-batcher';
import { StateCipher } from '../../common/state-cipher';

/**
 * Baileys' credentials and Signal keys of one session in PostgreSQL, encrypted at rest.
 * Nothing is written to files. Key writes are group-committed across sessions (KeyWriteBatcher).
 */
export class PgAuthStore implements AuthStateStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: StateCipher,
    private readonly sessionId: string,
    private readonly batcher: KeyWriteBatcher,
  ) {}

  async readCreds(): Promise<string | null> {
    const rows: { data: Buffer }[] = await this.dataSource.query('SELECT data FROM wa_auth_creds WHERE session_id = $1', [this.sessionId]);
    return rows.length ? this.cipher.decrypt(rows[0].data, this.credsAad()) : null;
  }

  async writeCreds(serialized: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO wa_auth_creds (session_id, data, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (session_id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
      [this.sessionId, this.cipher.encrypt(serialized, this.credsAad())],
    );
  }

  async readKeys(type: string, ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!ids.length) return out;
    const rows: { key_id: string; data: Buffer }[] = await this.dataSource.query(
      'SELECT key_id, data FROM wa_auth_keys WHERE session_id = $1 AND type = $2 AND key_id = ANY($3::text[])',
      [this.sessionId, type, ids],
    );
    for (const row of rows) out.set(row.key_id, this.cipher.decrypt(row.data, this.keyAad(type, row.key_id)));
    return out;
  }

  async writeKeys(changes: { type: string; id: string; value: string | null }[]): Promise<void> {
    await this.batcher.write(
      changes.map((c) => ({
        sessionId: this.sessionId,
        type: c.type,
        id: c.id,
        data: c.value === null ? null : this.cipher.encrypt(c.value, this.keyAad(c.type, c.id)),
      })),
    );
  }

  /** Drops everything: after a logout or unlink the credentials are worthless. */
  static async clear(dataSource: DataSource, sessionId: string): Promise<void> {
    await dataSource.transaction(async (m) => {
      await m.query('DELETE FROM wa_auth_keys WHERE session_id = $1', [sessionId]);
      await m.query('DELETE FROM wa_auth_creds WHERE session_id = $1', [sessionId]);
    });
  }

  private credsAad() {
    return `${this.sessionId}/creds`;
  }

  private keyAad(type: string, id: string) {
    return `${this.sessionId}/${type}/${id}`;
  }
}
