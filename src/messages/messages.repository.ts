import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CursorPosition } from '../common/pagination';
import { EventTypes } from '../events/event-types';
import { NOTIFY_CHANNELS } from '../events/events.notifier';
import { NewEvent, OutboxService } from '../events/outbox.service';
import { ChatEntity } from './entities/chat.entity';
import { revokeRow } from './inbound/message-changes';
import { MessageEntity, MessageStatus } from './entities/message.entity';
import type { SendFailure } from './outbound/send-errors';

/** Status order of outgoing messages: an update never moves a message backwards. */
export const STATUS_RANK_SQL = (expr: string) => `coalesce(array_position(ARRAY['queued','sent','delivered','read'], ${expr}), 0)`;

/** Queries on stored messages and chats, always scoped to a session (and the session to an org). */
@Injectable()
export class MessagesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  private repo(manager: EntityManager = this.dataSource.manager) {
    return manager.getRepository(MessageEntity);
  }

  /** A message of the session by gateway id or WhatsApp id. */
  async findInSession(sessionId: string, idOrWaId: string): Promise<MessageEntity | null> {
    return (
      (await this.repo().findOneBy({ sessionId, id: idOrWaId })) ??
      (await this.repo().findOne({ where: { sessionId, waMessageId: idOrWaId }, order: { createdAt: 'ASC' } }))
    );
  }

  findById(sessionId: string, id: string): Promise<MessageEntity | null> {
    return this.repo().findOneBy({ sessionId, id });
  }

  /** Stores an outbound message (queued) and its chat's activity in one transaction. */
  /** Stores a message to send; `notify` wakes the process running the session (after commit). */
  async insertOutbound(message: MessageEntity, media: Buffer | null, notify: boolean): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.repo(m).insert({ ...message, outboundMedia: media } as never);
      await this.touchChats(m, [{ sessionId: message.sessionId, orgId: message.orgId, jid: message.chatJid, at: message.timestamp, messageId: message.id, name: null }]);
      if (notify) await m.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNELS.outbound, message.sessionId]);
    });
  }

  /** Upserts chats' last activity (never moves it backwards). */
  async touchChats(m: EntityManager, all: { sessionId: string; orgId: string; jid: string; at: Date; messageId: string; name: string | null }[]): Promise<void> {
    // One row per chat (an upsert may not touch a row twice): its latest message, any known name.
    const latest = new Map<string, (typeof all)[number]>();
    for (const c of all) {
      const key = `${c.sessionId} ${c.jid}`;
      const prev = latest.get(key);
      if (!prev || c.at >= prev.at) latest.set(key, { ...c, name: c.name ?? prev?.name ?? null });
      else if (!prev.name && c.name) prev.name = c.name;
    }
    const chats = [...latest.values()];
    if (!chats.length) return;
    await m.query(
      `INSERT INTO chats (session_id, jid, org_id, name, last_message_at, last_message_id, created_at)
       SELECT s, j, o, n, a, mid, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[]) AS u(s, j, o, n, a, mid)
       ON CONFLICT (session_id, jid) DO UPDATE SET
         name = coalesce(EXCLUDED.name, chats.name),
         last_message_id = CASE WHEN EXCLUDED.last_message_at >= chats.last_message_at THEN EXCLUDED.last_message_id ELSE chats.last_message_id END,
         last_message_at = greatest(chats.last_message_at, EXCLUDED.last_message_at)`,
      [
        chats.map((c) => c.sessionId),
        chats.map((c) => c.jid),
        chats.map((c) => c.orgId),
        chats.map((c) => c.name),
        chats.map((c) => c.at.toISOString()),
        chats.map((c) => c.messageId),
      ],
    );
  }

  /** Newest first, keyset on (timestamp, id): rows arriving meanwhile never shift a page. */
  listChatMessages(sessionId: string, chatJid: string, limit: number, after?: CursorPosition): Promise<MessageEntity[]> {
    const qb = this.repo().createQueryBuilder('m').where('m.session_id = :sessionId AND m.chat_jid = :chatJid', { sessionId, chatJid });
    if (after) qb.andWhere('(m.timestamp, m.id) < (:at, :id)', { at: after[0], id: after[1] });
    return qb.orderBy('m.timestamp', 'DESC').addOrderBy('m.id', 'DESC').limit(limit + 1).getMany();
  }

  listChats(sessionId: string, limit: number, after?: CursorPosition): Promise<ChatEntity[]> {
    const qb = this.dataSource.getRepository(ChatEntity).createQueryBuilder('c').where('c.session_id = :sessionId', { sessionId });
    if (after) qb.andWhere('(c.last_message_at, c.jid) < (:at, :jid)', { at: after[0], jid: after[1] });
    return qb.orderBy('c.last_message_at', 'DESC').addOrderBy('c.jid', 'DESC').limit(limit + 1).getMany();
  }

  async chatExists(sessionId: string, jid: string): Promise<boolean> {
    return this.dataSource.getRepository(ChatEntity).existsBy({ sessionId, jid });
  }

  /** The engine record of a message (Baileys' getMessage for retries). */
  async rawOf(sessionId: string, waMessageId: string): Promise<string | undefined> {
    const rows: { raw: string | null }[] = await this.dataSource.query(
      'SELECT raw FROM messages WHERE session_id = $1 AND wa_message_id = $2 AND raw IS NOT NULL LIMIT 1',
      [sessionId, waMessageId],
    );
    return rows[0]?.raw ?? undefined;
  }

  /**
   * Applies receipts to outgoing messages, only forwards, and records `message.status` for each
   * change in the same transaction.
   */
  async applyStatuses(orgId: string, sessionId: string, updates: { waMessageId: string; status: MessageStatus }[]): Promise<number> {
    if (!updates.length) return 0;
    return this.dataSource.transaction(async (m) => {
      const rows: { id: string; chat_jid: string; wa_message_id: string; status: MessageStatus }[] = returning(await m.query(
        `UPDATE messages AS msg SET status = u.status, error = NULL, error_code = NULL, updated_at = now()
         FROM (SELECT DISTINCT ON (w) w, s AS status FROM unnest($2::text[], $3::text[]) AS x(w, s) ORDER BY w, ${STATUS_RANK_SQL('s')} DESC) AS u
         WHERE msg.session_id = $1 AND msg.wa_message_id = u.w AND msg.from_me
           AND ${STATUS_RANK_SQL('u.status')} > ${STATUS_RANK_SQL('msg.status')} AND msg.status <> 'failed'
         RETURNING msg.id, msg.chat_jid, msg.wa_message_id, msg.status`,
        [sessionId, updates.map((u) => u.waMessageId), updates.map((u) => u.status)],
      ));
      await this.outbox.recordMany(m, rows.map((r) => statusEvent(orgId, sessionId, r.id, r.chat_jid, r.wa_message_id, r.status)));
      return rows.length;
    });
  }

  /** The next queued message of a session, oldest first, with its media bytes. */
  async nextQueued(sessionId: string, afterId = ''): Promise<(MessageEntity & { outboundMedia: Buffer | null }) | null> {
    return this.repo()
      .createQueryBuilder('m')
      .addSelect('m.outboundMedia')
      .where("m.session_id = :sessionId AND m.status = 'queued' AND m.id > :afterId", { sessionId, afterId })
      .orderBy('m.id', 'ASC')
      .getOne() as Promise<(MessageEntity & { outboundMedia: Buffer | null }) | null>;
  }

  /** How many messages of a session wait to be sent, counted up to `upTo` (the partial queue index). */
  async countQueued(sessionId: string, upTo: number): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM messages WHERE session_id = $1 AND status = 'queued' LIMIT $2) q`,
      [sessionId, upTo],
    );
    return row.n;
  }

  /** Sessions with queued messages (a scan of the small partial queue index). */
  async sessionsWithQueued(): Promise<string[]> {
    const rows: { session_id: string }[] = await this.dataSource.query(`SELECT DISTINCT session_id FROM messages WHERE status = 'queued'`);
    return rows.map((r) => r.session_id);
  }

  /** Counts an attempt before it is made: a crash mid-send is then seen as an attempt. */
  async countAttempt(id: string): Promise<number> {
    const rows: { attempts: number }[] = returning(
      await this.dataSource.query(`UPDATE messages SET attempts = attempts + 1, updated_at = now() WHERE id = $1 AND status = 'queued' RETURNING attempts`, [id]),
    );
    return rows[0]?.attempts ?? 0;
  }

  /** Sent: keep the engine's record, drop the queued payload, record `message.sent`. */
  async markSent(msg: MessageEntity, raw: string, timestamp: Date): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE messages SET status = CASE WHEN ${STATUS_RANK_SQL('status')} < 2 THEN 'sent' ELSE status END,
           raw = $2, timestamp = $3, outbound = NULL, outbound_media = NULL, error = NULL, error_code = NULL, updated_at = now()
         WHERE id = $1`,
        [msg.id, raw, timestamp.toISOString()],
      );
      await this.outbox.record(m, {
        type: EventTypes.MESSAGE_SENT,
        orgId: msg.orgId,
        sessionId: msg.sessionId,
        data: { id: msg.id, chatJid: msg.chatJid, waMessageId: msg.waMessageId, type: msg.type },
      });
    });
  }

  async markFailed(msg: MessageEntity, failure: SendFailure): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE messages SET status = 'failed', error = $2, error_code = $3, outbound_media = NULL, updated_at = now() WHERE id = $1 AND status = 'queued'`, [
        msg.id,
        failure.message,
        failure.code,
      ]);
      const data = { id: msg.id, chatJid: msg.chatJid, waMessageId: msg.waMessageId, status: 'failed', error: failure.message, errorCode: failure.code };
      await this.outbox.record(m, { ...statusEvent(msg.orgId, msg.sessionId, msg.id, msg.chatJid, msg.waMessageId, 'failed'), data });
    });
  }

  /**
   * Revoked by this session: the row stays without its content (see revokeRow). Once only: the
   * engine's echo of the revoke may have applied it already (then no second event).
   */
  async markRevoked(msg: MessageEntity): Promise<MessageEntity> {
    const at = new Date();
    await this.dataSource.transaction(async (m) => {
      if (!(await revokeRow(m, msg.id, at))) return;
      await this.outbox.record(m, {
        type: EventTypes.MESSAGE_REVOKED,
        orgId: msg.orgId,
        sessionId: msg.sessionId,
        occurredAt: at,
        data: { id: msg.id, chatJid: msg.chatJid, waMessageId: msg.waMessageId, fromMe: msg.fromMe, revokedAt: at.toISOString() },
      });
    });
    return (await this.findById(msg.sessionId, msg.id)) ?? msg;
  }
}

function statusEvent(orgId: string, sessionId: string, id: string, chatJid: string, waMessageId: string, status: MessageStatus): NewEvent {
  return { type: EventTypes.MESSAGE_STATUS, orgId, sessionId, data: { id, chatJid, waMessageId, status } };
}

/** TypeORM answers UPDATE ... RETURNING with [rows, affected], INSERT ... RETURNING with rows. */
function returning<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}
