import { Injectable } from '@nestjs/common';
import { UnavailableError } from '../common/errors';
import { HealthRepository } from './health.repository';

/** Whether this process can serve: the database answers and every migration is applied. */
@Injectable()
export class Readiness {
  constructor(private readonly repo: HealthRepository) {}

  async check(): Promise<Record<'database' | 'migrations', 'ok'>> {
    try {
      await this.repo.ping();
    } catch {
      throw new UnavailableError('database unreachable', { database: 'unreachable' });
    }
    if (await this.repo.migrationsPending()) {
      throw new UnavailableError('migrations pending', { migrations: 'pending' });
    }
    return { database: 'ok', migrations: 'ok' };
  }
}
