import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config';
import { dataSourceOptions } from './data-source';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';

export interface OpenDatabase {
  dataSource: DataSource;
  embedded?: EmbeddedPostgres;
  close(): Promise<void>;
}

/** Connects (starting embedded PostgreSQL when no DATABASE_URL is set) and applies migrations. */
export async function openDatabase(config: Pick<AppConfig, 'databaseUrl' | 'dataDir' | 'dbPoolSize'>): Promise<OpenDatabase> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, config.dbPoolSize + 10);
  const url = config.databaseUrl ?? embedded!.url;
  const dataSource = new DataSource(dataSourceOptions(url, config.dbPoolSize));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw e;
  }
  return {
    dataSource,
    embedded,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
