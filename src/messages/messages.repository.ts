import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CursorPosition } from '../common/pagination';
import { EventTypes } from '../events/event-types';
import { NOTIFY_CHANNELS } from '../events/events.notifier';
import { NewEvent, OutboxService } from '../events/outbox.service';
import { ChatEntity, LastMessagePreview } from './entities/chat.entity';
import { MessageEntity, MessageStatus, StoredReaction, StoredVote } from './entities/message.entity';
import type { SendFailure } from './outbound/send-errors';
import type { QueueHead } from './outbound/typing';

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

  /**
   * Inserts received messages, skipping those stored already; the ids of the rows inserted.
   * Our own sends come back from the engine (fromMe echo): they are stored already, perhaps under
   * another form of the chat JID, so fromMe rows are matched on the WhatsApp id alone.
   */
  async insertReceived(manager: EntityManager, rows: MessageEntity[], now: Date): Promise<{ id: string }[]> {
    const cols = (f: (r: MessageEntity) => unknown) => rows.map(f);
    const json = (f: (r: MessageEntity) => unknown) => rows.map((r) => (f(r) == null ? null : JSON.stringify(f(r))));
    return manager.query(
      `INSERT INTO messages (id, org_id, session_id, chat_jid, wa_message_id, from_me, sender_jid, sender_pn, sender_lid, push_name,
         type, text, media, location, contact, reaction, poll, reply_to, status, raw, timestamp, created_at, updated_at)
       SELECT u.id, u.org_id, u.session_id, u.chat_jid, u.wa_message_id, u.from_me, u.sender_jid, u.sender_pn, u.sender_lid, u.push_name,
         u.type, u.text, u.media::jsonb, u.location::jsonb, u.contact::jsonb, u.reaction::jsonb, u.poll::jsonb, u.reply_to, u.status, u.raw, u.ts, $22, $22
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::text[], $8::text[], $9::text[], $10::text[],
         $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::timestamptz[])
         AS u(id, org_id, session_id, chat_jid, wa_message_id, from_me, sender_jid, sender_pn, sender_lid, push_name,
           type, text, media, location, contact, reaction, poll, reply_to, status, raw, ts)
       WHERE NOT (u.from_me AND EXISTS (SELECT 1 FROM messages e WHERE e.session_id = u.session_id AND e.wa_message_id = u.wa_message_id AND e.from_me))
       ON CONFLICT (session_id, wa_message_id, chat_jid) DO NOTHING
       RETURNING id`,
      [
        cols((r) => r.id), cols((r) => r.orgId), cols((r) => r.sessionId), cols((r) => r.chatJid), cols((r) => r.waMessageId), cols((r) => r.fromMe),
        cols((r) => r.senderJid), cols((r) => r.senderPn), cols((r) => r.senderLid), cols((r) => r.pushName), cols((r) => r.type), cols((r) => r.text),
        json((r) => r.media), json((r) => r.location), json((r) => r.contact), json((r) => r.reaction), json((r) => r.poll), cols((r) => r.replyTo),
        cols((r) => r.status), cols((r) => r.raw), cols((r) => r.timestamp.toISOString()), now.toISOString(),
      ],
    );
  }

  /** The messages of a session with this WhatsApp id, locked for the rest of the transaction. */
  lockByWaId(manager: EntityManager, sessionId: string, waMessageId: string): Promise<MessageEntity[]> {
    return this.repo(manager).find({ where: { sessionId, waMessageId }, lock: { mode: 'pessimistic_write' } });
  }

  /** An edit: the new text (and caption, for media). */
  async applyEdit(manager: EntityManager, id: string, text: string, editedAt: Date): Promise<void> {
    await manager.query(
      `UPDATE messages SET text = $2, media = CASE WHEN media IS NULL THEN NULL ELSE media || jsonb_build_object('caption', $2::text) END,
         edited_at = $3, updated_at = now() WHERE id = $1`,
      [id, text, editedAt.toISOString()],
    );
  }

  async setReactions(manager: EntityManager, id: string, reactions: Record<string, StoredReaction>): Promise<void> {
    await manager.query(`UPDATE messages SET reactions = $2::jsonb, updated_at = now() WHERE id = $1`, [id, JSON.stringify(reactions)]);
  }

  async setPollVotes(manager: EntityManager, id: string, votes: Record<string, StoredVote>): Promise<void> {
    await manager.query(`UPDATE messages SET poll_votes = $2::jsonb, updated_at = now() WHERE id = $1`, [id, JSON.stringify(votes)]);
  }

  /** Deletes for everyone: the row stays (ids, sender, times, status), its content goes. Idempotent: false when it was revoked already. */
  async revokeRow(manager: EntityManager, id: string, at: Date): Promise<boolean> {
    const rows = returning<{ id: string }>(
      await manager.query(
        `UPDATE messages SET revoked_at = $2, text = NULL, media = NULL, location = NULL, contact = NULL, poll = NULL, raw = NULL,
           reactions = NULL, poll_votes = NULL, updated_at = now()
         WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
        [id, at.toISOString()],
      ),
    );
    return rows.length > 0;
  }

  /** The sessions' own JIDs (phone number and LID forms as stored). */
  sessionIdentities(manager: EntityManager, sessionIds: string[]): Promise<{ id: string; jid: string | null; lid: string | null }[]> {
    return manager.query('SELECT id, jid, lid FROM sessions WHERE id = ANY($1)', [sessionIds]);
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

  /** Newest activity first; a group chat is named by the group's subject (as the groups feature stored it). */
  async listChats(sessionId: string, limit: number, after?: CursorPosition): Promise<ChatEntity[]> {
    const qb = this.dataSource
      .getRepository(ChatEntity)
      .createQueryBuilder('c')
      .leftJoin('groups', 'g', 'g.session_id = c.session_id AND g.jid = c.jid')
      .addSelect('g.subject', 'group_subject')
      // Both forms of a 1:1 chat's contact, where the pair is known (the chat is keyed by either).
      .leftJoin('lid_mappings', 'lm_pair', "lm_pair.session_id = c.session_id AND (lm_pair.phone_jid = c.jid OR lm_pair.lid = c.jid)")
      .addSelect(['lm_pair.phone_jid AS pair_phone_jid', 'lm_pair.lid AS pair_lid'])
      // The last message (preview) and the unread count (the partial index messages_unread_idx).
      .leftJoin('messages', 'lm', 'lm.id = c.last_message_id')
      .addSelect(['lm.id AS lm_id', 'lm.wa_message_id AS lm_wa_id', 'lm.from_me AS lm_from_me', 'lm.type AS lm_type', 'left(lm.text, 200) AS lm_text'])
      .addSelect(['lm.status AS lm_status', 'lm.timestamp AS lm_timestamp', '(lm.revoked_at IS NOT NULL) AS lm_revoked'])
      .addSelect(`(SELECT count(*)::int FROM messages u WHERE u.session_id = c.session_id AND u.chat_jid = c.jid AND NOT u.from_me AND u.read_at IS NULL AND u.type <> 'reaction')`, 'unread_count')
      .where('c.session_id = :sessionId', { sessionId });
    if (after) qb.andWhere('(c.last_message_at, c.jid) < (:at, :jid)', { at: after[0], jid: after[1] });
    const { entities, raw } = await qb.orderBy('c.last_message_at', 'DESC').addOrderBy('c.jid', 'DESC').limit(limit + 1).getRawAndEntities();
    const byJid = new Map((raw as ChatListRaw[]).map((r) => [r.c_jid, r]));
    return entities.map((c) => {
      const r = byJid.get(c.jid);
      const lastMessage: LastMessagePreview | null = r?.lm_id
        ? { id: r.lm_id, waMessageId: r.lm_wa_id!, fromMe: r.lm_from_me!, type: r.lm_type!, text: r.lm_text, status: r.lm_status, timestamp: new Date(r.lm_timestamp!), revoked: Boolean(r.lm_revoked) }
        : null;
      const phoneJid = r?.pair_phone_jid ?? (c.jid.endsWith('@s.whatsapp.net') ? c.jid : null);
      const lid = r?.pair_lid ?? (c.jid.endsWith('@lid') ? c.jid : null);
      return Object.assign(c, { name: r?.group_subject ?? c.name, unreadCount: Number(r?.unread_count ?? 0), lastMessage, phoneJid, lid });
    });
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

  /**
   * The oldest queued message of each chat of a session (the heads the worker may send next),
   * oldest first, among the session's `window` oldest queued messages (the queue index bounds the
   * cost; chats further back come in as the queue moves).
   */
  async queuedHeads(sessionId: string, limit: number, window = 1000): Promise<QueueHead[]> {
    const rows: { id: string; org_id: string; chat_jid: string; typing_ms: number | null; voice_note: boolean | null }[] = await this.dataSource.query(
      `SELECT id, org_id, chat_jid, (outbound->>'typingMs')::int AS typing_ms, (outbound->>'voiceNote')::boolean AS voice_note
       FROM (SELECT DISTINCT ON (chat_jid) id, org_id, chat_jid, outbound
             FROM (SELECT id, org_id, chat_jid, outbound FROM messages WHERE session_id = $1 AND status = 'queued' ORDER BY id LIMIT $3) w
             ORDER BY chat_jid, id) h
       ORDER BY id LIMIT $2`,
      [sessionId, limit, window],
    );
    return rows.map((r) => ({ id: r.id, orgId: r.org_id, chatJid: r.chat_jid, typingMs: r.typing_ms ?? 0, recording: Boolean(r.voice_note) }));
  }

  /** A queued message of the session with its media bytes (null once it is no longer queued). */
  async queuedById(sessionId: string, id: string): Promise<(MessageEntity & { outboundMedia: Buffer | null }) | null> {
    return this.repo()
      .createQueryBuilder('m')
      .addSelect('m.outboundMedia')
      .where("m.session_id = :sessionId AND m.id = :id AND m.status = 'queued'", { sessionId, id })
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

  /** Outgoing messages stored and not sent yet, all sessions (the `wgw_outbound_queued_messages` gauge). */
  async countAllQueued(): Promise<number> {
    const [row] = await this.dataSource.query("SELECT count(*)::int AS n FROM messages WHERE from_me AND status = 'queued'");
    return row?.n ?? 0;
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

  /** An attempt cut short by the connection closing does not count against SEND_MAX_ATTEMPTS. */
  async uncountAttempt(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE messages SET attempts = greatest(attempts - 1, 0) WHERE id = $1 AND status = 'queued'`, [id]);
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
      if (!(await this.revokeRow(m, msg.id, at))) return;
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

/** A raw row of the chat list (see listChats). */
interface ChatListRaw {
  c_jid: string;
  group_subject: string | null;
  pair_phone_jid: string | null;
  pair_lid: string | null;
  unread_count: number | string | null;
  lm_id: string | null;
  lm_wa_id: string | null;
  lm_from_me: boolean | null;
  lm_type: string | null;
  lm_text: string | null;
  lm_status: string | null;
  lm_timestamp: Date | string | null;
  lm_revoked: boolean | null;
}

/** TypeORM answers UPDATE ... RETURNING with [rows, affected], INSERT ... RETURNING with rows. */
function returning<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}
