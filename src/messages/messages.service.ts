import { Inject, Injectable } from '@nestjs/common';
import { chatJidOf, EDIT_WINDOW_MS, isGroupJid, newWaMessageId, phoneDigits } from '@app/whatsapp';
import { onWhatsApp } from '../common/engine-errors';
import { ConflictError, GoneError, NotFoundError, PayloadTooLargeError, RateLimitedError, ValidationError } from '../common/errors';
import { newId } from '../common/ids';
import { parseRecipient, RECIPIENT_RULE, userJid } from '../common/jid';
import { CursorCodec, DEFAULT_LIMIT, Page } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/config';
import { SessionAccess, SessionView } from '../sessions';
import { ChatEntity } from './entities/chat.entity';
import { MessageEntity, StoredMedia } from './entities/message.entity';
import { MEDIA_SEND_TYPES, SendMediaDto, SendMessageDto } from './dto/send-message.dto';
import { MessagesRepository } from './messages.repository';
import { InboundIngest } from './inbound/inbound-ingest';
import { baseType, MediaFetcher } from './outbound/media-fetcher';
import { OutboundWorker, StoredOutbound } from './outbound/outbound.worker';
import { ReadMarks } from './read-marks';
import { LidDirectory } from '../contacts';

/** Media types each message type accepts (documents take anything). */
const FAMILY: Record<string, (mime: string) => boolean> = {
  image: (m) => m.startsWith('image/'),
  video: (m) => m.startsWith('video/'),
  audio: (m) => m.startsWith('audio/'),
  sticker: (m) => m === 'image/webp',
  document: () => true,
};

