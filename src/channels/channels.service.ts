import { Inject, Injectable } from '@nestjs/common';
import { EngineError, newWaMessageId, WhatsAppConnection } from '@app/whatsapp';
import { ConflictError, NotFoundError, NotImplementedError, UpstreamError } from '../common/errors';
import { CursorCodec, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/config';
import { SessionSupervisor } from '../sessions/runtime/session-supervisor';
import { SessionsService } from '../sessions/sessions.service';
import { ChannelsRepository, PostRow } from './channels.repository';
import { checkJid, validateCreateBody } from './channel-input';
import { PostToChannelDto } from './dto/channel.dto';
import { ChannelEntity } from './entities/channel.entity';

const ADMIN_ROLES = new Set(['owner', 'admin']);

@Injectable()
export class ChannelsService {
  constructor(
    private readonly repo: ChannelsRepository,
    private readonly sessions: SessionsService,
    private readonly supervisor: SessionSupervisor,
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
      await this.sessions.get(orgId, sessionId);
      throw new NotImplementedError('creating channels is not implemented yet');
    }
    const input = await validateCreateBody(body);
    const conn = await this.connected(orgId, sessionId);
    const meta = await engineCall(() => conn.createChannel(input.name!, input.description));
    await this.repo.upsertChannel(orgId, sessionId, meta.jid, { metadata: meta, role: 'owner', following: true });
    return { jid: meta.jid };
  }

  async list(orgId: string, sessionId: string, limit = DEFAULT_LIMIT, cursor?: string): Promise<Page<ChannelEntity>> {
    const scope = `channels:${sessionId}`;
    const after = cursor ? this.cursors.decode(scope, cursor) : undefined;
    await this.sessions.get(orgId, sessionId);
    const rows = await this.repo.listChannels(sessionId, limit, after);
    return toPage(rows, limit, (c) => [c.createdAt.toISOString(), c.id], (p) => this.cursors.encode(scope, p), (c) => c);
  }

  /** Fresh from WhatsApp when the session is connected (and kept), else what the store has. */
  async metadata(orgId: string, sessionId: string, jid: string): Promise<ChannelEntity> {
    checkJid(jid);
    await this.sessions.get(orgId, sessionId);
    const conn = this.supervisor.connection(sessionId);
    if (conn) return this.refresh(orgId, sessionId, conn, jid);
    const stored = await this.repo.findChannel(sessionId, jid);
    if (!stored) throw new ConflictError('the session is not connected and the channel is not in the store', { jid });
    return stored;
  }

  async follow(orgId: string, sessionId: string, jid: string): Promise<ChannelEntity> {
    checkJid(jid);
    const conn = await this.connected(orgId, sessionId);
    await engineCall(() => conn.followChannel(jid));
    const meta = await conn.channelMetadata(jid).catch(() => undefined);
    // The role in fresh metadata would say subscriber; an owner following stays owner.
    return this.repo.upsertChannel(orgId, sessionId, jid, { metadata: meta, following: true });
  }

  async unfollow(orgId: string, sessionId: string, jid: string): Promise<ChannelEntity> {
    checkJid(jid);
    const conn = await this.connected(orgId, sessionId);
    await engineCall(() => conn.unfollowChannel(jid));
    const meta = await conn.channelMetadata(jid).catch(() => undefined);
    return this.repo.upsertChannel(orgId, sessionId, jid, { metadata: meta, following: false });
  }

  /** The seed's read: the gateway's own store only, never WhatsApp. */
  async listPosts(orgId: string, sessionId: string, jid: string, limit = DEFAULT_LIMIT, cursor?: string): Promise<Page<PostRow>> {
    checkJid(jid);
    const scope = `channel-posts:${sessionId}:${jid}`;
    const after = cursor ? this.cursors.decode(scope, cursor) : undefined;
    const known = await this.repo.sessionHasChannel(orgId, sessionId, jid);
    if (known === undefined) throw new NotFoundError('session not found');
    if (!known) throw new NotFoundError('channel not found', { jid });
    const rows = await this.repo.pagePosts(sessionId, jid, limit, after);
    return toPage(rows, limit, (p) => [new Date(p.timestamp).toISOString(), p.id], (p) => this.cursors.encode(scope, p), (p) => p);
  }

  /** Posts to a channel the session owns or administers; stored like any post. */
  async post(orgId: string, sessionId: string, jid: string, body: PostToChannelDto): Promise<PostRow> {
    checkJid(jid);
    const conn = await this.connected(orgId, sessionId);
    let channel = await this.repo.findChannel(sessionId, jid);
    if (!channel?.role) channel = await this.refresh(orgId, sessionId, conn, jid);
    if (!ADMIN_ROLES.has(channel.role ?? '')) {
      throw new ConflictError('the session does not own or administer this channel', { jid, role: channel.role });
    }
    const sent = await engineCall(() => conn.send(jid, { type: 'text', text: body.text }, { messageId: newWaMessageId() }));
    // The engine also reports the sent message to the ingest; whichever stores it first wins.
    await this.repo.storePosts(orgId, sessionId, [sent]);
    const stored = await this.repo.findPost(sessionId, jid, sent.waMessageId);
    if (!stored) throw new Error('the sent post was not stored');
    return stored;
  }

  private async refresh(orgId: string, sessionId: string, conn: WhatsAppConnection, jid: string): Promise<ChannelEntity> {
    const meta = await engineCall(() => conn.channelMetadata(jid));
    return this.repo.upsertChannel(orgId, sessionId, jid, { metadata: meta });
  }

  /** The session (404 when not in the org) and its open connection (409 when not connected here). */
  private async connected(orgId: string, sessionId: string): Promise<WhatsAppConnection> {
    const session = await this.sessions.get(orgId, sessionId);
    const conn = this.supervisor.connection(sessionId);
    if (!conn) throw new ConflictError('the session is not connected', { status: session.status });
    return conn;
  }
}

/** WhatsApp's answer to a channel request: its 404 is ours; anything else is an upstream failure. */
async function engineCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof EngineError && err.kind === 'not_found') throw new NotFoundError('channel not found');
    const reason = err instanceof EngineError ? err.message : String(err);
    throw new UpstreamError('WhatsApp could not complete the channel request', { reason, errorCode: err instanceof EngineError ? err.kind : 'unknown' });
  }
}
