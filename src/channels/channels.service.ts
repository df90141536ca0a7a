import { Inject, Injectable } from '@nestjs/common';
import { newWaMessageId, WhatsAppConnection } from '@app/whatsapp';
import { onWhatsApp } from '../common/engine-errors';
import { ConflictError, NotFoundError, NotImplementedError } from '../common/errors';
import { CursorCodec, DEFAULT_LIMIT, Page } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/config';
import { SessionAccess } from '../sessions';
import { ChannelsRepository, PostRow } from './channels.repository';
import { checkJid, validateCreateBody } from './channel-input';
import { PostToChannelDto } from './dto/channel.dto';
import { ChannelEntity } from './entities/channel.entity';

const ADMIN_ROLES = new Set(['owner', 'admin']);

@Injectable()
export class ChannelsService {
  constructor(
    private readonly repo: ChannelsRepository,
    private readonly sessions: SessionAccess,
    private readonly cursors: CursorCodec,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * v1 (the contract's seed): after the session lookup, always not implemented; the body is
   * ignored and nothing is stored. With CHANNEL_CREATE_ENABLED the channel is created on
   * WhatsApp, one new channel per call.
   */
  async create(orgId: string, sessionId: string, body: unknown): Promise<{ jid: string }> {
    if (!this.config.channels.createEnabled) {
      await this.sessions.require(orgId, sessionId);
      throw new NotImplementedError('creating channels is not implemented yet');
    }
    const input = await validateCreateBody(body);
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    const meta = await channelCall(() => connection.channels.create(input.name!, input.description));
    await this.repo.upsertChannel(orgId, sessionId, meta.jid, { metadata: meta, role: 'owner', following: true });
    return { jid: meta.jid };
  }

  async list(orgId: string, sessionId: string, limit = DEFAULT_LIMIT, cursor?: string): Promise<Page<ChannelEntity>> {
    await this.sessions.require(orgId, sessionId);
    return this.cursors.page(
      { scope: `channels:${sessionId}`, limit, cursor },
      (after, n) => this.repo.listChannels(sessionId, n, after),
      (c) => [c.createdAt.toISOString(), c.id],
    );
  }

  /** Fresh from WhatsApp when the session is connected (and kept), else what the store has. */
  async metadata(orgId: string, sessionId: string, jid: string): Promise<ChannelEntity> {
    checkJid(jid);
    await this.sessions.require(orgId, sessionId);
    const conn = this.sessions.connection(sessionId);
    if (conn) return this.refresh(orgId, sessionId, conn, jid);
    const stored = await this.repo.findChannel(sessionId, jid);
    if (!stored) throw new ConflictError('the session is not connected and the channel is not in the store', { jid });
    return stored;
  }

  async follow(orgId: string, sessionId: string, jid: string): Promise<ChannelEntity> {
    checkJid(jid);
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    await channelCall(() => connection.channels.follow(jid));
    const meta = await connection.channels.metadata(jid).catch(() => undefined);
    // The role in fresh metadata would say subscriber; an owner following stays owner.
    return this.repo.upsertChannel(orgId, sessionId, jid, { metadata: meta, following: true });
  }

  async unfollow(orgId: string, sessionId: string, jid: string): Promise<ChannelEntity> {
    checkJid(jid);
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    await channelCall(() => connection.channels.unfollow(jid));
    const meta = await connection.channels.metadata(jid).catch(() => undefined);
    return this.repo.upsertChannel(orgId, sessionId, jid, { metadata: meta, following: false });
  }

  /** The seed's read: the gateway's own store only, never WhatsApp. */
  async listPosts(orgId: string, sessionId: string, jid: string, limit = DEFAULT_LIMIT, cursor?: string): Promise<Page<PostRow>> {
    checkJid(jid);
    const known = await this.repo.sessionHasChannel(orgId, sessionId, jid);
    if (known === undefined) throw new NotFoundError('session not found');
    if (!known) throw new NotFoundError('channel not found', { jid });
    return this.cursors.page(
      { scope: `channel-posts:${sessionId}:${jid}`, limit, cursor },
      (after, n) => this.repo.pagePosts(sessionId, jid, n, after),
      (p) => [new Date(p.timestamp).toISOString(), p.id],
    );
  }

  /** Posts to a channel the session owns or administers; stored like any post. */
  async post(orgId: string, sessionId: string, jid: string, body: PostToChannelDto): Promise<PostRow> {
    checkJid(jid);
    const { connection: conn } = await this.sessions.requireConnection(orgId, sessionId);
    let channel = await this.repo.findChannel(sessionId, jid);
    if (!channel?.role) channel = await this.refresh(orgId, sessionId, conn, jid);
    if (!ADMIN_ROLES.has(channel.role ?? '')) {
      throw new ConflictError('the session does not own or administer this channel', { jid, role: channel.role });
    }
    const sent = await channelCall(() => conn.messages.send(jid, { type: 'text', text: body.text }, { messageId: newWaMessageId() }));
    // The engine also reports the sent message to the ingest; whichever stores it first wins.
    await this.repo.storePosts(orgId, sessionId, [sent]);
    const stored = await this.repo.findPost(sessionId, jid, sent.waMessageId);
    if (!stored) throw new Error('the sent post was not stored');
    return stored;
  }

  private async refresh(orgId: string, sessionId: string, conn: WhatsAppConnection, jid: string): Promise<ChannelEntity> {
    const meta = await channelCall(() => conn.channels.metadata(jid));
    return this.repo.upsertChannel(orgId, sessionId, jid, { metadata: meta });
  }
}

/** A channel request to WhatsApp: its 404 is "channel not found"; anything else as onWhatsApp says. */
const channelCall = <T>(fn: () => Promise<T>): Promise<T> => onWhatsApp('the channel request', fn, 'channel not found');
