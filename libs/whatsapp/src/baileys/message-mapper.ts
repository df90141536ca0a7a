import { createHash } from 'node:crypto';
import { decryptPollVote, getContentType, jidNormalizedUser, normalizeMessageContent, proto, WAMessage } from '@whiskeysockets/baileys';
import { InboundMessage, isLidJid, isNewsletterJid, isUserJid, MessageChange, MessageType, PollVoteReader, StatusUpdate } from '../port';
import { deserialize, serialize } from './auth-state';

const MEDIA_TYPES: Partial<Record<keyof proto.IMessage, MessageType>> = {
  imageMessage: 'image',
  videoMessage: 'video',
  audioMessage: 'audio',
  documentMessage: 'document',
  documentWithCaptionMessage: 'document',
  stickerMessage: 'sticker',
};

/** Content types that carry no user message (key distribution, protocol, receipts). */
const SKIPPED = new Set<string>(['protocolMessage', 'senderKeyDistributionMessage', 'messageContextInfo']);

const toNumber = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));

/** Maps a Baileys message to the port's shape; undefined for records that are not user messages. */
export function toInboundMessage(msg: WAMessage): InboundMessage | undefined {
  const key = msg.key;
  if (!key?.remoteJid || !key.id) return undefined;
  const content = normalizeMessageContent(msg.message);
  const contentType = getContentType(content ?? undefined);
  if (!content || !contentType) return undefined;
  // Changes to earlier messages travel as messages; channels' own edits are not ours to apply.
  const change = isNewsletterJid(key.remoteJid) ? undefined : toChange(content, msg);
  if (!change && (SKIPPED.has(contentType) || contentType === 'pollUpdateMessage')) return undefined;

  const timestamp = new Date(Number(msg.messageTimestamp ?? Math.floor(Date.now() / 1000)) * 1000);
  const senderJid = key.participant || (key.fromMe ? undefined : key.remoteJid);
  const alt = (key as { remoteJidAlt?: string; participantAlt?: string }).participantAlt ?? (key as { remoteJidAlt?: string }).remoteJidAlt;
  const out: InboundMessage = {
    waMessageId: key.id,
    chatJid: key.remoteJid,
    fromMe: Boolean(key.fromMe),
    sender: senderJid ?? undefined,
    senderPn: [senderJid, alt].find((j) => j && isUserJid(j)) ?? undefined,
    senderLid: [senderJid, alt].find((j) => j && isLidJid(j)) ?? undefined,
    pushName: msg.pushName ?? undefined,
    timestamp,
    type: 'unknown',
    serverId: (key as { server_id?: string }).server_id,
    // Baileys folds receipts that beat its own upsert of a sent message into that record.
    status: key.fromMe && typeof msg.status === 'number' ? STATUS[msg.status] : undefined,
    raw: serialize(msg),
  };
  if (change) {
    out.change = change;
    return out;
  }

  const c = content;
  let contextInfo: proto.IContextInfo | null | undefined;
  if (c.conversation || c.extendedTextMessage) {
    out.type = 'text';
    out.text = c.conversation ?? c.extendedTextMessage?.text ?? '';
    contextInfo = c.extendedTextMessage?.contextInfo;
  } else if (MEDIA_TYPES[contentType]) {
    out.type = MEDIA_TYPES[contentType]!;
    const m = (contentType === 'documentWithCaptionMessage'
      ? c.documentWithCaptionMessage?.message?.documentMessage
      : (c as Record<string, unknown>)[contentType]) as proto.Message.IDocumentMessage &
      proto.Message.IImageMessage &
      proto.Message.IAudioMessage &
      proto.Message.IVideoMessage;
    out.media = {
      mimetype: m?.mimetype ?? undefined,
      fileName: m?.fileName ?? undefined,
      fileLength: toNumber(m?.fileLength),
      caption: m?.caption ?? undefined,
      seconds: m?.seconds ?? undefined,
      voiceNote: contentType === 'audioMessage' ? Boolean(m?.ptt) : undefined,
      width: m?.width ?? undefined,
      height: m?.height ?? undefined,
    };
    if (m?.caption) out.text = m.caption;
    contextInfo = m?.contextInfo;
  } else if (c.locationMessage || c.liveLocationMessage) {
    const l = c.locationMessage ?? c.liveLocationMessage!;
    out.type = 'location';
    out.location = {
      latitude: Number(l.degreesLatitude),
      longitude: Number(l.degreesLongitude),
      name: (l as proto.Message.ILocationMessage).name ?? undefined,
      address: (l as proto.Message.ILocationMessage).address ?? undefined,
    };
  } else if (c.contactMessage || c.contactsArrayMessage) {
    out.type = 'contact';
    const first = c.contactMessage ?? c.contactsArrayMessage?.contacts?.[0];
    out.contact = { displayName: first?.displayName ?? undefined, vcard: first?.vcard ?? '' };
  } else if (c.reactionMessage) {
    out.type = 'reaction';
    const sentAt = toNumber(c.reactionMessage.senderTimestampMs);
    out.reaction = { targetId: c.reactionMessage.key?.id ?? '', emoji: c.reactionMessage.text ?? '', sentAt: sentAt ? new Date(sentAt) : timestamp };
  } else if (c.pollCreationMessage || c.pollCreationMessageV2 || c.pollCreationMessageV3) {
    const p = c.pollCreationMessage ?? c.pollCreationMessageV2 ?? c.pollCreationMessageV3!;
    out.type = 'poll';
    out.poll = { name: p.name ?? '', options: (p.options ?? []).map((o) => o.optionName ?? ''), selectableCount: p.selectableOptionsCount ?? 0 };
  }
  if (contextInfo?.stanzaId) out.quotedId = contextInfo.stanzaId;
  return out;
}

