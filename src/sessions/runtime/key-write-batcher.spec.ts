import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, OpenDatabase } from '../../database/database';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { KeyWriteBatcher } from './key-write-batcher';

describe('KeyWriteBatcher (real PostgreSQL)', () => {
  let db: TestDatabase;
  let open: OpenDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    open = await openDatabase({ databaseUrl: db.url, dataDir: '/nonexistent', dbPoolSize: 4 });
    for (const id of ['S1', 'S2']) {
      await open.dataSource.query(`INSERT INTO sessions (id, org_id, name, created_at, updated_at) VALUES ($1, 'o', $2, now(), now())`, [id, id]);
    }
  });
  afterAll(async () => {
    await open?.close();
    await db?.drop();
  });

  const rows = async () =>
    (await open.dataSource.query('SELECT session_id, type, key_id, data FROM wa_auth_keys ORDER BY 1, 2, 3')).map(
      (r: { session_id: string; key_id: string; data: Buffer }) => `${r.session_id}/${r.key_id}=${r.data.toString()}`,
    );

  it('merges concurrent writes into committed rows, the last value of a key winning', async () => {
    const b = new KeyWriteBatcher(open.dataSource);
    const row = (sessionId: string, id: string, v: string | null) => ({ sessionId, type: 'session', id, data: v === null ? null : Buffer.from(v) });
    await Promise.all([
      b.write([row('S1', 'a', '1'), row('S1', 'b', '1')]),
      b.write([row('S1', 'a', '2'), row('S2', 'a', '1')]),
      b.write([row('S1', 'b', null), row('S2', 'c', '1')]),
    ]);
    expect(await rows()).toEqual(['S1/a=2', 'S2/a=1', 'S2/c=1']);
  });

  it('fails only the write whose session is gone, not the others in its batch', async () => {
    const b = new KeyWriteBatcher(open.dataSource);
    const results = await Promise.allSettled([
      b.write([{ sessionId: 'S1', type: 'x', id: 'warm', data: Buffer.from('1') }]),
      b.write([{ sessionId: 'GONE', type: 'x', id: 'k', data: Buffer.from('1') }]),
      b.write([{ sessionId: 'S2', type: 'x', id: 'k', data: Buffer.from('1') }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await rows()).toContain('S2/k=1');
  });
});
