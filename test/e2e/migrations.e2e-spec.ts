import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, OpenDatabase } from '../../src/database/database';
import { MIGRATIONS } from '../../src/database/migrations';
import { createTestDatabase, TestDatabase } from '../support/database';

describe('migrations', () => {
  let db: TestDatabase;
  let open: OpenDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    open = await openDatabase({ databaseUrl: db.url, dataDir: '/nonexistent', dbPoolSize: 2 });
  });
  afterAll(async () => {
    await open?.close();
    await db?.drop();
  });

  it('applies every migration to an empty database', async () => {
    const applied = await open.dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((r: { name: string }) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await open.dataSource.showMigrations()).toBe(false);
  });

  it('leaves nothing for a generated migration: entities and migrations agree', async () => {
    const sql = await open.dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });
});
