import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What readiness asks the database. */
@Injectable()
export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  migrationsPending(): Promise<boolean> {
    return this.dataSource.showMigrations();
  }
}
