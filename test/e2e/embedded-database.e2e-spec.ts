import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/** The zero-configuration database: PGlite behind pglite-socket, as `npm start` runs it. */
describe('embedded PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wgw-embedded-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves many connections at once without mixing their queries (patched pglite-socket)', async () => {
    const db = await startEmbeddedPostgres(dir, 20);
    const pool = new Pool({ connectionString: db.url, max: 10 });
    try {
      await pool.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
      const errors: string[] = [];
      await Promise.all(
        Array.from({ length: 600 }, async (_, i) => {
          try {
            if (i % 3 === 0) {
              const c = await pool.connect();
              try {
                await c.query('BEGIN');
                await c.query('INSERT INTO t VALUES ($1, $2)', [i, `v${i}`]);
                const r = await c.query('SELECT v FROM t WHERE id = $1', [i]);
                if (r.rows[0]?.v !== `v${i}`) throw new Error(`read ${JSON.stringify(r.rows)} for ${i}`);
                await c.query('COMMIT');
              } finally {
                c.release();
              }
            } else {
              const r = await pool.query('SELECT $1::int + $2::int AS s', [i, 1]);
              if (r.rows[0].s !== i + 1) throw new Error(`got ${r.rows[0].s} for ${i}`);
            }
          } catch (e) {
            errors.push(String(e));
          }
        }),
      );
      expect(errors).toEqual([]);
      // A failing statement does not stall everyone else.
      await expect(pool.query('SELECT * FROM no_such_table WHERE id = $1', [1])).rejects.toThrow();
      expect((await pool.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(200);
    } finally {
      await pool.end();
      await db.stop();
    }
  });

  it('keeps the data across a restart', async () => {
    const db = await startEmbeddedPostgres(dir, 5);
    const pool = new Pool({ connectionString: db.url, max: 2 });
    try {
      expect((await pool.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(200);
    } finally {
      await pool.end();
      await db.stop();
    }
  });
});
