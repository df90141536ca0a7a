import { getBinaryNodeChild, getBinaryNodeChildren, proto, unpadRandomMax16, type BinaryNode, type MediaType } from '@whiskeysockets/baileys';
import { decryptMedia } from '../media/media-store';
import { deliver, type Account, type Contact, type ReceivedMessage } from '../world/world';
import type { Connection } from './connection';
import { nowSeconds, type ServerContext } from './context';
import { deviceAddress } from './delivery';
import { handleDeviceGroupMessage } from './group-messages';
import { applyEditToContact } from './edits';
import { handleIq } from './iq';
import { publishPost } from './newsletters';
import { handleClientChatState, handleClientPresence, onDeviceReadReceipt } from './presence';
import { onContactDecryptFailure, onDeviceRetryReceipt } from './retry';

const MEDIA_FIELDS: [keyof proto.IMessage, MediaType][] = [
  ['imageMessage', 'image'],
  ['documentMessage', 'document'],
  ['videoMessage', 'video'],
  ['audioMessage', 'audio'],
  ['stickerMessage', 'sticker'],
];

/** Routes every stanza a client sends after login. */
export function makeStanzaHandler(getCtx: () => ServerContext) {
  return async (conn: Connection, node: BinaryNode): Promise<void> => {
    const ctx = getCtx();
    switch (node.tag) {
      case 'iq':
        return handleIq(ctx, conn, node);
      case 'message':
        return handleClientMessage(ctx, conn, node);
      case 'receipt':
        return handleClientReceipt(ctx, conn, node);
      case 'presence':
        return handleClientPresence(ctx, conn, node);
      case 'chatstate':
        return handleClientChatState(ctx, conn, node);
      case 'ack':
        // Baileys acks what it receives without a receipt (channel posts, failed decryptions,
        // group notifications).
        if (node.attrs.class === 'message' || node.attrs.class === 'notification') conn.device?.unreceipted.delete(node.attrs.id);
        // Baileys acks a receipt after handling it (for a retry receipt: after any re-send).
        ctx.world.emit('device-ack', conn.account, node.attrs.class, node.attrs.id, node.attrs);
        return;
      default:
        // ib (unified_session), ...: nothing to answer.
        return;
    }
  };
}

/** Delivery/read/retry receipts the client sends for messages that contacts pushed to it. */
async function handleClientReceipt(ctx: ServerContext, conn: Connection, node: BinaryNode): Promise<void> {
  const ids = [node.attrs.id, ...getBinaryNodeChildren(getBinaryNodeChild(node, 'list'), 'item').map((i) => i.attrs.id)];
  for (const id of ids) conn.device?.unreceipted.delete(id);
  const type = node.attrs.type;
  if (type === 'retry') return onDeviceRetryReceipt(ctx, conn, node);
  let kind: 'delivered' | 'read' | undefined;
  if (!type || type === 'inactive') kind = 'delivered';
  else if (type === 'read' || type === 'read-self') kind = 'read';
  if (!kind) return;
  for (const id of ids) ctx.world.recordReceipt(id, kind);
  if (kind === 'read') onDeviceReadReceipt(ctx, conn, node, ids);
}

async function handleClientMessage(ctx: ServerContext, conn: Connection, node: BinaryNode): Promise<void> {
  const { account, device } = conn;
  if (!account || !device) return;
  const to = node.attrs.to;
  const id = node.attrs.id;
  if (to?.endsWith('@g.us')) return handleDeviceGroupMessage(ctx, conn, node);
  if (to?.endsWith('@newsletter')) {
    const ch = ctx.world.channels.get(to);
    const plain = getBinaryNodeChild(node, 'plaintext')?.content as Uint8Array | undefined;
    if (!ch || ch.owner !== account.phone || !plain) {
      conn.sendNode({ tag: 'ack', attrs: { class: 'message', id, from: to, error: '403' } });
      return;
    }
    const post = publishPost(ctx.world, ch, proto.Message.decode(plain));
    conn.sendNode({ tag: 'ack', attrs: { class: 'message', id, from: to, t: String(nowSeconds()), server_id: String(post.serverId) } });
    return;
  }
  const targets: { jid: string; enc: BinaryNode }[] = [];
  const participants = getBinaryNodeChild(node, 'participants');
  if (participants) {
    for (const t of getBinaryNodeChildren(participants, 'to')) {
      const enc = getBinaryNodeChild(t, 'enc');
      if (enc) targets.push({ jid: t.attrs.jid, enc });
    }
  } else {
    const enc = getBinaryNodeChild(node, 'enc');
    if (enc) targets.push({ jid: to, enc });
  }
  const t = String(nowSeconds());
  conn.sendNode({ tag: 'ack', attrs: { class: 'message', id, from: to, t } });
  for (const { jid, enc } of targets) {
    const party = ctx.world.resolve(jid);
    if (party?.kind === 'contact') await deliverToContact(ctx, conn, account, device.id, party.contact, node, enc, t);
    else if (party?.kind === 'account') forwardToAccount(ctx, account, device.id, party.account, jid, node, enc);
  }
}

