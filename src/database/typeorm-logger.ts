import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's own logging, through the gateway's logger, without query parameters ever: TypeORM's
 * built-in loggers print `parameters` with failed and slow queries, and those are message text,
 * captions and secrets. A failed query is not logged here at all: its error reaches the caller,
 * which logs it through the error serializer (SQL text, never values).
 */
export class SafeTypeOrmLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('TypeORM');

  logQuery(): void {
    // Never: every query with its parameters.
  }

  logQueryError(): void {
    // The caller gets the QueryFailedError and logs it without its parameters.
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ durationMs: time, query: query.length > 2000 ? `${query.slice(0, 2000)}...` : query }, 'slow query');
  }

  logSchemaBuild(): void {
    // Never: schema building is not used (migrations only).
  }

  logMigration(): void {
    // Quiet, as TypeORM is by default: the CLI's stdout carries only its result (the API key).
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    // Warnings only (the rest is chatter), and only TypeORM's own strings: an object could carry values.
    if (level === 'warn') this.logger.warn(typeof message === 'string' ? message : 'TypeORM warning (not a string; not logged)');
  }
}
