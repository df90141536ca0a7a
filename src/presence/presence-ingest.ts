import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { KeyedQueue } from '../common/keyed-queue';
import { LidDirectory } from '../contacts';
import { SessionAccess } from '../sessions';
import { PresenceRepository } from './presence.repository';

/**
 * Stores the presence WhatsApp reports for subscribed users and records `presence.update` events
 * (naming the user by both forms where the session knows them), one report at a time per
 * session, in arrival order. Nothing is held: presence is not something
 * WhatsApp delivers again, and a lost one is superseded by the next.
 */
@Injectable()
export class PresenceIngest implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('PresenceIngest');
  private readonly queue = new KeyedQueue();
  private readonly pending = new Set<Promise<unknown>>();
  private unsubscribe?: () => void;

  constructor(
    private readonly sessions: SessionAccess,
    private readonly repo: PresenceRepository,
    private readonly lids: LidDirectory,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.sessions.on('presence', (e) => {
      const at = new Date();
      const done = this.queue
        .run(e.sessionId, async () => {
          const forms = await this.lids.formsOf(e.sessionId, e.updates.map((u) => u.jid));
          await this.repo.apply(e.orgId, e.sessionId, e.updates, at, forms);
        })
        .catch((err: unknown) => this.logger.warn({ err, sessionId: e.sessionId }, 'storing a presence update failed'));
      this.pending.add(done);
      void done.finally(() => this.pending.delete(done));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await Promise.allSettled([...this.pending]);
  }
}
