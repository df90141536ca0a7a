import { EventEmitter } from 'node:events';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OutboundContent, WhatsAppConnection } from '@app/whatsapp';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { EventsNotifier } from '../../events/events.notifier';
import { SessionAccess } from '../../sessions';
import { MessageEntity } from '../entities/message.entity';
import { MessagesRepository } from '../messages.repository';
import { retryDelay, sendInterval } from './pacing';
import { sendFailure, SendFailure } from './send-errors';
import { QueueHead, TypingSchedule } from './typing';
import { ReadMarks } from '../read-marks';

/** How many chats' head messages the worker looks at to find one ready to leave. */
const QUEUE_HEADS = 100;

/** What is stored in `messages.outbound`: the content without its media bytes, and what it quotes. */
export type StoredOutbound = DistributiveOmit<OutboundContent, 'data'> & { quotedMessageId?: string; typingMs?: number };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Sends the durable outbound queue of the sessions connected in this process. Only the process
 * holding a session's lease has its connection, so only it sends that session's messages; one
 * loop per session sends them in order, paced. Each attempt is counted before the send, and the
 * WhatsApp id was fixed when the message was stored, so a crash mid-send leads to a retry with
 * the same id, which WhatsApp dedupes: the message arrives once.
 */
@Injectable()
export class OutboundWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboundWorker');
  private readonly loops = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly nextSendAt = new Map<string, number>();
  private readonly retryAt = new Map<string, number>();
  private readonly outcomes = new EventEmitter().setMaxListeners(0);
  private readonly typing = new TypingSchedule();
  /** Per session: the wake-up at the end of the earliest typing still under way. */
  private readonly typingTimers = new Map<string, NodeJS.Timeout>();
  /** Messages whose chat was marked read already (markReadOnReply). */
  private readonly readBefore = new Set<string>();
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private offConnected?: () => void;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: MessagesRepository,
    private readonly sessions: SessionAccess,
    private readonly notifier: EventsNotifier,
    private readonly readMarks: ReadMarks,
  ) {}

  onApplicationBootstrap(): void {
    this.offConnected = this.sessions.on('connected', this.onConnected);
    // A message queued by another process for a session this one runs.
    this.unsubscribe = this.notifier.subscribe('outbound', (sessionId) => (sessionId === '*' ? void this.poll() : this.kick(sessionId)));
    this.timer = setInterval(() => void this.poll(), this.config.messages.outboundPollMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    for (const t of this.typingTimers.values()) clearTimeout(t);
    this.unsubscribe?.();
    this.offConnected?.();
    // A send in flight finishes (or the process dies and it is retried with the same id).
    await Promise.race([Promise.all(this.loops.values()), new Promise((r) => setTimeout(r, 5000).unref())]);
  }

  /** Sends the session's queue now if it is connected here. */
  kick(sessionId: string): void {
    if (this.stopping || !this.sessions.connection(sessionId)) return;
    if (this.loops.has(sessionId)) {
      this.again.add(sessionId);
      return;
    }
    const loop = this.drain(sessionId)
      .catch((err: unknown) => this.logger.error({ err, sessionId }, 'sending the queue failed'))
      .finally(() => {
        this.loops.delete(sessionId);
        if (this.again.delete(sessionId)) this.kick(sessionId);
      });
    this.loops.set(sessionId, loop);
  }

  /** Resolves when the message was sent or failed here, or after `ms`, whichever comes first. */
  waitForOutcome(id: string, ms: number, isDone?: () => Promise<boolean>): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      let poll: NodeJS.Timeout | undefined;
      const finish = () => {
        clearTimeout(timer);
        clearTimeout(poll);
        this.outcomes.off(id, finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.outcomes.once(id, finish);
      // Another process owns the session: look at the row now and then.
      const check = () => {
        if (isDone) poll = setTimeout(() => void isDone().then((done) => (done ? finish() : check()), check), 250);
      };
      check();
    });
  }

  private readonly onConnected = ({ sessionId }: { sessionId: string }) => {
    this.retryAt.delete(sessionId);
    this.kick(sessionId);
  };

  /** Fallback: messages stored by another process while a notification was missed, retries that are due. */
  private async poll(): Promise<void> {
    try {
      const now = Date.now();
      const sessions = await this.repo.sessionsWithQueued();
      for (const id of sessions) if ((this.retryAt.get(id) ?? 0) <= now) this.kick(id);
    } catch (err) {
      this.logger.warn({ err }, 'polling the outbound queue failed');
    }
  }

  private async drain(sessionId: string): Promise<void> {
    const { sendMaxAttempts } = this.config.messages;
    while (!this.stopping) {
      const conn = this.sessions.connection(sessionId);
      if (!conn) return;
      const msg = await this.nextReady(sessionId, conn);
      if (!msg) return;
      await this.pace(sessionId);
      await this.readBeforeReply(conn, msg);
      if (this.sessions.connection(sessionId) !== conn) return;
      const attempts = await this.repo.countAttempt(msg.id);
      if (!attempts) continue; // no longer queued
      if (attempts > sendMaxAttempts) {
        await this.fail(msg, { code: 'gave_up', message: 'gave up after repeated attempts' });
        continue;
      }
      try {
        const content = await this.contentOf(msg);
        const quoted = msg.outbound?.quotedMessageId ? await this.repo.findById(sessionId, String(msg.outbound.quotedMessageId)) : null;
        const sent = await conn.messages.send(msg.chatJid, content, { messageId: msg.waMessageId, quotedRaw: quoted?.raw ?? undefined });
        await this.repo.markSent(msg, sent.raw, sent.timestamp);
        this.forget(msg.id);
        this.outcomes.emit(msg.id);
      } catch (e) {
        const failure = sendFailure(e);
        const error = { code: failure.code, cause: failure.message };
        if (failure.code === 'connection_closed' || this.sessions.connection(sessionId) !== conn) {
          // The connection dropped (the supervisor may not know yet): the message stays queued,
          // the attempt does not count, and it goes (same id) once the session is connected again.
          this.logger.warn({ sessionId, id: msg.id, error }, 'send interrupted by a disconnect; kept queued');
          await this.repo.uncountAttempt(msg.id);
          return;
        }
        if (attempts >= sendMaxAttempts) {
          this.logger.warn({ sessionId, id: msg.id, attempts, error }, 'send failed; giving up');
          await this.fail(msg, failure);
          continue;
        }
        this.logger.warn({ sessionId, id: msg.id, attempts, error }, 'send failed; will retry');
        // Keep the order: the session's queue waits for this message's retry.
        this.retryAt.set(sessionId, Date.now() + retryDelay(attempts));
        return;
      }
    }
  }

  private async fail(msg: MessageEntity, failure: SendFailure): Promise<void> {
    await this.repo.markFailed(msg, failure);
    this.forget(msg.id);
    this.outcomes.emit(msg.id);
  }

  /**
   * The oldest chat head ready to leave (see TypingSchedule): heads with `typingMs` start showing
   * typing and wait for it while the other chats' heads go. None ready: wake up when the first
   * typing ends.
   */
  private async nextReady(sessionId: string, conn: WhatsAppConnection): Promise<(MessageEntity & { outboundMedia: Buffer | null }) | null> {
    for (;;) {
      const heads = await this.repo.queuedHeads(sessionId, QUEUE_HEADS);
      if (!heads.length) return null;
      const { ready, wakeAt } = this.typing.pick(heads, Date.now(), (h) => this.startTyping(sessionId, conn, h));
      if (!ready) {
        if (wakeAt !== undefined) this.wakeAt(sessionId, wakeAt);
        return null;
      }
      const msg = await this.repo.queuedById(sessionId, ready.id);
      if (msg) return msg;
    }
  }

  private startTyping(sessionId: string, conn: WhatsAppConnection, head: QueueHead): void {
    void (async () => {
      await this.readBeforeReply(conn, { id: head.id, orgId: head.orgId, sessionId, chatJid: head.chatJid });
      await conn.presence.sendChatState(head.chatJid, head.recording ? 'recording' : 'composing');
    })().catch((err: unknown) => this.logger.warn({ err, sessionId, id: head.id }, 'showing typing failed; the message goes after its typing time anyway'));
  }

  private wakeAt(sessionId: string, at: number): void {
    clearTimeout(this.typingTimers.get(sessionId));
    const timer = setTimeout(() => {
      this.typingTimers.delete(sessionId);
      this.kick(sessionId);
    }, Math.max(0, at - Date.now()) + 5);
    timer.unref();
    this.typingTimers.set(sessionId, timer);
  }

  /** With the session's `markReadOnReply` setting, the chat is marked read (once per message) before the reply shows typing or leaves. */
  private async readBeforeReply(conn: WhatsAppConnection, msg: { id: string; orgId: string; sessionId: string; chatJid: string }): Promise<void> {
    if (this.readBefore.has(msg.id)) return;
    this.readBefore.add(msg.id);
    try {
      const session = await this.sessions.require(msg.orgId, msg.sessionId);
      if (session.markReadOnReply) await this.readMarks.markChatRead(conn, msg.sessionId, msg.chatJid);
    } catch (err) {
      this.logger.warn({ err, sessionId: msg.sessionId, id: msg.id }, 'marking the chat read before a reply failed; sending anyway');
    }
  }

  private forget(id: string): void {
    this.typing.done(id);
    this.readBefore.delete(id);
  }

  private async pace(sessionId: string): Promise<void> {
    const { sendRatePerSecond, sendJitterMs } = this.config.messages;
    const wait = (this.nextSendAt.get(sessionId) ?? 0) - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const interval = sendInterval(sendRatePerSecond, sendJitterMs);
    if (interval) this.nextSendAt.set(sessionId, Date.now() + interval);
  }

  private async contentOf(msg: MessageEntity & { outboundMedia?: Buffer | null }): Promise<OutboundContent> {
    const { quotedMessageId: _q, typingMs: _t, ...content } = (msg.outbound ?? {}) as StoredOutbound;
    if ('mimetype' in content) return { ...content, data: msg.outboundMedia ?? Buffer.alloc(0) } as OutboundContent;
    return content as OutboundContent;
  }
}
