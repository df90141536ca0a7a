import { Injectable } from '@nestjs/common';
import type { ChannelMetadata, InboundMessage, MediaInfo, MessageType } from '@app/whatsapp';
import { DataSource, EntityManager } from 'typeorm';
import { newId } from '../common/ids';
import { CursorPosition } from '../common/pagination';
import { EventTypes } from '../events/event-types';
import { NewEvent, OutboxService } from '../events/outbox.service';
import { ChannelEntity } from './entities/channel.entity';

/** A stored post as the API shows it (camelCase, from raw rows: the read path skips the ORM). */
export interface PostRow {
  id: string;
  sessionId: string;
  chatJid: string;
  waMessageId: string;
  serverId: string | null;
  fromMe: boolean;
  type: MessageType;
  text: string | null;
  media: MediaInfo | null;
  timestamp: Date;
  createdAt: Date;
}

/** What a lookup, follow or creation learned about a channel; undefined fields stay as stored. */
export interface ChannelPatch {
  metadata?: ChannelMetadata;
  following?: boolean;
  role?: string;
}

const POST_COLUMNS = `id, session_id AS "sessionId", channel_jid AS "chatJid", wa_message_id AS "waMessageId",
  server_id AS "serverId", from_me AS "fromMe", type, text, media, timestamp, created_at AS "createdAt"`;

/** Own posts wait this long for WhatsApp's echo (which carries the server id) to be matched. */
const ECHO_WINDOW = '10 minutes';

