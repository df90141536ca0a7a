import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { GroupChange, GroupParticipantsChange, jidUser } from '@app/whatsapp';
import { KeyedQueue } from '../common/keyed-queue';
import { SessionAccess, SessionEventMap } from '../sessions';
import { GroupEvents } from './group-events';
import { GroupsRepository } from './groups.repository';

type Scope = { sessionId: string; orgId: string };

/**
 * Keeps the stored groups as WhatsApp's notifications describe them, and records the `group.*`
 * events: groups joined or created (whole), subject/description/settings changed, members
 * added, removed, promoted or demoted (the session itself included: joined, left). A change to a
 * group not stored yet makes it read whole from WhatsApp. One notification at a time per session,
 * in arrival order.
 */
@Injectable()
export class GroupIngest implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('GroupIngest');
  private readonly queue = new KeyedQueue();
  private readonly pending = new Set<Promise<unknown>>();
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly sessions: SessionAccess,
    private readonly repo: GroupsRepository,
    private readonly events: GroupEvents,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = [
      this.sessions.on('groups', (e) => this.run(e, () => this.onGroups(e))),
      this.sessions.on('group-changes', (e) => this.run(e, () => this.onChanges(e, e.changes))),
      this.sessions.on('group-participants', (e) => this.run(e, () => this.onParticipants(e, e))),
    ];
    this.sessions.answerGroupLookups((sessionId, jid) => this.repo.metadataOf(sessionId, jid));
  }

  async onApplicationShutdown(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    await Promise.allSettled([...this.pending]);
  }

  private run(scope: Scope, work: () => Promise<void>): void {
    const done = this.queue
      .run(scope.sessionId, work)
      .catch((err: unknown) => this.logger.warn({ err, sessionId: scope.sessionId }, 'storing a group notification failed'));
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
  }

  private async onGroups(e: SessionEventMap['groups'][0]): Promise<void> {
    await this.repo.saveWhole(e.orgId, e.sessionId, e.groups, (before, after) => this.events.joined(e.orgId, e.sessionId, before, after));
  }

  private async onChanges(scope: Scope, changes: GroupChange[]): Promise<void> {
    for (const change of changes) {
      const stored = await this.repo.applyChange(scope.sessionId, change, () => this.events.updated(scope.orgId, scope.sessionId, change));
      if (!stored) await this.readWhole(scope, change.jid);
    }
  }

  private async onParticipants(scope: Scope, change: GroupParticipantsChange): Promise<void> {
    const session = await this.sessions.require(scope.orgId, scope.sessionId);
    const mine = new Set([session.jid, session.lid].filter((j): j is string => Boolean(j)).map(jidUser));
    const isMe = (p: { jid: string; phoneNumber?: string; lid?: string }) => [p.jid, p.phoneNumber, p.lid].some((j) => j && mine.has(jidUser(j)));
    const meAdded = change.action === 'add' && change.participants.some(isMe);
    const stored = await this.repo.applyParticipants(scope.sessionId, change, isMe, (g, wasMember) => {
      const events = [this.events.participants(scope.orgId, scope.sessionId, change)];
      if (wasMember && !g.member) events.push(this.events.left(scope.orgId, scope.sessionId, g, change.by));
      if (!wasMember && g.member) events.push(...this.events.joined(scope.orgId, scope.sessionId, { ...g, member: false }, g, change.by));
      return events;
    });
    // Added to a group not stored yet (or any change to one): read it whole (group.joined when added).
    if (!stored && (meAdded || change.action !== 'remove')) await this.readWhole(scope, change.jid);
  }

  private async readWhole(scope: Scope, jid: string): Promise<void> {
    const connection = this.sessions.connection(scope.sessionId);
    if (!connection) return;
    const meta = await connection.groups.metadata(jid);
    await this.repo.saveWhole(scope.orgId, scope.sessionId, [meta], (before, after) => this.events.joined(scope.orgId, scope.sessionId, before, after));
  }
}
