import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnavailableError } from '../common/errors';

/** Whether this process can serve: the database answers and every migration is applied. */
@Injectable()
export class Readiness {
  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<Record<'database' | 'migrations', 'ok'>> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new UnavailableError('database unreachable', { database: 'unreachable' });
    }
    if (await this.dataSource.showMigrations()) {
      throw new UnavailableError('migrations pending', { migrations: 'pending' });
    }
    return { database: 'ok', migrations: 'ok' };
  }
}
