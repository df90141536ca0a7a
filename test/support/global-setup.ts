import { Client } from 'pg';
import { adminUrl } from './database';

/** Fails fast, with a useful message, when the PostgreSQL server the suite needs is not there. */
export default async function setup(): Promise<void> {
  const client = new Client({ connectionString: adminUrl(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new Error(`The tests need PostgreSQL at ${adminUrl()} (set TEST_DATABASE_URL): ${(e as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}
