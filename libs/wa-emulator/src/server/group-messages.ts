import { getBinaryNodeChild, getBinaryNodeChildren, proto, unpadRandomMax16, writeRandomPadMax16, type BinaryNode } from '@whiskeysockets/baileys';
import type { Group } from '../world/group';
import type { ProtocolAddress } from '../world/signal-party';
import { deliver, type Account, type Contact, type LinkedDevice, type Party, type ReceivedMessage } from '../world/world';
import type { Connection } from './connection';
import { nextId, nowSeconds, type ServerContext } from './context';
import { contactAddress, deviceAddress, deviceKey, distributedSet, stanzaType, type PreparedMessage } from './delivery';
import { GroupError } from './group-ops';
import { countRetryReceipt, isKeyReuseError, onContactDecryptFailure } from './retry';

/** Who sent a group message: a linked device of an account, or an emulated contact (its phone, device 0). */
export type GroupSender = { kind: 'device'; account: Account; deviceId: number } | { kind: 'contact'; contact: Contact };

/** One group message on its way to the members. */
interface GroupFanout {
  group: Group;
  sender: GroupSender;
  id: string;
  t: string;
  /** Stanza type (`text`, `media`, `reaction`...). */
  type: string;
  /** The plaintext, when the server knows it (a contact's message: it re-sends to contacts that failed). */
  message?: proto.IMessage;
}

/** The encrypted parts one recipient device gets: its own pairwise `enc` (sender key inside) if any, and the `skmsg`. */
interface DeviceParts {
  pairwise?: BinaryNode;
  skmsg?: BinaryNode;
}

const senderAddress = (s: GroupSender): ProtocolAddress =>
  s.kind === 'device' ? deviceAddress(s.account, s.deviceId) : contactAddress(s.contact);

/** The sender as the group message names it: `participant` (LID, with the device for companions), `participant_pn`, push name. */
function senderAttrs(s: GroupSender): { participant: string; participant_pn: string; notify: string } {
  if (s.kind === 'contact') return { participant: s.contact.lidJid, participant_pn: s.contact.pnJid, notify: s.contact.name };
  const { account: a, deviceId: d } = s;
  return { participant: `${a.lid}:${d}@lid`, participant_pn: `${a.phone}:${d}@s.whatsapp.net`, notify: a.name };
}

/**
 * Whether WhatsApp takes a group message from this sender; else the error code of its ack: 404
 * (no such group), 403 (not a participant, or an announcement group and not an admin).
 */
export function groupSendRefusal(group: Group | undefined, sender: Party): number | undefined {
  if (!group) return 404;
  if (!group.member(sender)) return 403;
  if (group.announce && !group.isAdmin(sender)) return 403;
  return undefined;
}

/** `<lid user>:<device>` of a device jid of the world (PN or LID form), as the fan-out keys encs. */
function keyOfJid(ctx: ServerContext, jid: string | undefined): string | undefined {
  const party = ctx.world.resolve(jid);
  if (!party || !jid) return undefined;
  const device = Number(jid.split('@')[0].split(':')[1] ?? 0);
  return deviceKey(party.kind === 'account' ? party.account.lid : party.contact.lid, device);
}

/**
 * A linked device sends to a group: `<message to="<group>">` with one `<enc type="skmsg">` (the
 * message, encrypted once with the device's sender key) and `<participants>`: a `<to jid>` with a
 * pairwise `<enc type="pkmsg|msg">` (the SenderKeyDistributionMessage) for each device the sender
 * key is new to. The server checks the sender may post (else an ack with `error`, and nothing is
 * relayed), acks, then hands every other member device its own `enc` (if any) plus the `skmsg`,
 * `from` the group with the sender as `participant`. A re-send after a retry receipt names one
 * device (`participant`) and carries a pairwise `enc` only: it goes to that device alone.
 */
