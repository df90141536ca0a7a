import { getContentType, normalizeMessageContent, proto, WAMessage } from '@whiskeysockets/baileys';
import { InboundMessage, MessageType, StatusUpdate } from '../port';
import { serialize } from './auth-state';

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
  if (!content || !contentType || SKIPPED.has(contentType)) return undefined;

  const timestamp = new Date(Number(msg.messageTimestamp ?? Math.floor(Date.now() / 1000)) * 1000);
  const senderJid = key.participant || (key.fromMe ? undefined : key.remoteJid);
  const alt = (key as { remoteJidAlt?: string; participantAlt?: string }).participantAlt ?? (key as { remoteJidAlt?: string }).remoteJidAlt;
  const out: InboundMessage = {
    waMessageId: key.id,
    chatJid: key.remoteJid,
    fromMe: Boolean(key.fromMe),
    sender: senderJid ?? undefined,
    senderPn: [senderJid, alt].find((j) => j?.endsWith('@s.whatsapp.net')) ?? undefined,
    senderLid: [senderJid, alt].find((j) => j?.endsWith('@lid')) ?? undefined,
    pushName: msg.pushName ?? undefined,
    timestamp,
    type: 'unknown',
    serverId: (key as { server_id?: string }).server_id,
    // Baileys folds receipts that beat its own upsert of a sent message into that record.
    status: key.fromMe && typeof msg.status === 'number' ? STATUS[msg.status] : undefined,
    raw: serialize(msg),
  };

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
    out.reaction = { targetId: c.reactionMessage.key?.id ?? '', emoji: c.reactionMessage.text ?? '' };
  } else if (c.pollCreationMessage || c.pollCreationMessageV2 || c.pollCreationMessageV3) {
    const p = c.pollCreationMessage ?? c.pollCreationMessageV2 ?? c.pollCreationMessageV3!;
    out.type = 'poll';
    out.poll = { name: p.name ?? '', options: (p.options ?? []).map((o) => o.optionName ?? ''), selectableCount: p.selectableOptionsCount ?? 0 };
  }
  if (contextInfo?.stanzaId) out.quotedId = contextInfo.stanzaId;
  return out;
}

const STATUS: Record<number, StatusUpdate['status'] | undefined> = {
  0: 'failed',
  2: 'sent',
  3: 'delivered',
  4: 'read',
  5: 'played',
};

export function toStatusUpdate(update: { key: proto.IMessageKey; update: Partial<WAMessage> }): StatusUpdate | undefined {
  const status = update.update.status;
  if (status === null || status === undefined || !update.key.remoteJid || !update.key.id) return undefined;
  const mapped = STATUS[status];
  if (!mapped) return undefined;
  return { chatJid: update.key.remoteJid, waMessageId: update.key.id, fromMe: Boolean(update.key.fromMe), status: mapped };
}