async function deliverToContact(
  ctx: ServerContext,
  conn: Connection,
  account: Account,
  deviceId: number,
  contact: Contact,
  node: BinaryNode,
  enc: BinaryNode,
  t: string,
): Promise<void> {
  const encType = enc.attrs.type;
  let message: proto.IMessage;
  try {
    const plain = await contact.signal.decrypt(deviceAddress(account, deviceId), encType, enc.content as Uint8Array);
    message = proto.Message.decode(unpadRandomMax16(plain));
  } catch (err) {
    // A strict client: retry receipt (or NACK for a re-used key), never a silent drop.
    ctx.world.emit('decrypt-error', contact, node.attrs.id, err);
    onContactDecryptFailure(ctx, contact, account.devices.get(deviceId), node.attrs.id, t, err);
    return;
  }
  contact.retriesById.delete(node.attrs.id);
  const received: ReceivedMessage = {
    id: node.attrs.id,
    from: account.phone,
    fromDevice: deviceId,
    to: contact.phone,
    chatJid: node.attrs.to.replace(/:\d+@/, '@'),
    encType,
    message,
    t: nowSeconds(),
  };
  for (const [field, type] of MEDIA_FIELDS) {
    const m = message[field] as { directPath?: string | null; mediaKey?: Uint8Array | null } | null | undefined;
    const file = m?.directPath ? ctx.media.get(m.directPath) : undefined;
    if (file && m?.mediaKey) received.media = await decryptMedia(file, m.mediaKey, type).catch(() => undefined);
  }
  // An edit of an earlier message changes what the contact sees (or is ignored, see edits.ts).
  if (applyEditToContact(contact, received, node)?.applied) ctx.world.emit('contact-edit', contact, received);
  contact.inbox.push(received);
  ctx.world.emit('contact-message', contact, received);
  if (contact.autoDeliver) {
    // A short delay, like a real recipient's phone: an instant receipt races Baileys' own upsert of
    // the sent message and gets folded into it instead of surfacing as messages.update.
    setTimeout(() => {
      conn.sendNode({ tag: 'receipt', attrs: { from: received.chatJid, id: received.id, t: String(nowSeconds()) } });
      if (contact.autoRead) {
        conn.sendNode({ tag: 'receipt', attrs: { from: received.chatJid, id: received.id, t: String(nowSeconds()), type: 'read' } });
      }
    }, ctx.receiptDelayMs);
  }
}

/** Account-to-account (or own other device): relay the ciphertext to the addressed device. */
function forwardToAccount(
  ctx: ServerContext,
  sender: Account,
  senderDevice: number,
  target: Account,
  jid: string,
  node: BinaryNode,
  enc: BinaryNode,
): void {
  const deviceId = Number(jid.split('@')[0].split(':')[1] ?? 0);
  const device = target.devices.get(deviceId);
  if (!device) return;
  const attrs: Record<string, string> = {
    from: `${sender.lid}:${senderDevice}@lid`,
    sender_pn: `${sender.phone}:${senderDevice}@s.whatsapp.net`,
    addressing_mode: 'lid',
    id: node.attrs.id,
    t: String(nowSeconds()),
    type: node.attrs.type ?? 'text',
    notify: sender.name,
  };
  if (target === sender) attrs.recipient = node.attrs.to;
  const out: BinaryNode = { tag: 'message', attrs, content: [enc] };
  deliver(device, out);
  ctx.world.emit('relayed', sender, target, node.attrs.id);
}