export async function handleDeviceGroupMessage(ctx: ServerContext, conn: Connection, node: BinaryNode): Promise<void> {
  const { account, device } = conn;
  if (!account || !device) return;
  const id = node.attrs.id;
  const to = node.attrs.to;
  const group = ctx.world.groups.get(to);
  const refusal = groupSendRefusal(group, { kind: 'account', account });
  if (refusal || !group) {
    conn.sendNode({ tag: 'ack', attrs: { class: 'message', id, from: to, t: String(nowSeconds()), error: String(refusal) } });
    ctx.world.emit('group-refused', group, id, refusal, account);
    return;
  }
  const t = String(nowSeconds());
  conn.sendNode({ tag: 'ack', attrs: { class: 'message', id, from: group.jid, t } });
  const fanout: GroupFanout = { group, sender: { kind: 'device', account, deviceId: device.id }, id, t, type: node.attrs.type ?? 'text' };
  const encs = getBinaryNodeChildren(node, 'enc');
  const skmsg = encs.find((e) => e.attrs.type === 'skmsg');
  if (node.attrs.participant) {
    const only = keyOfJid(ctx, node.attrs.participant);
    const pairwise = encs.find((e) => e.attrs.type !== 'skmsg');
    if (only) await fanOut(ctx, fanout, async (key) => (key === only ? { pairwise, skmsg } : undefined));
    return;
  }
  const pairwiseByDevice = new Map<string, BinaryNode>();
  for (const target of getBinaryNodeChildren(getBinaryNodeChild(node, 'participants'), 'to')) {
    const enc = getBinaryNodeChild(target, 'enc');
    const key = keyOfJid(ctx, target.attrs.jid);
    if (enc && key) pairwiseByDevice.set(key, enc);
  }
  await fanOut(ctx, fanout, async (key) => ({ pairwise: pairwiseByDevice.get(key), skmsg }));
  ctx.world.emit('group-message', group, id, fanout.sender);
}

/** Where fan-out puts an account device's stanza: `deliver` (now, or queued while offline), or a prepared message's list. */
type DeviceSink = (device: LinkedDevice, node: BinaryNode) => void;

/**
 * Hands a group message to every member device but the sending one: account devices get a stanza
 * (queued while offline; or handed to `sink`), emulated contacts decrypt it in process (a contact
 * that skips group decryption only sends its automatic receipt). `partsFor` gives a device's parts
 * (undefined or empty: that device gets nothing).
 */
async function fanOut(
  ctx: ServerContext,
  f: GroupFanout,
  partsFor: (key: string) => Promise<DeviceParts | undefined>,
  sink: DeviceSink = deliver,
): Promise<void> {
  const attrs = { from: f.group.jid, ...senderAttrs(f.sender), addressing_mode: 'lid', id: f.id, t: f.t, type: f.type };
  for (const { party } of [...f.group.members.values()]) {
    if (party.kind === 'account') {
      for (const d of party.account.devices.values()) {
        if (f.sender.kind === 'device' && f.sender.account === party.account && f.sender.deviceId === d.id) continue;
        const parts = await partsFor(deviceKey(party.account.lid, d.id));
        // Pairwise first: the recipient must hold the sender key before it meets the skmsg.
        const content = [parts?.pairwise, parts?.skmsg].filter((n): n is BinaryNode => !!n);
        if (content.length) sink(d, { tag: 'message', attrs: { ...attrs }, content });
      }
    } else if (!(f.sender.kind === 'contact' && f.sender.contact === party.contact)) {
      if (party.contact.skipsGroupDecryption) {
        sendGroupAutoReceipts(ctx, party.contact, f);
        continue;
      }
      const parts = await partsFor(deviceKey(party.contact.lid, 0));
      if (parts?.pairwise || parts?.skmsg) await contactReceivesGroupMessage(ctx, party.contact, f, parts);
    }
  }
}

const hasContent = (m: proto.Message) => Object.keys(m.toJSON()).some((k) => k !== 'senderKeyDistributionMessage' && k !== 'messageContextInfo');

/**
 * An emulated contact receives a group message as a strict client: the pairwise part (if any) is
 * decrypted with its Signal session and the sender key inside it stored; then the `skmsg` is
 * decrypted with that sender key. Whatever fails is answered with a retry receipt to the sending
 * device (a NACK for a re-used message key), never dropped silently.
 */
