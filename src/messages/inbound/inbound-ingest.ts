import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InboundMessage, isGroupJid, isLidJid, isNewsletterJid, StatusUpdate } from '@app/whatsapp';
import { DataSource, EntityManager } from 'typeorm';
import { newId } from '../../common/ids';
import { LidDirectory } from '../../contacts';
import { EventTypes } from '../../events/event-types';
import { NewEvent, OutboxService } from '../../events/outbox.service';
import { SessionAccess, SessionEventMap } from '../../sessions';
import { MessageDto } from '../dto/message.dto';
import { MessageEntity, MessageStatus } from '../entities/message.entity';
import { MessagesRepository } from '../messages.repository';
import { MessageChanges } from './message-changes';

/** One `messages` event's share of the batches: settles when all of its messages are committed. */
class Arrival {
  readonly stored: Promise<void>;
  private resolve!: () => void;
  reject!: (e: unknown) => void;

  constructor(private remaining: number) {
    this.stored = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  committed(): void {
    if (--this.remaining === 0) this.resolve();
  }
}

interface Pending {
  orgId: string;
  sessionId: string;
  message: InboundMessage;
  arrival: Arrival;
}

const MAX_BATCH = 1000;

/** 1:1 chats are keyed by the phone-number JID when known, so sends to a number and replies from its LID meet. */
export function canonicalChatJid(m: InboundMessage): string {
  return isLidJid(m.chatJid) && m.senderPn ? m.senderPn : m.chatJid;
}

/**
 * Stores what sessions of this process receive: every message once (unique per session, chat and
 * WhatsApp id), in batches (all messages that arrived while the previous batch was being written
 * go into the next one), with their chats' activity and `message.received` events in the same
 * transaction. Revokes, edits, reactions and poll votes are applied to the message they name in the
 * same transaction (MessageChanges). Receipts move outgoing messages forward. Channel posts
 * (@newsletter) are left to the channels feature.
 */
@Injectable()
export class InboundIngest implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('InboundIngest');
  private buffer: Pending[] = [];
  private statuses: { orgId: string; sessionId: string; updates: StatusUpdate[] }[] = [];
  private flushing?: Promise<void>;
  private scheduled = false;
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: MessagesRepository,
    private readonly outbox: OutboxService,
    private readonly sessions: SessionAccess,
    private readonly changes: MessageChanges,
    private readonly lids: LidDirectory,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = [this.sessions.on('messages', this.onMessages), this.sessions.on('statuses', this.onStatuses)];
    this.sessions.answerMessageLookups((sessionId, _chatJid, waMessageId) => this.repo.rawOf(sessionId, waMessageId));
  }

  async onModuleDestroy(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    await this.idle();
  }

  /** Resolves once everything received so far is written. */
  async idle(): Promise<void> {
    while (this.flushing || this.buffer.length || this.statuses.length) {
      if (!this.flushing) this.schedule();
      await (this.flushing ?? new Promise((r) => setImmediate(r)));
    }
  }

  /**
   * A change the session made through the API (an edit it sent), stored as one arriving from its
   * own devices: the same batch, MessageChanges rules and events. Resolves once committed.
   */
  async storeOwnChange(orgId: string, sessionId: string, message: InboundMessage): Promise<void> {
    const arrival = new Arrival(1);
    this.buffer.push({ orgId, sessionId, message, arrival });
    this.schedule();
    await arrival.stored;
  }

  private readonly onMessages = ({ sessionId, orgId, messages, hold }: SessionEventMap['messages'][0]) => {
    const folded: StatusUpdate[] = [];
    const mine = messages.filter((m) => !isNewsletterJid(m.chatJid));
    if (!mine.length) return;
    const arrival = new Arrival(mine.length);
    // WhatsApp gets the receipts once these are committed (or never, if storing them fails).
    hold(arrival.stored);
    for (const message of mine) {
      this.buffer.push({ orgId, sessionId, message, arrival });
      // A receipt folded into the engine's record of our own send: apply it like a receipt.
      if (message.fromMe && message.status && message.status !== 'sent') {
        folded.push({ chatJid: message.chatJid, waMessageId: message.waMessageId, fromMe: true, status: message.status });
      }
    }
    if (folded.length) this.statuses.push({ orgId, sessionId, updates: folded });
    this.schedule();
  };

  private readonly onStatuses = (e: { sessionId: string; orgId: string; updates: StatusUpdate[] }) => {
    this.statuses.push(e);
    this.schedule();
  };

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    // Next macrotask: everything emitted in this turn joins the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.flushAll().finally(() => {
        this.flushing = undefined;
        if (this.buffer.length || this.statuses.length) this.schedule();
      });
    });
  }

  private async flushAll(): Promise<void> {
    while (this.buffer.length) {
      const batch = this.buffer.splice(0, MAX_BATCH);
      await this.store(batch).then(
        () => batch.forEach((p) => p.arrival.committed()),
        (err: unknown) => {
          this.logger.error({ err, count: batch.length }, 'storing received messages failed; their receipts are withheld');
          batch.forEach((p) => p.arrival.reject(err));
        },
      );
    }
    const statuses = this.statuses.splice(0);
    const bySession = new Map<string, { orgId: string; sessionId: string; updates: StatusUpdate[] }>();
    for (const s of statuses) {
      const entry = bySession.get(s.sessionId) ?? { orgId: s.orgId, sessionId: s.sessionId, updates: [] };
      entry.updates.push(...s.updates);
      bySession.set(s.sessionId, entry);
    }
    for (const s of bySession.values()) {
      const updates = s.updates
        .filter((u) => u.fromMe && !isNewsletterJid(u.chatJid))
        .map((u) => ({ waMessageId: u.waMessageId, status: (u.status === 'played' ? 'read' : u.status) as MessageStatus }))
        .filter((u) => u.status !== 'failed');
      await this.repo.applyStatuses(s.orgId, s.sessionId, updates).catch((err: unknown) => this.logger.error({ err, sessionId: s.sessionId }, 'applying receipts failed'));
    }
  }

  private async store(batch: Pending[]): Promise<void> {
    const now = new Date();
    batch = await this.withBothForms(batch);
    // Revokes, edits and poll votes are no messages of their own: they change the one they name.
    const rows = batch.filter((p) => !p.message.change).map(({ orgId, sessionId, message: m }) => toRow(orgId, sessionId, m, now));
    const changes = batch.filter((p) => MessageChanges.isChange(p.message));
    await this.dataSource.transaction(async (manager) => {
      const events = rows.length ? await this.insert(manager, rows, now) : [];
      // After the inserts: a change may name a message of this very batch. Events last (see OutboxService).
      events.push(...(await this.changes.apply(manager, changes)));
      await this.outbox.recordMany(manager, events);
    });
  }

  /**
   * Each message with both forms of its sender where its session knows the pair (LidDirectory),
   * so a LID-only message joins the number's chat and events name both forms.
   */
  private async withBothForms(batch: Pending[]): Promise<Pending[]> {
    const bySession = new Map<string, Pending[]>();
    for (const p of batch) bySession.get(p.sessionId)?.push(p) ?? bySession.set(p.sessionId, [p]);
    const done = new Map<Pending, InboundMessage>();
    for (const [sessionId, ps] of bySession) {
      const completed = await this.lids.completeSenders(sessionId, ps.map((p) => p.message));
      ps.forEach((p, i) => done.set(p, completed[i]));
    }
    return batch.map((p) => (done.get(p) === p.message ? p : { ...p, message: done.get(p)! }));
  }

  /** Inserts new messages (duplicates are skipped) with their chats' activity; their `message.received` events. */
  private async insert(manager: EntityManager, rows: MessageEntity[], now: Date): Promise<NewEvent[]> {
    const inserted = await this.repo.insertReceived(manager, rows, now);
    if (!inserted.length) return [];
    const ids = new Set(inserted.map((r) => r.id));
    const stored = rows.filter((r) => ids.has(r.id));
    await this.repo.touchChats(
      manager,
      stored.map((r) => ({ sessionId: r.sessionId, orgId: r.orgId, jid: r.chatJid, at: r.timestamp, messageId: r.id, name: !r.fromMe && !isGroupJid(r.chatJid) ? r.pushName : null })),
    );
    return stored.map((r) => ({ type: EventTypes.MESSAGE_RECEIVED, orgId: r.orgId, sessionId: r.sessionId, occurredAt: r.timestamp, data: { ...MessageDto.from(r) } }));
  }
}

