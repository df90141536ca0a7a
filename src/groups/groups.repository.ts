import { Injectable } from '@nestjs/common';
import type { GroupChange, GroupMetadata, GroupParticipant, GroupParticipantsChange } from '@app/whatsapp';
import { DataSource, EntityManager } from 'typeorm';
import { newId } from '../common/ids';
import { CursorPosition } from '../common/pagination';
import { NewEvent, OutboxService } from '../events/outbox.service';
import { GroupEntity } from './entities/group.entity';

/** The groups one session is (or was) in, always scoped to the session (and the session to its organization). */
@Injectable()
export class GroupsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  private repo(m: EntityManager = this.dataSource.manager) {
    return m.getRepository(GroupEntity);
  }

  findById(sessionId: string, id: string): Promise<GroupEntity | null> {
    return this.repo().findOneBy({ sessionId, id });
  }

  find(sessionId: string, jid: string): Promise<GroupEntity | null> {
    return this.repo().findOneBy({ sessionId, jid });
  }

  /** A group the session is in, in the port's terms (what a send to it needs); undefined when not stored or left. */
  async metadataOf(sessionId: string, jid: string): Promise<GroupMetadata | undefined> {
    const g = await this.find(sessionId, jid);
    if (!g?.member) return undefined;
    return {
      jid: g.jid,
      subject: g.subject,
      subjectBy: g.subjectBy ?? undefined,
      subjectAt: g.subjectAt ?? undefined,
      description: g.description ?? undefined,
      descriptionId: g.descriptionId ?? undefined,
      owner: g.owner ?? undefined,
      createdAt: g.waCreatedAt ?? undefined,
      announce: g.announce,
      locked: g.locked,
      addressingMode: g.addressingMode ?? undefined,
      participants: g.participants,
    };
  }

  /** Groups the session is in, newest first on (created_at, id); `limit + 1` rows. */
  page(sessionId: string, limit: number, after?: CursorPosition): Promise<GroupEntity[]> {
    const qb = this.repo()
      .createQueryBuilder('g')
      .where('g.session_id = :sessionId AND g.member', { sessionId })
      .orderBy('g.created_at', 'DESC')
      .addOrderBy('g.id', 'DESC')
      .take(limit + 1);
    if (after) qb.andWhere('(g.created_at, g.id) < (:at, :id)', { at: after[0], id: after[1] });
    return qb.getMany();
  }

  /**
   * Stores groups as WhatsApp described them whole (the session is a member of each), with the
   * events `eventsFor` makes from what was stored before (undefined: none): one transaction.
   */
  async saveWhole(
    orgId: string,
    sessionId: string,
    groups: GroupMetadata[],
    eventsFor: (before: GroupEntity | undefined, after: GroupEntity) => NewEvent[] = () => [],
  ): Promise<GroupEntity[]> {
    return this.dataSource.transaction(async (m) => {
      const saved: GroupEntity[] = [];
      const events: NewEvent[] = [];
      for (const g of groups) {
        const now = new Date();
        const fields = {
          subject: g.subject,
          subjectBy: g.subjectBy ?? null,
          subjectAt: g.subjectAt ?? null,
          description: g.description ?? null,
          descriptionId: g.descriptionId ?? null,
          owner: g.owner ?? null,
          waCreatedAt: g.createdAt ?? null,
          announce: g.announce,
          locked: g.locked,
          addressingMode: g.addressingMode ?? null,
          participants: g.participants,
          member: true,
          metadataAt: now,
          updatedAt: now,
        } satisfies Partial<GroupEntity>;
        // The notification of a change and the answer to it may store the same group at once:
        // the first insert wins, the other updates the row it finds (locked).
        const fresh = Object.assign(new GroupEntity(), { id: newId(), sessionId, orgId, jid: g.jid, createdAt: now }, fields);
        const inserted = await m.createQueryBuilder().insert().into(GroupEntity).values(fresh).orIgnore().returning(['id']).execute();
        if (inserted.raw?.length) {
          saved.push(fresh);
          events.push(...eventsFor(undefined, fresh));
          continue;
        }
        const row = (await this.locked(m, sessionId, g.jid))!;
        const before = { ...row, participants: [...row.participants] };
        Object.assign(row, fields);
        await this.repo(m).save(row);
        saved.push(row);
        events.push(...eventsFor(before, row));
      }
      await this.outbox.recordMany(m, events);
      return saved;
    });
  }

  /**
   * Applies a change from a notification to a stored group (nothing when the group is not stored:
   * the caller reads it whole instead); the event `eventFor` makes of it, in the same transaction.
   */
  async applyChange(sessionId: string, change: GroupChange, eventFor: (g: GroupEntity) => NewEvent | undefined): Promise<GroupEntity | undefined> {
    return this.dataSource.transaction(async (m) => {
      const g = await this.locked(m, sessionId, change.jid);
      if (!g) return undefined;
      if (change.subject !== undefined) Object.assign(g, { subject: change.subject, subjectBy: change.by ?? null, subjectAt: new Date() });
      if (change.description !== undefined) g.description = change.description || null;
      if (change.announce !== undefined) g.announce = change.announce;
      if (change.locked !== undefined) g.locked = change.locked;
      g.updatedAt = new Date();
      await this.repo(m).save(g);
      const event = eventFor(g);
      if (event) await this.outbox.recordMany(m, [event]);
      return g;
    });
  }

  /**
   * Applies members added, removed, promoted or demoted to a stored group; `isMe` tells whether a
   * participant is the session itself (its removal: no longer a member). The events `eventsFor`
   * makes, in the same transaction. Undefined when the group is not stored.
   */
  async applyParticipants(
    sessionId: string,
    change: GroupParticipantsChange,
    isMe: (p: { jid: string; phoneNumber?: string; lid?: string }) => boolean,
    eventsFor: (g: GroupEntity, wasMember: boolean) => NewEvent[],
  ): Promise<GroupEntity | undefined> {
    return this.dataSource.transaction(async (m) => {
      const g = await this.locked(m, sessionId, change.jid);
      if (!g) return undefined;
      const wasMember = g.member;
      const same = (a: GroupParticipant, b: { jid: string; phoneNumber?: string; lid?: string }) =>
        [a.jid, a.phoneNumber, a.lid].some((x) => x && (x === b.jid || x === b.phoneNumber || x === b.lid));
      let participants = [...g.participants];
      for (const p of change.participants) {
        const existing = participants.find((q) => same(q, p));
        if (change.action === 'add' && !existing) participants.push({ jid: p.jid, phoneNumber: p.phoneNumber, lid: p.lid, role: 'member' });
        if (change.action === 'remove') participants = participants.filter((q) => !same(q, p));
        if (existing && (change.action === 'promote' || change.action === 'demote')) existing.role = change.action === 'promote' ? 'admin' : 'member';
        if (isMe(p) && change.action === 'add') g.member = true;
        if (isMe(p) && change.action === 'remove') g.member = false;
      }
      g.participants = participants;
      g.updatedAt = new Date();
      await this.repo(m).save(g);
      await this.outbox.recordMany(m, eventsFor(g, wasMember));
      return g;
    });
  }

  /** The session left (or was removed): kept, no longer a member; the event in the same transaction. */
  async markLeft(sessionId: string, jid: string, eventFor: (g: GroupEntity) => NewEvent | undefined): Promise<GroupEntity | undefined> {
    return this.dataSource.transaction(async (m) => {
      const g = await this.locked(m, sessionId, jid);
      if (!g || !g.member) return g ?? undefined;
      g.member = false;
      g.updatedAt = new Date();
      await this.repo(m).save(g);
      const event = eventFor(g);
      if (event) await this.outbox.recordMany(m, [event]);
      return g;
    });
  }

  /** Groups stored as joined that WhatsApp no longer lists (left while this process was away). */
  async notListed(sessionId: string, listed: string[]): Promise<string[]> {
    const rows: { jid: string }[] = await this.dataSource.query('SELECT jid FROM groups WHERE session_id = $1 AND member AND NOT (jid = ANY($2))', [sessionId, listed]);
    return rows.map((r) => r.jid);
  }

  private async locked(m: EntityManager, sessionId: string, jid: string): Promise<GroupEntity | null> {
    return this.repo(m).findOne({ where: { sessionId, jid }, lock: { mode: 'pessimistic_write' } });
  }
}
