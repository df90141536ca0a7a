import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { isGroupJid, isLidJid, isNewsletterJid, isUserJid, jidUser, LidMapping } from '@app/whatsapp';
import { KeyedQueue } from '../common/keyed-queue';
import { SessionAccess, SessionEventMap } from '../sessions';
import { ContactsRepository, Sighting } from './contacts.repository';

type Scope = { sessionId: string; orgId: string };

const bare = (jid: string | undefined): string | undefined => (jid ? `${jidUser(jid)}@${jid.slice(jid.lastIndexOf('@') + 1)}` : undefined);
const pnOf = (jid: string | undefined) => (jid && isUserJid(jid) ? bare(jid) : undefined);
const lidOf = (jid: string | undefined) => (jid && isLidJid(jid) ? bare(jid) : undefined);

/**
 * Keeps the contacts and LID ↔ phone number pairs of each session from what WhatsApp reveals:
 * the engine's own mapping store (message attributes, usync answers, history and contact sync:
 * `lid-mappings`), message senders (both forms and push names) and group members. When a
 * session connects, the stored pairs are handed to the engine, so its sends and blocks need not
 * ask WhatsApp again. One piece of work at a time per session, in arrival order.
 */
@Injectable()
export class ContactIngest implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ContactIngest');
  private readonly queue = new KeyedQueue();
  private readonly pending = new Set<Promise<unknown>>();
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly sessions: SessionAccess,
    private readonly repo: ContactsRepository,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = [
      this.sessions.on('lid-mappings', (e) => this.run(e, () => this.learn(e, e.mappings))),
      this.sessions.on('messages', (e) => this.run(e, () => this.onMessages(e))),
      this.sessions.on('groups', (e) => this.run(e, () => this.onMembers(e, e.groups.flatMap((g) => g.participants)))),
      this.sessions.on('group-participants', (e) => this.run(e, () => this.onMembers(e, e.participants))),
      this.sessions.on('connected', (e) => this.run(e, () => this.teachEngine(e))),
    ];
  }

  async onApplicationShutdown(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    await this.idle();
  }

  /** Resolves once everything received so far is stored. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private run(scope: Scope, work: () => Promise<void>): void {
    const done = this.queue.run(scope.sessionId, work).catch((err: unknown) => this.logger.warn({ err, sessionId: scope.sessionId }, 'storing contacts failed'));
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
  }

  private async learn(scope: Scope, mappings: LidMapping[]): Promise<void> {
    await this.repo.learn(scope.orgId, scope.sessionId, mappings);
  }

  private async onMessages(e: SessionEventMap['messages'][0]): Promise<void> {
    const seen: Sighting[] = [];
    const pairs: LidMapping[] = [];
    for (const m of e.messages) {
      if (m.fromMe || isNewsletterJid(m.chatJid)) continue;
      const sender = m.sender ?? (isGroupJid(m.chatJid) ? undefined : m.chatJid);
      const pn = pnOf(m.senderPn) ?? pnOf(sender);
      const lid = lidOf(m.senderLid) ?? lidOf(sender);
      if (!pn && !lid) continue;
      seen.push({ pn, lid, pushName: m.pushName });
      if (pn && lid) pairs.push({ lid, pn });
    }
    if (pairs.length) await this.repo.learn(e.orgId, e.sessionId, pairs);
    await this.repo.note(e.orgId, e.sessionId, seen);
  }

  private async onMembers(scope: Scope, members: { jid: string; phoneNumber?: string; lid?: string }[]): Promise<void> {
    const seen = members.map((p) => ({ pn: pnOf(p.phoneNumber) ?? pnOf(p.jid), lid: lidOf(p.lid) ?? lidOf(p.jid) }));
    const pairs = seen.filter((s) => s.pn && s.lid).map((s) => ({ lid: s.lid!, pn: s.pn! }));
    if (pairs.length) await this.repo.learn(scope.orgId, scope.sessionId, pairs);
    await this.repo.note(scope.orgId, scope.sessionId, seen);
  }

  /** The engine's mapping store, backed by ours: what this session learnt before is known to the new connection. */
  private async teachEngine(e: SessionEventMap['connected'][0]): Promise<void> {
    const stored = await this.repo.mappingsOf(e.sessionId);
    if (stored.length) await e.connection.contacts.learn(stored.map((s) => ({ lid: s.lid, pn: s.phoneJid })));
  }
}