async function contactReceivesGroupMessage(ctx: ServerContext, contact: Contact, f: GroupFanout, parts: DeviceParts): Promise<void> {
  const from = senderAddress(f.sender);
  let message: proto.IMessage | undefined;
  try {
    if (parts.pairwise) {
      const plain = await contact.signal.decrypt(from, parts.pairwise.attrs.type, parts.pairwise.content as Uint8Array);
      const m = proto.Message.decode(unpadRandomMax16(plain));
      const skdm = m.senderKeyDistributionMessage?.axolotlSenderKeyDistributionMessage;
      if (skdm?.length) await contact.senderKeys.process(f.group.jid, from, skdm);
      // A re-send after a retry receipt carries the message itself next to the sender key.
      if (hasContent(m)) message = m;
    }
    if (parts.skmsg) {
      const plain = await contact.senderKeys.decrypt(f.group.jid, from, parts.skmsg.content as Uint8Array);
      message = proto.Message.decode(unpadRandomMax16(plain));
    }
    if (!message) throw new Error('Message absent from node');
  } catch (err) {
    ctx.world.emit('decrypt-error', contact, f.id, err);
    if (f.sender.kind === 'device') {
      onContactDecryptFailure(ctx, contact, f.sender.account.devices.get(f.sender.deviceId), f.id, f.t, err, f.group.jid);
    } else {
      await retryFromContact(ctx, contact, f, err);
    }
    return;
  }
  contact.retriesById.delete(f.id);
  const sender = f.sender.kind === 'device' ? f.sender.account : f.sender.contact;
  const received: ReceivedMessage = {
    id: f.id,
    from: sender.phone,
    fromDevice: f.sender.kind === 'device' ? f.sender.deviceId : 0,
    to: contact.phone,
    chatJid: f.group.jid,
    group: f.group.jid,
    sender: senderAttrs(f.sender).participant,
    encType: parts.skmsg ? 'skmsg' : (parts.pairwise?.attrs.type ?? ''),
    message,
    t: nowSeconds(),
  };
  contact.inbox.push(received);
  ctx.world.emit('contact-message', contact, received);
  sendGroupAutoReceipts(ctx, contact, f);
}

/** A contact's automatic receipts for a device's group message (delivered; read too when `autoRead`). */
function sendGroupAutoReceipts(ctx: ServerContext, contact: Contact, f: GroupFanout): void {
  if (f.sender.kind !== 'device' || !contact.autoDeliver) return;
  const device = f.sender.account.devices.get(f.sender.deviceId);
  // Group receipts come from the group and name the recipient as `participant` (Baileys emits them
  // as message-receipt.update). Delayed for the same reason as 1:1 receipts (see stanzas.ts).
  setTimeout(() => {
    const attrs = { from: f.group.jid, participant: contact.lidJid, id: f.id, t: String(nowSeconds()) };
    device?.conn?.sendNode({ tag: 'receipt', attrs });
    if (contact.autoRead) device?.conn?.sendNode({ tag: 'receipt', attrs: { ...attrs, type: 'read' } });
  }, ctx.receiptDelayMs);
}

/**
 * Between two emulated contacts the "retry receipt" is in process: counted like any (a key re-use
 * is a NACK), then the sending contact re-sends pairwise with a fresh session, its sender key inside.
 */
async function retryFromContact(ctx: ServerContext, contact: Contact, f: GroupFanout, err: unknown): Promise<void> {
  if (f.sender.kind !== 'contact' || !f.message) return;
  if (isKeyReuseError(err)) return onContactDecryptFailure(ctx, contact, undefined, f.id, f.t, err);
  const count = countRetryReceipt(ctx, contact, f.id);
  if (!count) return;
  ctx.world.emit('retry-receipt', contact, f.id, count);
  const from = f.sender.contact;
  from.signal.dropSession(contactAddress(contact));
  const skdm = await from.senderKeys.distribution(f.group.jid, contactAddress(from));
  const message = { ...f.message, senderKeyDistributionMessage: { groupId: f.group.jid, axolotlSenderKeyDistributionMessage: skdm } };
  const pairwise = await pairwiseEnc(from, contactAddress(contact), message, () => contact.signal.bundle(), { count: String(count) });
  from.resendsSent++;
  ctx.world.retryStats.contactResends++;
  ctx.world.emit('contact-resend', from, f.id, count);
  await contactReceivesGroupMessage(ctx, contact, f, { pairwise });
}

async function pairwiseEnc(
  from: Contact,
  to: ProtocolAddress,
  message: proto.IMessage,
  bundleFor: Parameters<Contact['signal']['encrypt']>[2],
  attrs: Record<string, string> = {},
): Promise<BinaryNode> {
  const plaintext = writeRandomPadMax16(proto.Message.encode(message).finish());
  const { type, ciphertext } = await from.signal.encrypt(to, plaintext, bundleFor);
  return { tag: 'enc', attrs: { v: '2', type, ...attrs }, content: ciphertext };
}

