import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SafeTypeOrmLogger } from './typeorm-logger';

/** Standalone: imports no application module, so the migration CLI can load it. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    // Never TypeORM's console loggers: they print query parameters (see SafeTypeOrmLogger).
    logger: new SafeTypeOrmLogger(),
    extra: { max: poolSize, connectionTimeoutMillis: 10_000 },
  };
}

// Used by `npm run migration:generate` / `migration:run` (TypeORM CLI).
const cliUrl = process.env.DATABASE_URL;
export default new DataSource(dataSourceOptions(cliUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres'));