@Injectable()
export class MessagesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: MessagesRepository,
    private readonly sessions: SessionAccess,
    private readonly worker: OutboundWorker,
    private readonly fetcher: MediaFetcher,
    private readonly cursors: CursorCodec,
    private readonly readMarks: ReadMarks,
    private readonly ingest: InboundIngest,
    private readonly lids: LidDirectory,
  ) {}

  /**
   * Validates, stores the message queued (nothing is stored when anything is wrong), wakes the
   * sender and waits a little: `sent` tells whether it left within that wait.
   */
  async send(orgId: string, sessionId: string, dto: SendMessageDto): Promise<{ message: MessageEntity; sent: boolean }> {
    const to = parseRecipient(dto.to)?.jid;
    if (!to) throw new ValidationError('request is invalid', { to: [`to ${RECIPIENT_RULE}`] });
    if (dto.typingMs && parseRecipient(dto.to)?.kind === 'newsletter') throw new ValidationError('request is invalid', { typingMs: ['channels show no typing'] });
    if (dto.media?.base64 !== undefined && !dto.media.mimetype) {
      throw new ValidationError('request is invalid', { 'media.mimetype': ['mimetype is required with base64'] });
    }
    const session = await this.sessions.require(orgId, sessionId);
    assertCanSend(session);
    // A person named by LID whose number is known is written in (and stored under) the number's chat.
    const chatJid = await this.lids.resolveChat(sessionId, to);
    const max = this.config.messages.sendMaxQueued;
    if ((await this.repo.countQueued(sessionId, max)) >= max) {
      throw new RateLimitedError(`the session already has ${max} messages waiting to be sent (SEND_MAX_QUEUED); retry once some have left`, 30);
    }

    const quoted = dto.replyTo ? await this.repo.findInSession(sessionId, dto.replyTo) : null;
    if (dto.replyTo && !quoted) throw new ValidationError('request is invalid', { replyTo: ['no such message in this session'] });

    const now = new Date();
    const message = Object.assign(new MessageEntity(), {
      id: newId(),
      orgId,
      sessionId,
      chatJid,
      waMessageId: newWaMessageId(),
      fromMe: true,
      senderJid: null,
      senderPn: null,
      senderLid: null,
      pushName: null,
      type: dto.type,
      text: null,
      media: null,
      location: null,
      contact: null,
      reaction: null,
      poll: null,
      replyTo: quoted?.waMessageId ?? null,
      status: 'queued',
      error: null,
      errorCode: null,
      attempts: 0,
      raw: null,
      outbound: null as Record<string, unknown> | null,
      outboundMedia: null,
      revokedAt: null,
      editedAt: null,
      reactions: null,
      pollVotes: null,
      timestamp: now,
      createdAt: now,
      updatedAt: now,
    } satisfies Omit<MessageEntity, 'session'>);

    const { content, media } = await this.buildContent(sessionId, dto, message);
    message.outbound = { ...content, ...(quoted ? { quotedMessageId: quoted.id } : {}), ...(dto.typingMs ? { typingMs: dto.typingMs } : {}) } as Record<string, unknown>;
    const remote = !this.sessions.isLocal(sessionId);
    await this.repo.insertOutbound(message, media, remote);

    this.worker.kick(sessionId);
    // With typingMs the message cannot leave before its typing ends: the request does not wait for it.
    const waitMs = dto.typingMs ? 0 : this.config.messages.sendWaitMs;
    await this.worker.waitForOutcome(message.id, waitMs, remote ? async () => (await this.repo.findById(sessionId, message.id))?.status !== 'queued' : undefined);
    const stored = (await this.repo.findById(sessionId, message.id)) ?? message;
    return { message: stored, sent: stored.status !== 'queued' && stored.status !== 'failed' };
  }

  /** The content to send (without media bytes) and the fields stored for reading. */
  private async buildContent(sessionId: string, dto: SendMessageDto, msg: MessageEntity): Promise<{ content: StoredOutbound; media: Buffer | null }> {
    const mentions = dto.mentions?.length ? dto.mentions.map((m) => userJid(m)!) : undefined;
    if (mentions && !MENTIONABLE.has(dto.type)) throw new ValidationError('request is invalid', { mentions: ['only text, image, video and document messages mention users'] });
    switch (dto.type) {
      case 'text':
        msg.text = withMentions(dto.text!, mentions);
        return { content: { type: 'text', text: msg.text, ...(mentions ? { mentions } : {}) }, media: null };
      case 'location': {
        const l = dto.location!;
        msg.location = { latitude: l.latitude, longitude: l.longitude, name: l.name, address: l.address };
        return { content: { type: 'location', ...msg.location }, media: null };
      }
      case 'contact': {
        const c = dto.contact!;
        const digits = c.phoneNumber ? phoneDigits(c.phoneNumber) : '';
        const vcard = c.vcard ?? `BEGIN:VCARD\nVERSION:3.0\nFN:${c.displayName}\nTEL;type=CELL;waid=${digits}:+${digits}\nEND:VCARD`;
        msg.contact = { displayName: c.displayName, vcard };
        return { content: { type: 'contact', displayName: c.displayName, vcard }, media: null };
      }
      case 'reaction': {
        const target = await this.repo.findInSession(sessionId, dto.reaction!.messageId);
        if (!target) throw new ValidationError('request is invalid', { 'reaction.messageId': ['no such message in this session'] });
        msg.reaction = { targetId: target.waMessageId, emoji: dto.reaction!.emoji };
        const content: StoredOutbound = {
          type: 'reaction',
          targetId: target.waMessageId,
          // The key as WhatsApp knows the message: its own chat form (LID or PN) when we have the record.
          targetChatJid: chatJidOf(target.raw) ?? target.chatJid,
          targetFromMe: target.fromMe,
          targetSender: isGroupJid(target.chatJid) ? (target.senderJid ?? undefined) : undefined,
          emoji: dto.reaction!.emoji,
        };
        return { content, media: null };
      }
      case 'poll': {
        const p = dto.poll!;
        msg.poll = { name: p.name, options: p.options, selectableCount: p.selectableCount ?? 1 };
        msg.text = p.name;
        return { content: { type: 'poll', name: p.name, options: p.options, selectableCount: p.selectableCount ?? 1 }, media: null };
      }
      default: {
        if (!MEDIA_SEND_TYPES.includes(dto.type)) throw new ValidationError('request is invalid', { type: ['unknown type'] });
        const { data, mimetype } = await this.loadMedia(dto.type, dto.media!);
        const m = dto.media!;
        const info: StoredMedia = { mimetype, fileLength: data.length };
        if (m.filename) info.fileName = m.filename;
        if ((m.caption || mentions) && dto.type !== 'sticker' && dto.type !== 'audio') info.caption = withMentions(m.caption ?? '', mentions);
        if (dto.type === 'audio') info.voiceNote = Boolean(m.voiceNote);
        msg.media = info;
        msg.text = info.caption ?? null;
        const content = {
          type: dto.type,
          mimetype,
          ...(info.fileName ? { fileName: info.fileName } : {}),
          ...(info.caption ? { caption: info.caption } : {}),
          ...(dto.type === 'audio' ? { voiceNote: info.voiceNote } : {}),
          ...(mentions ? { mentions } : {}),
        } as StoredOutbound;
        return { content, media: data };
      }
    }
  }

  private async loadMedia(type: string, m: SendMediaDto): Promise<{ data: Buffer; mimetype: string }> {
    const max = this.config.messages.mediaMaxBytes;
    let data: Buffer;
    let mimetype = m.mimetype ? baseType(m.mimetype) : undefined;
    if (m.base64 !== undefined) {
      // Reject before decoding: base64 is 4/3 of the bytes.
      if (Math.floor((m.base64.length * 3) / 4) - 2 > max) throw new PayloadTooLargeError(`media is larger than the limit of ${max} bytes`, { limitBytes: max });
      data = Buffer.from(m.base64, 'base64');
      if (data.length > max) throw new PayloadTooLargeError(`media is larger than the limit of ${max} bytes`, { limitBytes: max });
    } else {
      const fetched = await this.fetcher.fetch(m.url!);
      data = fetched.data;
      const served = fetched.contentType;
      if (mimetype && served && served !== 'application/octet-stream' && served !== mimetype) {
        throw new ValidationError('request is invalid', { 'media.mimetype': [`declared ${mimetype} but the URL served ${served}`] });
      }
      mimetype = mimetype ?? served;
    }
    if (!data.length) throw new ValidationError('request is invalid', { media: ['media is empty'] });
    if (!mimetype) throw new ValidationError('request is invalid', { 'media.mimetype': ['mimetype is required (the URL declared none)'] });
    if (!FAMILY[type](mimetype)) throw new ValidationError('request is invalid', { 'media.mimetype': [`${mimetype} is not a valid type for ${type}`] });
    return { data, mimetype };
  }

  async get(orgId: string, sessionId: string, id: string): Promise<MessageEntity> {
    await this.sessions.require(orgId, sessionId);
    const msg = await this.repo.findById(sessionId, id);
    if (!msg) throw new NotFoundError('message not found');
    return msg;
  }

  async media(orgId: string, sessionId: string, id: string): Promise<{ data: Buffer; mimetype: string; fileName?: string }> {
    const msg = await this.get(orgId, sessionId, id);
    if (msg.revokedAt) throw new GoneError('the message was deleted for everyone', { revokedAt: msg.revokedAt.toISOString() });
    if (!msg.media) throw new NotFoundError('this message has no media');
    if (!msg.raw) throw new ConflictError('the media is not available until the message is sent', { status: msg.status });
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    const { data, mimetype } = await onWhatsApp('downloading the media', () => connection.messages.downloadMedia(msg.raw!));
    return { data, mimetype: msg.media.mimetype ?? mimetype, fileName: msg.media.fileName };
  }

  async revoke(orgId: string, sessionId: string, id: string): Promise<MessageEntity> {
    const msg = await this.get(orgId, sessionId, id);
    if (msg.revokedAt) return msg;
    if (!msg.fromMe) throw new ConflictError('only messages this session sent can be revoked');
    if (msg.status === 'queued' || msg.status === 'failed') throw new ConflictError('the message was not sent', { status: msg.status });
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    await onWhatsApp('revoking the message', () => connection.messages.revoke(chatJidOf(msg.raw) ?? msg.chatJid, msg.waMessageId, true));
    return this.repo.markRevoked(msg);
  }

  /**
   * Edits a text or caption this session sent, within WhatsApp's edit window (EDIT_WINDOW_MS from
   * its send time). The edit is stored like one made on the session's own phone (InboundIngest →
   * MessageChanges): the new text, `editedAt`, one `message.edited` event. The same text again
   * changes nothing and sends nothing.
   */
  async edit(orgId: string, sessionId: string, id: string, text: string): Promise<MessageEntity> {
    const msg = await this.get(orgId, sessionId, id);
    const editable = editableType(msg);
    if (msg.revokedAt) throw new ConflictError('the message was deleted for everyone', { reason: 'revoked' });
    if (!msg.fromMe) throw new ConflictError('only messages this session sent can be edited', { reason: 'not_own' });
    if (msg.status === 'queued' || msg.status === 'failed' || !msg.raw) throw new ConflictError('the message was not sent', { reason: 'not_sent', status: msg.status });
    if (!editable) throw new ConflictError('only a text or the caption of an image, video or document can be edited', { reason: 'not_editable', type: msg.type });
    const editableUntil = new Date(msg.timestamp.getTime() + EDIT_WINDOW_MS);
    if (Date.now() > editableUntil.getTime()) {
      throw new ConflictError('the edit window has passed: WhatsApp lets a message be edited for 15 minutes after it was sent', {
        reason: 'edit_window_passed',
        sentAt: msg.timestamp.toISOString(),
        editableUntil: editableUntil.toISOString(),
      });
    }
    if (msg.text === text) return msg;
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    const edit = await onWhatsApp('editing the message', () =>
      connection.messages.edit({ chatJid: chatJidOf(msg.raw) ?? msg.chatJid, waMessageId: msg.waMessageId, type: editable }, text),
    );
    await this.ingest.storeOwnChange(orgId, sessionId, edit);
    return (await this.repo.findById(sessionId, msg.id)) ?? msg;
  }

  async listChats(orgId: string, sessionId: string, limit = DEFAULT_LIMIT, cursor?: string): Promise<Page<ChatEntity>> {
    await this.sessions.require(orgId, sessionId);
    return this.cursors.page(
      { scope: `chats:${sessionId}`, limit, cursor },
      (after, n) => this.repo.listChats(sessionId, n, after),
      (c) => [c.lastMessageAt.toISOString(), c.jid],
    );
  }

  /**
   * Marks a chat read (see ReadMarks): read receipts for its unread received messages, up to
   * `upTo` when given (a received message of this chat).
   */
  async markRead(orgId: string, sessionId: string, jid: string, upTo?: string): Promise<{ chatJid: string; marked: number; unreadCount: number }> {
    const given = parseRecipient(jid)?.jid;
    if (!given) throw new ValidationError('request is invalid', { jid: [`jid ${RECIPIENT_RULE}`] });
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    // A person's chat is found under either form (LID or number) once the pair is known.
    const chatJid = await this.lids.resolveChat(sessionId, given);
    if (!(await this.repo.chatExists(sessionId, chatJid))) throw new NotFoundError('chat not found');
    let bound: [Date, string] | undefined;
    if (upTo !== undefined) {
      const target = await this.repo.findInSession(sessionId, upTo);
      if (!target || target.chatJid !== chatJid) throw new NotFoundError('no such message in this chat', { upTo });
      if (target.fromMe) throw new ValidationError('request is invalid', { upTo: ['must be a received message, not one this session sent'] });
      bound = [target.timestamp, target.id];
    }
    return { chatJid, ...(await this.readMarks.markChatRead(connection, sessionId, chatJid, bound)) };
  }

  async listChatMessages(orgId: string, sessionId: string, jid: string, limit = DEFAULT_LIMIT, cursor?: string): Promise<Page<MessageEntity>> {
    const given = parseRecipient(jid)?.jid;
    if (!given) throw new ValidationError('request is invalid', { jid: [`jid ${RECIPIENT_RULE}`] });
    await this.sessions.require(orgId, sessionId);
    // A person's chat is found under either form (LID or number) once the pair is known.
    const chatJid = await this.lids.resolveChat(sessionId, given);
    return this.cursors.page(
      { scope: `chat-messages:${sessionId}:${chatJid}`, limit, cursor },
      async (after, n) => {
        const rows = await this.repo.listChatMessages(sessionId, chatJid, n, after);
        if (!rows.length && !after && !(await this.repo.chatExists(sessionId, chatJid))) throw new NotFoundError('chat not found');
        return rows;
      },
      (m) => [m.timestamp.toISOString(), m.id],
    );
  }
}

