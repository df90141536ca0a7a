import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CursorPosition } from '../common/pagination';
import { EventTypes } from '../events/event-types';
import { OutboxService } from '../events/outbox.service';
import { SessionEntity, SessionStatus } from './entities/session.entity';

export type RuntimePatch = Partial<
  Pick<SessionEntity, 'status' | 'desiredState' | 'phoneNumber' | 'jid' | 'lid' | 'pushName' | 'lastError' | 'qr' | 'qrExpiresAt' | 'connectedAt'>
>;

@Injectable()
export class SessionsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  private repo(manager: EntityManager = this.dataSource.manager) {
    return manager.getRepository(SessionEntity);
  }

  findInOrg(orgId: string, id: string): Promise<SessionEntity | null> {
    return this.repo().findOneBy({ orgId, id });
  }

  findById(id: string): Promise<SessionEntity | null> {
    return this.repo().findOneBy({ id });
  }

  nameTaken(orgId: string, name: string, exceptId?: string): Promise<boolean> {
    return this.repo()
      .createQueryBuilder('s')
      .where('s.org_id = :orgId AND s.name = :name', { orgId, name })
      .andWhere(exceptId ? 's.id <> :exceptId' : 'TRUE', { exceptId })
      .getExists();
  }

  /** Newest first, keyset on (created_at, id). */
  listPage(orgId: string, limit: number, after?: CursorPosition): Promise<SessionEntity[]> {
    const qb = this.repo().createQueryBuilder('s').where('s.org_id = :orgId', { orgId });
    if (after) qb.andWhere('(s.created_at, s.id) < (:at, :id)', { at: after[0], id: after[1] });
    return qb.orderBy('s.created_at', 'DESC').addOrderBy('s.id', 'DESC').limit(limit + 1).getMany();
  }

  async insert(session: SessionEntity): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.repo(m).insert(session);
      await this.outbox.record(m, { type: EventTypes.SESSION_CREATED, orgId: session.orgId, sessionId: session.id, data: { name: session.name } });
    });
  }

  async rename(id: string, name: string): Promise<void> {
    await this.repo().update({ id }, { name, updatedAt: new Date() });
  }

  async setMarkReadOnReply(id: string, on: boolean): Promise<void> {
    await this.repo().update({ id }, { markReadOnReply: on, updatedAt: new Date() });
  }

  async delete(session: SessionEntity): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.repo(m).delete({ id: session.id });
      await this.outbox.record(m, { type: EventTypes.SESSION_DELETED, orgId: session.orgId, sessionId: session.id, data: {} });
    });
  }

  /**
   * Applies a runtime change and, when the status changes or a status comes with a new cause
   * (`lastError`, e.g. each new reason a `starting` session cannot connect), records
   * `session.status` in the same transaction. Returns the refreshed row (undefined when the
   * session was deleted meanwhile).
   */
  async applyRuntime(
    id: string,
    patch: RuntimePatch,
    extraEvent?: { type: string; data: Record<string, unknown> },
    /** Write only if the row is still as of this `updatedAt` (nobody wrote it since); else leave it and return undefined. */
    unlessChangedSince?: Date,
  ): Promise<SessionEntity | undefined> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.repo(m).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!before) return undefined;
      if (unlessChangedSince && before.updatedAt.getTime() !== unlessChangedSince.getTime()) return undefined;
      const after = Object.assign(new SessionEntity(), before, patch, { updatedAt: new Date() });
      await this.repo(m).update({ id }, { ...patch, updatedAt: after.updatedAt });
      const events = [];
      const newCause = !!patch.lastError && patch.lastError !== before.lastError;
      if (patch.status && (patch.status !== before.status || newCause)) {
        events.push({
          type: EventTypes.SESSION_STATUS,
          orgId: before.orgId,
          sessionId: id,
          data: { status: patch.status, previous: before.status, lastError: after.lastError, phoneNumber: after.phoneNumber, jid: after.jid },
        });
      }
      if (extraEvent) events.push({ ...extraEvent, orgId: before.orgId, sessionId: id });
      if (events.length) await this.outbox.recordMany(m, events);
      return after;
    });
  }

  /** Sessions meant to run, oldest activity first (the order restores start them in). */
  async desiredRunning(): Promise<{ id: string; orgId: string }[]> {
    return this.repo()
      .createQueryBuilder('s')
      .select(['s.id', 's.orgId'])
      .where("s.desired_state = 'running'")
      .orderBy('s.updated_at', 'ASC')
      .getMany();
  }

  async statusOf(id: string): Promise<SessionStatus | undefined> {
    return (await this.repo().findOne({ where: { id }, select: { id: true, status: true } }))?.status;
  }

  /** Sessions by status, for the `wgw_sessions` gauge. */
  countByStatus(): Promise<{ label: string; n: number }[]> {
    return this.dataSource.query('SELECT status AS label, count(*)::int AS n FROM sessions GROUP BY status');
  }

  /** Messages of the session waiting in the outbound queue (the watchdog's reason names them). */
  async queuedSends(sessionId: string): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM messages WHERE session_id = $1 AND status = 'queued' LIMIT 100000) q`,
      [sessionId],
    );
    return rows[0]?.n ?? 0;
  }

  /** Asks the process that runs a session to carry out a command (LISTEN/NOTIFY). */
  async notify(channel: string, payload: unknown): Promise<void> {
    await this.dataSource.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(payload)]);
  }
}
