import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { RetentionRepository } from './retention.repository';

const EVERY_MS = 3_600_000;

/**
 * Deletes what is only kept for a while: events past the retention (never one a pending webhook
 * delivery still needs), finished deliveries with their attempts, and idempotency keys past their
 * 24 h. In small batches, so no statement holds locks for long; any process may run it.
 */
@Injectable()
export class RetentionWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RetentionWorker');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repo: RetentionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce().catch((err: unknown) => this.logger.warn({ err }, 'clean-up failed')), EVERY_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One clean-up pass; returns how many rows of each kind went. */
  runOnce(): Promise<{ events: number; deliveries: number; idempotencyKeys: number }> {
    return this.repo.purge(this.config.events.retentionHours);
  }
}
