import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { OpenDatabase, openDatabase } from './database';

const OPEN_DATABASE = Symbol('OPEN_DATABASE');

/** Closes the pool, then the embedded server, after every other module has shut down. */
@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(OPEN_DATABASE) private readonly db: OpenDatabase) {}
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

@Global()
@Module({
  providers: [
    { provide: OPEN_DATABASE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => openDatabase(config) },
    { provide: DataSource, inject: [OPEN_DATABASE], useFactory: (db: OpenDatabase) => db.dataSource },
    DatabaseLifecycle,
  ],
  exports: [DataSource],
})
export class DatabaseModule {}