/**
 * An emulated contact posts to a group the WhatsApp way: the message is encrypted once with the
 * contact's sender key (`skmsg`), and each member device that does not have that key yet gets it
 * in a pairwise `pkmsg`/`msg` (a SenderKeyDistributionMessage). Account devices receive
 * `<message from="<group>" participant="<contact lid>" participant_pn notify>`; other contacts
 * decrypt in process. Refused like the server refuses a device (403 / 404, as a GroupError).
 */
export async function sendGroupFromContact(
  ctx: ServerContext,
  contact: Contact,
  group: Group,
  message: proto.IMessage,
  opts: { id?: string } = {},
): Promise<{ id: string; t: number }> {
  return postFromContact(ctx, contact, group, message, opts, deliver);
}

/**
 * `sendGroupFromContact` with the Signal cost paid now and the account devices' stanzas kept for
 * `pushPrepared` (load generation, as `prepareFromContact` for 1:1). The emulated contacts in the
 * group receive it now (in process); no `group-message` event.
 */
export async function prepareGroupFromContact(
  ctx: ServerContext,
  contact: Contact,
  group: Group,
  message: proto.IMessage,
  opts: { id?: string } = {},
): Promise<PreparedMessage> {
  const deliveries: PreparedMessage['deliveries'] = [];
  const { id, t } = await postFromContact(ctx, contact, group, message, opts, (device, node) => deliveries.push({ device, node }));
  return { id, t, deliveries };
}

async function postFromContact(
  ctx: ServerContext,
  contact: Contact,
  group: Group,
  message: proto.IMessage,
  opts: { id?: string },
  sink: DeviceSink,
): Promise<{ id: string; t: number }> {
  const refusal = groupSendRefusal(group, { kind: 'contact', contact });
  if (refusal) throw new GroupError(refusal, refusal === 404 ? 'item-not-found' : 'forbidden');
  const id = opts.id ?? nextId('3EB0');
  const t = nowSeconds();
  const self = contactAddress(contact);
  // The distribution message first: it carries the chain where this message's key starts.
  const skdm = await contact.senderKeys.distribution(group.jid, self);
  const body = await contact.senderKeys.encrypt(group.jid, self, writeRandomPadMax16(proto.Message.encode(message).finish()));
  const { type, mediatype } = stanzaType(message);
  const encAttrs: Record<string, string> = mediatype ? { v: '2', mediatype } : { v: '2' };
  const skmsg: BinaryNode = { tag: 'enc', attrs: { ...encAttrs, type: 'skmsg' }, content: body };
  const keyMessage: proto.IMessage = { senderKeyDistributionMessage: { groupId: group.jid, axolotlSenderKeyDistributionMessage: skdm } };
  const distributed = distributedSet(contact, group.jid);
  // Remembered before anything goes out: a device's retry receipt may come back meanwhile.
  contact.rememberSent(id, { to: '', group: group.jid, message, t, fromPn: false });
  const fanout: GroupFanout = { group, sender: { kind: 'contact', contact }, id, t: String(t), type, message };
  await fanOut(ctx, fanout, async (key) => {
    if (distributed.has(key)) return { skmsg };
    const [lid, device] = key.split(':');
    const target = ctx.world.resolve(`${lid}@lid`);
    let pairwise: BinaryNode | undefined;
    try {
      if (target?.kind === 'account') {
        const acc = target.account;
        pairwise = await pairwiseEnc(contact, deviceAddress(acc, Number(device)), keyMessage, () => acc.bundleFor(Number(device)), encAttrs);
      } else if (target?.kind === 'contact') {
        const c = target.contact;
        pairwise = await pairwiseEnc(contact, contactAddress(c), keyMessage, () => (c.keysWithheld ? undefined : c.signal.bundle()), encAttrs);
      }
      distributed.add(key);
    } catch (err) {
      // No keys for that device: it gets the skmsg alone and will ask with a retry receipt.
      ctx.world.emit('encrypt-error', contact, id, key, err);
    }
    return { pairwise, skmsg };
  }, sink);
  if (sink === deliver) ctx.world.emit('group-message', group, id, fanout.sender);
  return { id, t };
}
