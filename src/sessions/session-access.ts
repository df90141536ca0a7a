import { Injectable } from '@nestjs/common';
import type { GroupMetadata, LidMapping, WhatsAppConnection } from '@app/whatsapp';
import { ConflictError, NotFoundError } from '../common/errors';
import type { SessionEntity } from './entities/session.entity';
import { SessionEventMap, SessionRuntimeEvents } from './runtime/runtime-events';
import { SessionSupervisor } from './runtime/session-supervisor';
import { SessionsRepository } from './sessions.repository';

/** A session as features see it (read-only). */
export type SessionView = Readonly<SessionEntity>;

/**
 * The one door to sessions for every other feature: find a session of an organization (404 also
 * when it belongs to another one), its live connection (409 worded by its status), and the events
 * its connection reports. Nothing else of the sessions module is for features to import.
 */
@Injectable()
export class SessionAccess {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly supervisor: SessionSupervisor,
    private readonly events: SessionRuntimeEvents,
  ) {}

  /**
   * The session of this organization, or not found. Its runtime fields are never older than what
   * this process knows: status changes it made that the database has not taken yet are shown.
   */
  async require(orgId: string, sessionId: string): Promise<SessionView> {
    const session = await this.repo.findInOrg(orgId, sessionId);
    if (!session) throw new NotFoundError('session not found');
    return this.supervisor.overlay(session);
  }

  /** The session and its open connection in this process; 409 saying why there is none. */
  async requireConnection(orgId: string, sessionId: string): Promise<{ session: SessionView; connection: WhatsAppConnection }> {
    const session = await this.require(orgId, sessionId);
    const connection = this.supervisor.connection(sessionId);
    if (connection) return { session, connection };
    if (session.status === 'connected') {
      throw new ConflictError('the session is connected in another gateway process; ask again (requests reach the process that runs it in a later version)', { status: session.status });
    }
    throw new ConflictError(`the session is not connected: it is ${session.status}`, { status: session.status });
  }

  /** The open connection of a session connected in this process (workers, which have no organization to check). */
  connection(sessionId: string): WhatsAppConnection | undefined {
    return this.supervisor.connection(sessionId);
  }

  /** Whether this process runs the session (connected or not). */
  isLocal(sessionId: string): boolean {
    return this.supervisor.isLocal(sessionId);
  }

  /** Subscribes to an event of the sessions of this process; returns the unsubscribe. */
  on<E extends keyof SessionEventMap>(event: E, listener: (...args: SessionEventMap[E]) => void): () => void {
    const l = listener as never;
    this.events.on(event, l);
    return () => void this.events.off(event, l);
  }

  /** Answers the engine's requests for messages the session sent (retry receipts), from a feature's store. */
  answerMessageLookups(fn: (sessionId: string, chatJid: string, waMessageId: string) => Promise<string | undefined>): void {
    this.supervisor.setLookups({ message: fn });
  }

  /** Answers the engine's requests for a group's metadata (a send to the group), from a feature's store. */
  answerGroupLookups(fn: (sessionId: string, jid: string) => Promise<GroupMetadata | undefined>): void {
    this.supervisor.setLookups({ group: fn });
  }

  /** Answers the engine's LID ↔ phone number lookups it cannot answer itself, from a feature's store. */
  answerLidLookups(fn: (sessionId: string, jids: string[]) => Promise<LidMapping[]>): void {
    this.supervisor.setLookups({ lid: fn });
  }
}
