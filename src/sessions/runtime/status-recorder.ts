import { Logger } from '@nestjs/common';
import { SessionEntity } from '../entities/session.entity';
import { RuntimePatch, SessionsRepository } from '../sessions.repository';
import { KeyedQueue } from '../../common/keyed-queue';

type ExtraEvent = { type: string; data: Record<string, unknown> };

interface StatusWrite {
  patch: RuntimePatch;
  extraEvent?: ExtraEvent;
  /** When the process learnt it. */
  at: Date;
  /** The database refused it at least once. */
  refused?: boolean;
}

/** At most this many unwritten changes are kept per session (the first and the latest always). */
const MAX_PENDING_PER_SESSION = 16;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 2_000;

/**
 * The runtime status of the sessions of this process, written to the database in the order the
 * process learnt it, also while the database is away. A write that fails is kept in memory (with
 * every later one of the same session, in order) and retried until written, so that every
 * transition, those caused by losing the database included, is recorded with its `session.status`
 * event as soon as the database answers again. Until then `overlay` shows the API what this process
 * knows and the database does not yet.
 *
 * A kept write must not overwrite what another process (which may have taken the session over
 * meanwhile) or a user wrote since: when it is finally written, it is written if this process
 * holds the session's lease, or else only if the row is still as this process last wrote it;
 * otherwise it is dropped, outdated.
 */
export class StatusRecorder {
  private readonly logger = new Logger('SessionStatus');
  private readonly pending = new Map<string, StatusWrite[]>();
  /** The row's `updatedAt` as this process last wrote it, per session. */
  private readonly lastWritten = new Map<string, Date>();
  private readonly queue = new KeyedQueue();
  private retryTimer?: NodeJS.Timeout;
  private retryDelay = RETRY_MIN_MS;
  private failing = false;
  private closed = false;

  constructor(
    private readonly repo: SessionsRepository,
    /** Whether this process holds the session's lease now. */
    private readonly holdsLease: (sessionId: string) => boolean,
  ) {}

  /**
   * Records a change; resolves once it is written, or once it is kept for a later retry because
   * the database did not take it (never rejects).
   */
  write(sessionId: string, patch: RuntimePatch, extraEvent?: ExtraEvent): Promise<void> {
    const list = this.pending.get(sessionId) ?? [];
    list.push({ patch, extraEvent, at: new Date() });
    if (list.length > MAX_PENDING_PER_SESSION) {
      // Keep the first (what the database must hear first) and the latest; fold one in between
      // into its successor so that no field it set is lost.
      const [dropped] = list.splice(1, 1);
      list[1].patch = { ...dropped.patch, ...list[1].patch };
    }
    this.pending.set(sessionId, list);
    return this.flush(sessionId).then(() => undefined);
  }

  /** Whether this process recorded (or has yet to record) a status of this session. */
  knows(sessionId: string): boolean {
    return this.lastWritten.has(sessionId) || Boolean(this.pending.get(sessionId)?.length);
  }

  /**
   * The row as this process knows it: the stored row with the changes the database refused (it
   * was away) and every later one applied; they are newer than anything stored (or are dropped,
   * outdated, when finally written). A change merely being written is not shown ahead of its
   * commit, so that the row and its events never disagree while the database answers.
   */
  overlay(row: SessionEntity): SessionEntity {
    const list = this.pending.get(row.id);
    if (!list?.length || !list[0].refused) return row;
    const out = Object.assign(new SessionEntity(), row);
    for (const w of list) Object.assign(out, w.patch);
    const last = list[list.length - 1].at;
    if (last > out.updatedAt) out.updatedAt = last;
    return out;
  }

  /** Writes what is pending now (e.g. when the database is known to be back). */
  retryNow(): void {
    if (!this.pending.size || this.closed) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    void this.retryAll();
  }

  /** One last attempt for everything pending, then no more retries. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    for (const id of [...this.pending.keys()]) if (!(await this.flush(id))) break;
  }

  /** Writes the session's pending changes in order; false when the database did not take one. */
  private flush(sessionId: string): Promise<boolean> {
    return this.queue.run(sessionId, async () => {
      const list = this.pending.get(sessionId);
      while (list?.length) {
        const w = list[0];
        try {
          await this.apply(sessionId, w);
        } catch (err) {
          w.refused = true;
          this.onFailure(sessionId, err);
          return false;
        }
        list.shift();
      }
      if (this.pending.get(sessionId) === list) this.pending.delete(sessionId);
      if (this.failing) {
        this.failing = false;
        this.retryDelay = RETRY_MIN_MS;
        this.logger.log({ sessionId }, 'the database takes status changes again');
      }
      return true;
    });
  }

  private async apply(sessionId: string, w: StatusWrite): Promise<void> {
    const owner = this.holdsLease(sessionId);
    const since = owner ? undefined : this.lastWritten.get(sessionId);
    if (!owner && !since) {
      this.logger.log({ sessionId, status: w.patch.status }, 'dropping an unwritten status change: the session runs elsewhere now');
      return;
    }
    const after = await this.repo.applyRuntime(sessionId, w.patch, w.extraEvent, since);
    if (after) this.lastWritten.set(sessionId, after.updatedAt);
    else if (since) {
      // Someone else wrote the row since: what this process knew is outdated.
      this.lastWritten.delete(sessionId);
      this.logger.log({ sessionId, status: w.patch.status }, 'dropping an unwritten status change: the session changed since');
    } else this.lastWritten.delete(sessionId); // deleted meanwhile
  }

  private onFailure(sessionId: string, err: unknown): void {
    if (!this.failing) {
      this.failing = true;
      this.logger.warn({ err, sessionId }, 'recording a session status failed; kept in memory and retried until the database takes it');
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(RETRY_MAX_MS, this.retryDelay * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.retryAll();
    }, delay);
    this.retryTimer.unref();
  }

  /** Sessions in the order their first unwritten change came; stops at the first failure. */
  private async retryAll(): Promise<void> {
    for (const id of [...this.pending.keys()]) {
      if (!(await this.flush(id))) return;
    }
  }
}