/**
 * A delete for everyone (protocolMessage REVOKE), an edit (protocolMessage MESSAGE_EDIT; phones
 * wrap it in `editedMessage`, which normalizeMessageContent unwraps) or a poll vote. Baileys emits
 * these in messages.upsert like any message (and then, for revokes and edits, a messages.update
 * naming the target); taking them from the upsert means they are stored before WhatsApp gets their
 * receipt, like every message. Other protocol messages are no changes: undefined.
 */
function toChange(c: proto.IMessage, msg: WAMessage): MessageChange | undefined {
  const p = c.protocolMessage;
  const at = (ms: unknown) => (toNumber(ms) ? new Date(toNumber(ms)!) : new Date(Number(msg.messageTimestamp ?? Math.floor(Date.now() / 1000)) * 1000));
  if (p?.key?.id && p.type === proto.Message.ProtocolMessage.Type.REVOKE) return { kind: 'revoke', targetId: p.key.id };
  if (p?.key?.id && p.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT && p.editedMessage) {
    const text = textOf(p.editedMessage);
    return text === undefined ? undefined : { kind: 'edit', targetId: p.key.id, text, editedAt: at(p.timestampMs) };
  }
  const vote = c.pollUpdateMessage;
  if (vote?.pollCreationMessageKey?.id && vote.vote?.encPayload && vote.vote.encIv) {
    return {
      kind: 'poll_vote',
      pollId: vote.pollCreationMessageKey.id,
      vote: { encPayload: Buffer.from(vote.vote.encPayload).toString('base64'), encIv: Buffer.from(vote.vote.encIv).toString('base64') },
      votedAt: at(vote.senderTimestampMs),
    };
  }
  return undefined;
}

/** The text of an edited message's new content: its text, or its caption for media. */
function textOf(message: proto.IMessage): string | undefined {
  const m = normalizeMessageContent(message);
  if (!m) return undefined;
  return (
    m.conversation ??
    m.extendedTextMessage?.text ??
    m.imageMessage?.caption ??
    m.videoMessage?.caption ??
    m.documentMessage?.caption ??
    undefined
  );
}

/** The port's PollVoteReader with Baileys' decryptPollVote. */
export const baileysPollVoteReader: PollVoteReader = {
  read(poll, vote) {
    let record: WAMessage;
    try {
      record = deserialize<WAMessage>(poll.raw);
    } catch {
      return undefined;
    }
    const content = normalizeMessageContent(record.message);
    // Records of proto objects went through their toJSON: bytes are base64 strings there.
    const stored: Uint8Array | string | null | undefined = record.message?.messageContextInfo?.messageSecret ?? content?.messageContextInfo?.messageSecret;
    const secret = typeof stored === 'string' ? Buffer.from(stored, 'base64') : stored;
    const creation = content?.pollCreationMessage ?? content?.pollCreationMessageV2 ?? content?.pollCreationMessageV3;
    if (!secret?.length || !creation) return undefined;
    const encrypted = { encPayload: Buffer.from(vote.encrypted.encPayload, 'base64'), encIv: Buffer.from(vote.encrypted.encIv, 'base64') };
    const forms = (jids: string[]) => [...new Set(jids.filter(Boolean).map((j) => jidNormalizedUser(j)))];
    for (const pollCreatorJid of forms(poll.creatorJids)) {
      for (const voterJid of forms(vote.voterJids)) {
        let selected: proto.Message.PollVoteMessage;
        try {
          selected = decryptPollVote(encrypted, { pollCreatorJid, pollMsgId: poll.waMessageId, pollEncKey: secret, voterJid });
        } catch {
          continue; // another JID form, or not a vote of this poll
        }
        // Options are named by the SHA-256 of their name; hashes of no option are dropped.
        const chosen = new Set((selected.selectedOptions ?? []).map((h) => Buffer.from(h).toString('hex')));
        const names = (creation.options ?? []).map((o) => o.optionName ?? '');
        return [...new Set(names.filter((n) => chosen.has(createHash('sha256').update(n).digest('hex'))))];
      }
    }
    return undefined;
  },
};

const STATUS: Record<number, StatusUpdate['status'] | undefined> = {
  0: 'failed',
  2: 'sent',
  3: 'delivered',
  4: 'read',
  5: 'played',
};

/**
 * A member's receipt for a message the session sent to a group (Baileys reports those per member,
 * as `message-receipt.update`, not as a status): the message is `delivered` once a member's device
 * has it, `read` (`played`) once a member read (played) it.
 */
export function toGroupReceiptStatus(r: { key: proto.IMessageKey; receipt: { readTimestamp?: unknown; playedTimestamp?: unknown; receiptTimestamp?: unknown } }): StatusUpdate | undefined {
  if (!r.key.fromMe || !r.key.remoteJid || !r.key.id) return undefined;
  const status = r.receipt.playedTimestamp ? 'played' : r.receipt.readTimestamp ? 'read' : r.receipt.receiptTimestamp ? 'delivered' : undefined;
  return status ? { chatJid: r.key.remoteJid, waMessageId: r.key.id, fromMe: true, status } : undefined;
}

export function toStatusUpdate(update: { key: proto.IMessageKey; update: Partial<WAMessage> }): StatusUpdate | undefined {
  const status = update.update.status;
  if (status === null || status === undefined || !update.key.remoteJid || !update.key.id) return undefined;
  const mapped = STATUS[status];
  if (!mapped) return undefined;
  return { chatJid: update.key.remoteJid, waMessageId: update.key.id, fromMe: Boolean(update.key.fromMe), status: mapped };
}