function toRow(orgId: string, sessionId: string, m: InboundMessage, now: Date): MessageEntity {
  return Object.assign(new MessageEntity(), {
    id: newId(),
    orgId,
    sessionId,
    chatJid: canonicalChatJid(m),
    waMessageId: m.waMessageId,
    fromMe: m.fromMe,
    senderJid: m.fromMe ? null : (m.sender ?? null),
    senderPn: m.fromMe ? null : (m.senderPn ?? null),
    senderLid: m.fromMe ? null : (m.senderLid ?? null),
    pushName: m.pushName ?? null,
    type: m.type,
    text: m.text ?? null,
    media: m.media ?? null,
    location: m.location ?? null,
    contact: m.contact ?? null,
    reaction: m.reaction ? { targetId: m.reaction.targetId, emoji: m.reaction.emoji } : null,
    poll: m.poll ?? null,
    replyTo: m.quotedId ?? null,
    status: m.fromMe ? 'sent' : null,
    error: null,
    errorCode: null,
    attempts: 0,
    raw: m.raw,
    outbound: null,
    outboundMedia: null,
    revokedAt: null,
    editedAt: null,
    reactions: null,
    pollVotes: null,
    timestamp: m.timestamp,
    createdAt: now,
    updatedAt: now,
  } satisfies Omit<MessageEntity, 'session'>);
}