@Injectable()
export class ChannelsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /** One round trip for the read path: undefined = no such session in the org. */
  async sessionHasChannel(orgId: string, sessionId: string, jid: string): Promise<boolean | undefined> {
    const rows: { channel: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM channels c WHERE c.session_id = s.id AND c.jid = $3) AS channel
       FROM sessions s WHERE s.id = $1 AND s.org_id = $2`,
      [sessionId, orgId, jid],
    );
    return rows.length ? rows[0].channel : undefined;
  }

  /** Newest first on (timestamp, id); `limit + 1` rows so the caller knows whether more follow. */
  pagePosts(sessionId: string, jid: string, limit: number, after?: CursorPosition): Promise<PostRow[]> {
    const params: unknown[] = [sessionId, jid, limit + 1];
    let keyset = '';
    if (after) {
      params.push(after[0], after[1]);
      keyset = 'AND (timestamp, id) < ($4::timestamptz, $5)';
    }
    return this.dataSource.query(
      `SELECT ${POST_COLUMNS} FROM channel_posts
       WHERE session_id = $1 AND channel_jid = $2 ${keyset}
       ORDER BY timestamp DESC, id DESC LIMIT $3`,
      params,
    );
  }

  findChannel(sessionId: string, jid: string): Promise<ChannelEntity | null> {
    return this.dataSource.getRepository(ChannelEntity).findOneBy({ sessionId, jid });
  }

  /** Channels the session owns, administers or follows, newest first, keyset on (created_at, id). */
  listChannels(sessionId: string, limit: number, after?: CursorPosition): Promise<ChannelEntity[]> {
    const qb = this.dataSource
      .getRepository(ChannelEntity)
      .createQueryBuilder('c')
      .where('c.session_id = :sessionId', { sessionId })
      .andWhere("(c.following OR c.role IN ('owner', 'admin'))");
    if (after) qb.andWhere('(c.created_at, c.id) < (:at, :id)', { at: after[0], id: after[1] });
    return qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1).getMany();
  }

  /** Records the channel for the session, or updates what is known of it. */
  async upsertChannel(orgId: string, sessionId: string, jid: string, patch: ChannelPatch, manager: EntityManager = this.dataSource.manager): Promise<ChannelEntity> {
    const m = patch.metadata;
    const role = patch.role ?? m?.role ?? null;
    // A known role says whether the session follows: guests do not, everybody else does.
    const following = patch.following ?? (role ? role !== 'guest' : null);
    const now = new Date();
    const rows: Record<string, unknown>[] = await manager.query(
      `INSERT INTO channels AS c (id, session_id, org_id, jid, name, description, subscribers, role, invite_code, following, metadata_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, false), $11, $12, $12)
       ON CONFLICT (session_id, jid) DO UPDATE SET
         name = coalesce(EXCLUDED.name, c.name),
         description = CASE WHEN $11::timestamptz IS NULL THEN c.description ELSE EXCLUDED.description END,
         subscribers = coalesce(EXCLUDED.subscribers, c.subscribers),
         role = coalesce(EXCLUDED.role, c.role),
         invite_code = coalesce(EXCLUDED.invite_code, c.invite_code),
         following = coalesce($10, c.following),
         metadata_at = coalesce(EXCLUDED.metadata_at, c.metadata_at),
         updated_at = EXCLUDED.updated_at
       RETURNING id`,
      [newId(), sessionId, orgId, jid, m?.name ?? null, m?.description ?? null, m?.subscribers ?? null, role, m?.inviteCode ?? null, following, m ? now : null, now],
    );
    return (await manager.getRepository(ChannelEntity).findOneBy({ id: rows[0].id as string }))!;
  }

  /**
   * Stores channel posts (one transaction): records their channels, matches WhatsApp's echo of a
   * post we sent to the row stored when we sent it, inserts the rest once (duplicates by message
   * id or server id are ignored), and records `channel.post` for each new row, last.
   */
  async storePosts(orgId: string, sessionId: string, messages: InboundMessage[]): Promise<PostRow[]> {
    if (!messages.length) return [];
    return this.dataSource.transaction(async (manager) => {
      const now = new Date();
      for (const jid of [...new Set(messages.map((msg) => msg.chatJid))].sort()) {
        // Receiving posts means the session follows (or owns) the channel: a new row says so.
        await manager.query(
          `INSERT INTO channels (id, session_id, org_id, jid, following, created_at, updated_at) VALUES ($1, $2, $3, $4, true, $5, $5)
           ON CONFLICT (session_id, jid) DO NOTHING`,
          [newId(), sessionId, orgId, jid, now],
        );
      }
      const fresh: InboundMessage[] = [];
      for (const msg of messages) {
        if (!msg.fromMe && msg.serverId && (await this.claimEcho(manager, sessionId, msg))) continue;
        fresh.push(msg);
      }
      if (!fresh.length) return [];
      const inserted: PostRow[] = await manager.query(
        `INSERT INTO channel_posts (id, session_id, org_id, channel_jid, wa_message_id, server_id, from_me, type, text, media, timestamp, created_at)
         SELECT p.id, $1, $2, p.jid, p.wa_id, p.server_id, p.from_me, p.type, p.text, p.media, p.ts, $3
         FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[], $10::text[], $11::jsonb[], $12::timestamptz[])
           AS p(id, jid, wa_id, server_id, from_me, type, text, media, ts)
         ON CONFLICT DO NOTHING
         RETURNING ${POST_COLUMNS}`,
        [
          sessionId,
          orgId,
          now,
          fresh.map(() => newId()),
          fresh.map((msg) => msg.chatJid),
          fresh.map((msg) => msg.waMessageId),
          fresh.map((msg) => msg.serverId ?? null),
          fresh.map((msg) => msg.fromMe),
          fresh.map((msg) => msg.type),
          fresh.map((msg) => msg.text ?? null),
          fresh.map((msg) => (msg.media ? JSON.stringify(msg.media) : null)),
          fresh.map((msg) => msg.timestamp.toISOString()),
        ],
      );
      // RETURNING does not promise input order; events go out in id (arrival) order.
      inserted.sort((a, b) => (a.id < b.id ? -1 : 1));
      const events: NewEvent[] = inserted.map((row) => ({
        type: EventTypes.CHANNEL_POST,
        orgId,
        sessionId,
        data: postEventData(row),
        occurredAt: row.timestamp,
      }));
      await this.outbox.recordMany(manager, events);
      return inserted;
    });
  }

  /**
   * WhatsApp echoes a post we sent under a new message id with its server id. It cannot be told
   * from a post by another admin except by content, so it is matched to our oldest unmatched post
   * of the same type and text sent shortly before.
   */
  // A CTE, because TypeORM answers a bare UPDATE with [rows, count] rather than rows.
  private async claimEcho(manager: EntityManager, sessionId: string, msg: InboundMessage): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH claimed AS (UPDATE channel_posts SET server_id = $4
       WHERE id = (
         SELECT id FROM channel_posts
         WHERE session_id = $1 AND channel_jid = $2 AND from_me AND server_id IS NULL AND type = $3
           AND text IS NOT DISTINCT FROM $5 AND created_at > now() - interval '${ECHO_WINDOW}'
         ORDER BY timestamp, id LIMIT 1 FOR UPDATE)
         AND NOT EXISTS (SELECT 1 FROM channel_posts WHERE session_id = $1 AND channel_jid = $2 AND server_id = $4)
       RETURNING id)
       SELECT id FROM claimed`,
      [sessionId, msg.chatJid, msg.type, msg.serverId, msg.text ?? null],
    );
    return rows.length > 0;
  }

  async findPost(sessionId: string, jid: string, waMessageId: string): Promise<PostRow | undefined> {
    const rows: PostRow[] = await this.dataSource.query(
      `SELECT ${POST_COLUMNS} FROM channel_posts WHERE session_id = $1 AND channel_jid = $2 AND wa_message_id = $3`,
      [sessionId, jid, waMessageId],
    );
    return rows[0];
  }
}

function postEventData(row: PostRow): Record<string, unknown> {
  return {
    id: row.id,
    chatJid: row.chatJid,
    waMessageId: row.waMessageId,
    serverId: row.serverId,
    fromMe: row.fromMe,
    type: row.type,
    text: row.text,
    media: row.media,
    timestamp: new Date(row.timestamp).toISOString(),
  };
}
