import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InboundMessage, isNewsletterJid } from '@app/whatsapp';
import { SessionAccess, SessionEventMap } from '../sessions';
import { ChannelsRepository } from './channels.repository';

type MessagesEvent = SessionEventMap['messages'][0];

/**
 * Stores channel posts as they arrive on this process's sessions (the messages feature skips
 * `@newsletter` chats). One batch at a time per session, in arrival order, so a post we sent is
 * stored before WhatsApp's echo of it is matched, and ids follow arrival order.
 */
@Injectable()
export class ChannelIngest implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ChannelIngest');
  private readonly chains = new Map<string, Promise<void>>();
  private unsubscribe?: () => void;

  constructor(
    private readonly sessions: SessionAccess,
    private readonly repo: ChannelsRepository,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.sessions.on('messages', (e) => this.onMessages(e));
  }

  /** Runs before the database closes: let stored-in-flight batches finish. */
  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await Promise.all(this.chains.values());
  }

  private onMessages({ sessionId, orgId, messages, hold }: MessagesEvent): void {
    const posts = messages.filter((m: InboundMessage) => isNewsletterJid(m.chatJid));
    if (!posts.length) return;
    const previous = this.chains.get(sessionId) ?? Promise.resolve();
    const stored = previous.then(() => this.repo.storePosts(orgId, sessionId, posts));
    hold(stored);
    const next = stored.then(
      () => undefined,
      (err: unknown) => this.logger.error({ err, sessionId, count: posts.length }, 'storing channel posts failed'),
    );
    this.chains.set(sessionId, next);
    void next.then(() => {
      if (this.chains.get(sessionId) === next) this.chains.delete(sessionId);
    });
  }
}