/** What an edit of this message changes: its text, or its caption (media without a caption has nothing to edit). */
function editableType(msg: MessageEntity): 'text' | 'image' | 'video' | 'document' | undefined {
  if (msg.type === 'text') return 'text';
  if ((msg.type === 'image' || msg.type === 'video' || msg.type === 'document') && msg.media?.caption) return msg.type;
  return undefined;
}

/** Message types whose text (or caption) may mention users. */
const MENTIONABLE = new Set(['text', 'image', 'video', 'document']);

/**
 * The text with `@<user>` for each mentioned user (WhatsApp highlights a mention where the text
 * names it so): those the text does not name yet are appended.
 */
function withMentions(text: string, mentions: string[] | undefined): string {
  if (!mentions) return text;
  const missing = [...new Set(mentions.map((j) => j.split('@')[0]))].filter((user) => !new RegExp(`@${user}(?!\\d)`).test(text));
  return missing.length ? `${text}${text ? ' ' : ''}${missing.map((u) => `@${u}`).join(' ')}` : text;
}

/**
 * Sending needs a linked session that is meant to run. Momentarily starting or reconnecting is
 * fine (the message waits in the queue); stopped, logged out, failed or still pairing is not.
 */
function assertCanSend(session: SessionView): void {
  const transient = session.status === 'connected' || session.status === 'starting' || session.status === 'reconnecting';
  if (session.desiredState !== 'running' || !session.jid || !transient) {
    throw new ConflictError(`the session cannot send: it is ${session.status}${session.jid ? '' : ' and not linked'}`, { status: session.status });
  }
}
