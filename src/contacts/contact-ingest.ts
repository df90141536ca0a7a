import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { isGroupJid, isLidJid, isNewsletterJid, isUserJid, jidUser, LidMapping, SyncedContact } from '@app/whatsapp';
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
 * `lid-mappings`), message senders (both forms and push names), group members and the address
 * book the phone syncs (`contacts`: the names saved there, with the LIDs the entries reveal). The engine's
 * mapping store is backed by ours: it falls back to the stored pairs for what it does not know
 * (answerLidLookups), and a pair learnt here from elsewhere is handed to the live connection at
 * once, so its sends and blocks use it without asking WhatsApp. One piece of work at a time per
 * session, in arrival order.
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
    this.sessions.answerLidLookups(async (sessionId, jids) => (await this.repo.pairsNaming(sessionId, jids)).map((p) => ({ lid: p.lid, pn: p.phone_jid })));
    this.unsubscribe = [
      this.sessions.on('lid-mappings', (e) => this.run(e, () => this.learn(e, e.mappings))),
      this.sessions.on('messages', (e) => this.run(e, () => this.onMessages(e))),
      this.sessions.on('groups', (e) => this.run(e, () => this.onMembers(e, e.groups.flatMap((g) => g.participants)))),
      this.sessions.on('group-participants', (e) => this.run(e, () => this.onMembers(e, e.participants))),
      this.sessions.on('contacts', (e) => this.run(e, () => this.onContacts(e, e.contacts))),
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
    if (pairs.length) await this.teachEngine(e, await this.repo.learn(e.orgId, e.sessionId, pairs));
    await this.repo.note(e.orgId, e.sessionId, seen);
  }

  private async onMembers(scope: Scope, members: { jid: string; phoneNumber?: string; lid?: string }[]): Promise<void> {
    const seen = members.map((p) => ({ pn: pnOf(p.phoneNumber) ?? pnOf(p.jid), lid: lidOf(p.lid) ?? lidOf(p.jid) }));
    const pairs = seen.filter((s) => s.pn && s.lid).map((s) => ({ lid: s.lid!, pn: s.pn! }));
    if (pairs.length) await this.teachEngine(scope, await this.repo.learn(scope.orgId, scope.sessionId, pairs));
    await this.repo.note(scope.orgId, scope.sessionId, seen);
  }

  /** People WhatsApp told about (address book, display names): their pairs first, so the names land on the one row of each. */
  private async onContacts(scope: Scope, contacts: SyncedContact[]): Promise<void> {
    const seen: Sighting[] = contacts.map((c) => ({ pn: pnOf(c.phoneJid) ?? pnOf(c.jid), lid: lidOf(c.lid) ?? lidOf(c.jid), name: c.name, pushName: c.notify }));
    const pairs = seen.filter((s) => s.pn && s.lid).map((s) => ({ lid: s.lid!, pn: s.pn! }));
    if (pairs.length) await this.teachEngine(scope, await this.repo.learn(scope.orgId, scope.sessionId, pairs));
    await this.repo.note(scope.orgId, scope.sessionId, seen);
  }

  /**
   * Pairs new to the store, learnt from what the engine did not put in its own mapping store (a
   * group's member list, a message's attributes), handed to the live connection: it may have
   * looked the person up before and remembered that it knew nothing.
   */
  private async teachEngine(scope: Scope, learnt: LidMapping[]): Promise<void> {
    const connection = learnt.length ? this.sessions.connection(scope.sessionId) : undefined;
    if (connection) await connection.contacts.learn(learnt);
  }
}
