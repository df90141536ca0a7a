import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { proto, type MediaType } from '@whiskeysockets/baileys';
import { encryptMedia, type MediaStore } from '../media/media-store';
import { nowSeconds, type ServerContext } from '../server/context';
import { onContactDecryptFailure } from '../server/retry';
import { accountAddressPrefix, deviceAddress, prepareFromContact, pushPrepared, type PreparedMessage, type SendOptions } from '../server/delivery';
import { prepareGroupFromContact, sendGroupFromContact } from '../server/group-messages';
import type { Account, Contact, ReceivedMessage, World } from '../world/world';
import { GroupActor, type GroupRef } from './group-actor';

export type AccountRef = Account | string;

/** The scripted side of an emulated contact: what it sends to accounts and what it received. */
export class ContactApi {
  constructor(
    private readonly ctx: ServerContext,
    readonly contact: Contact,
  ) {}

  private get world(): World {
    return this.ctx.world;
  }

  get inbox(): readonly ReceivedMessage[] {
    return this.contact.inbox;
  }

  /** Automatic receipts for messages this contact receives (default: delivered yes, read no). */
  setAutoReceipts(opts: { delivered?: boolean; read?: boolean }): this {
    if (opts.delivered !== undefined) this.contact.autoDeliver = opts.delivered;
    if (opts.read !== undefined) this.contact.autoRead = opts.read;
    return this;
  }

  /** Encrypts (first message: pkmsg, then msg) and pushes to every device of the account. */
  async sendMessage(to: AccountRef, message: proto.IMessage, opts?: SendOptions): Promise<{ id: string; t: number }> {
    const prepared = await this.prepare(to, message, opts);
    this.push(prepared);
    return { id: prepared.id, t: prepared.t };
  }

  /** Pays the Signal encryption now; `push` later sends the stanzas (load generation). */
  prepare(to: AccountRef, message: proto.IMessage, opts?: SendOptions): Promise<PreparedMessage> {
    return prepareFromContact(this.contact, this.world.account(to), message, opts);
  }

  push(prepared: PreparedMessage): number {
    return pushPrepared(prepared);
  }

  sendText(to: AccountRef, text: string, opts?: SendOptions) {
    return this.sendMessage(to, { conversation: text }, opts);
  }

  /**
   * Posts to a group (as a participant): encrypted once with this contact's sender key (`skmsg`),
   * the key itself sent pairwise (`pkmsg`/`msg`) to each member device that lacks it. Account
   * devices receive it `from` the group with this contact as `participant`. Throws a GroupError
   * 403 when the contact is not a participant, or not an admin of an announcement group.
   */
  sendGroupMessage(group: GroupRef, message: proto.IMessage, opts: { id?: string } = {}): Promise<{ id: string; t: number }> {
    return sendGroupFromContact(this.ctx, this.contact, this.world.group(group), message, opts);
  }

  sendGroupText(group: GroupRef, text: string, opts: { id?: string } = {}) {
    return this.sendGroupMessage(group, { conversation: text }, opts);
  }

  /**
   * `sendGroupMessage` with the Signal cost paid now; `push(prepared)` later sends the account
   * devices' stanzas (load generation). The emulated contacts in the group receive it now.
   */
  prepareGroupMessage(group: GroupRef, message: proto.IMessage, opts: { id?: string } = {}): Promise<PreparedMessage> {
    return prepareGroupFromContact(this.ctx, this.contact, this.world.group(group), message, opts);
  }

  /**
   * LOAD TESTING: while on, this contact takes group messages without decrypting them (no `inbox`
   * entry, no retry receipt, no Signal cost), answering a device's message only with the automatic
   * receipts; other contacts' group messages pass it by. For large groups where a few strict
   * members are enough to check what was sent. Its sender keys stay as they were: turn it on
   * before the group's first message.
   */
  skipGroupDecryption(on = true): this {
    this.contact.skipsGroupDecryption = on;
    return this;
  }

  /** Group changes made from this contact's phone: create, add/remove/promote/demote, subject, settings, invites, leave. */
  get groups(): GroupActor {
    return new GroupActor(this.ctx, { kind: 'contact', contact: this.contact });
  }

  /** Privacy "who can add me to groups" = nobody: adds answer 403 with an invite (`addRequest`) instead. */
  refuseGroupAdds(on = true): this {
    this.contact.refusesGroupAdds = on;
    return this;
  }

  async sendImage(to: AccountRef, image: { data: Buffer; mimetype?: string; caption?: string }, opts?: SendOptions) {
    const m = await uploadMedia(this.ctx.media, image.data, 'image');
    return this.sendMessage(
      to,
      { imageMessage: { ...m, mimetype: image.mimetype ?? 'image/jpeg', caption: image.caption, height: 1, width: 1 } },
      opts,
    );
  }

  async sendDocument(
    to: AccountRef,
    doc: { data: Buffer; mimetype?: string; fileName: string; caption?: string },
    opts?: SendOptions,
  ) {
    const m = await uploadMedia(this.ctx.media, doc.data, 'document');
    return this.sendMessage(
      to,
      {
        documentMessage: {
          ...m,
          mimetype: doc.mimetype ?? 'application/octet-stream',
          fileName: doc.fileName,
          title: doc.fileName,
          caption: doc.caption,
        },
      },
      opts,
    );
  }

  sendLocation(to: AccountRef, loc: { latitude: number; longitude: number; name?: string; address?: string }, opts?: SendOptions) {
    return this.sendMessage(
      to,
      { locationMessage: { degreesLatitude: loc.latitude, degreesLongitude: loc.longitude, name: loc.name, address: loc.address } },
      opts,
    );
  }

  sendContactCard(to: AccountRef, card: { displayName: string; vcard?: string; phone?: string }, opts?: SendOptions) {
    const vcard =
      card.vcard ??
      `BEGIN:VCARD\nVERSION:3.0\nFN:${card.displayName}\nTEL;type=CELL;waid=${card.phone ?? ''}:+${card.phone ?? ''}\nEND:VCARD`;
    return this.sendMessage(to, { contactMessage: { displayName: card.displayName, vcard } }, opts);
  }

  /** Reacts to a message; `fromMe` = the reacted message was sent by the account (default). */
  sendReaction(to: AccountRef, messageId: string, emoji: string, opts: { fromMe?: boolean } = {}) {
    const acc = this.world.account(to);
    const accountSent = opts.fromMe ?? true;
    return this.sendMessage(acc, {
      reactionMessage: {
        // Keys are written from the reacting contact's point of view.
        key: { remoteJid: acc.pnJid, fromMe: !accountSent, id: messageId },
        text: emoji,
        senderTimestampMs: Date.now(),
      },
    });
  }

  /** Reacts to a message (`react` = `sendReaction`); an empty emoji removes this contact's reaction. */
  react(to: AccountRef, messageId: string, emoji: string, opts: { fromMe?: boolean } = {}) {
    return this.sendReaction(to, messageId, emoji, opts);
  }

  /**
   * Deletes a message for everyone (protocolMessage REVOKE). `own` (default true): the revoked
   * message is one this contact sent; false names a message of the account (or anyone else), which
   * a real phone would never do: it tests that the receiver ignores such revokes.
   */
  revoke(to: AccountRef, messageId: string, opts: { own?: boolean } = {}) {
    const acc = this.world.account(to);
    return this.sendMessage(acc, {
      protocolMessage: {
        key: { remoteJid: acc.pnJid, fromMe: opts.own ?? true, id: messageId },
        type: proto.Message.ProtocolMessage.Type.REVOKE,
      },
    });
  }

  /**
   * Edits a message this contact sent, the way phones send it: a MESSAGE_EDIT protocolMessage inside
   * an `editedMessage` wrapper. `caption`: the edited message is media, the new text is its caption.
   */
  edit(to: AccountRef, messageId: string, newText: string, opts: { caption?: boolean; own?: boolean } = {}) {
    const acc = this.world.account(to);
    const editedMessage: proto.IMessage = opts.caption ? { imageMessage: { caption: newText } } : { conversation: newText };
    return this.sendMessage(acc, {
      editedMessage: {
        message: {
          protocolMessage: {
            key: { remoteJid: acc.pnJid, fromMe: opts.own ?? true, id: messageId },
            type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
            editedMessage,
            timestampMs: Date.now(),
          },
        },
      },
    });
  }

  /**
   * Votes in a poll this contact received from an account (`poll`: the message from `inbox`), for
   * the options named (an empty list withdraws the vote). Encrypted as WhatsApp does: the selected
   * options are SHA-256 hashes of their names, sealed with AES-256-GCM under a key derived from the
   * poll's message secret, the poll id, the creator's and the voter's JIDs (user JIDs without
   * device). `jids` picks the JID forms: phone numbers (default, what the receiver's engine uses
   * for message authors) or LIDs.
   */
  votePoll(to: AccountRef, poll: ReceivedMessage, optionNames: string[], opts: { jids?: 'pn' | 'lid' } = {}) {
    const acc = this.world.account(to);
    // From the voter's point of view: the poll was written by the account.
    return this.sendMessage(acc, this.pollVote(poll, optionNames, opts.jids, { remoteJid: acc.pnJid, fromMe: false, id: poll.id }));
  }

  /**
   * Votes in a poll an account posted to a group (`poll`: the group message from `inbox`), as
   * `votePoll` does in a 1:1 chat; the vote goes to the group (`sendGroupMessage`). The poll's
   * key names the group and its author as `participant` (in the JID form `jids` picks).
   */
  voteGroupPoll(group: GroupRef, poll: ReceivedMessage, optionNames: string[], opts: { jids?: 'pn' | 'lid' } = {}) {
    const g = this.world.group(group);
    const author = this.world.account(poll.from);
    const participant = opts.jids === 'lid' ? author.lidJid : author.pnJid;
    return this.sendGroupMessage(g, this.pollVote(poll, optionNames, opts.jids, { remoteJid: g.jid, fromMe: false, id: poll.id, participant }));
  }

  /** The encrypted pollUpdateMessage of a vote (see votePoll); `key` names the poll. Throws for a message without a secret. */
  private pollVote(poll: ReceivedMessage, optionNames: string[], jids: 'pn' | 'lid' | undefined, key: proto.IMessageKey): proto.IMessage {
    const secret = poll.message.messageContextInfo?.messageSecret;
    if (!secret?.length) throw new Error(`message ${poll.id} carries no message secret: not a poll`);
    const author = this.world.account(poll.from);
    const creator = jids === 'lid' ? author.lidJid : author.pnJid;
    const voter = jids === 'lid' ? this.contact.lidJid : this.contact.pnJid;
    const selectedOptions = optionNames.map((name) => createHash('sha256').update(name).digest());
    const plaintext = proto.Message.PollVoteMessage.encode({ selectedOptions }).finish();
    const key0 = createHmac('sha256', Buffer.alloc(32)).update(secret).digest();
    const encKey = createHmac('sha256', key0)
      .update(Buffer.concat([Buffer.from(poll.id), Buffer.from(creator), Buffer.from(voter), Buffer.from('Poll Vote'), Buffer.from([1])]))
      .digest();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', encKey, iv);
    cipher.setAAD(Buffer.from(`${poll.id}\u0000${voter}`));
    const encPayload = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return {
      pollUpdateMessage: {
        pollCreationMessageKey: key,
        vote: { encPayload, encIv: iv },
        senderTimestampMs: Date.now(),
      },
    };
  }

  /**
   * TESTING HOOK: drops this contact's Signal session with the account's devices (or one device).
   * The next message from such a device cannot be decrypted, so the contact answers it with a
   * retry receipt and the sender has to re-send it. Returns how many sessions were dropped.
   */
  /**
   * While on, the server answers key-bundle requests for this contact with nothing, as when a
   * contact's keys cannot be had: a sender without a session cannot encrypt to it ("All
   * encryptions failed").
   */
  withholdKeys(on = true): this {
    this.contact.keysWithheld = on;
    return this;
  }

  /**
   * The contact asks the account's devices to send message `id` again (a retry receipt), as a
   * phone does that lost the message or the session it came with. Its session with them is
   * dropped first, so the copy comes with a fresh one. Counted like any retry receipt.
   * Returns how many devices were asked.
   */
  requestRetry(account: AccountRef, messageId: string): number {
    const acc = this.world.account(account);
    this.forgetSession(acc);
    let asked = 0;
    for (const device of acc.devices.values()) {
      onContactDecryptFailure(this.ctx, this.contact, device, messageId, String(nowSeconds()), new Error('asked again'));
      asked++;
    }
    return asked;
  }

  /**
   * TESTING HOOK: the contact's Signal session with the account's devices (or one device) diverges
   * from theirs, as after a device restored older state: what the contact sends from now on is a
   * plain `msg` those devices cannot decrypt ("No matching sessions found for message"), so each
   * such message costs the device a retry receipt, after which the contact re-sends it with a fresh
   * session (see resendToDevice). Returns how many sessions were replaced.
   */
  async divergeSession(account: AccountRef, deviceId?: number): Promise<number> {
    const acc = this.world.account(account);
    let n = 0;
    for (const device of acc.devices.values()) {
      if (deviceId !== undefined && device.id !== deviceId) continue;
      const { registrationId, identityKey, signedPreKey } = device;
      await this.contact.signal.divergeSession(deviceAddress(acc, device.id), { registrationId, identityKey, signedPreKey });
      n++;
    }
    return n;
  }

  forgetSession(account: AccountRef, deviceId?: number): number {
    const acc = this.world.account(account);
    if (deviceId !== undefined) return this.contact.signal.dropSession(deviceAddress(acc, deviceId)) ? 1 : 0;
    return this.contact.signal.dropSessionsWith(accountAddressPrefix(acc));
  }

  /** This contact's retry/NACK counters (see `Contact`); `emulator.resetCounters()` zeroes them. */
  get counters(): { retryReceiptsSent: number; nacksSent: number; retryReceiptsReceived: number; resendsSent: number } {
    const { retryReceiptsSent, nacksSent, retryReceiptsReceived, resendsSent } = this.contact;
    return { retryReceiptsSent, nacksSent, retryReceiptsReceived, resendsSent };
  }

  /** Sends delivery receipts for messages this contact received from the account. */
  markDelivered(to: AccountRef, ids: string[]): void {
    this.sendReceipts(to, ids, undefined);
  }

  /** Sends read receipts (blue ticks) for messages this contact received from the account. */
  markRead(to: AccountRef, ids: string[]): void {
    this.sendReceipts(to, ids, 'read');
  }

  private sendReceipts(to: AccountRef, ids: string[], type: string | undefined): void {
    const acc = this.world.account(to);
    for (const id of ids) {
      const got = this.contact.inbox.find((m) => m.id === id);
      const from = got?.chatJid ?? this.contact.lidJid;
      const attrs: Record<string, string> = { from, id, t: String(nowSeconds()) };
      // A group receipt comes from the group and names the reader.
      if (got?.group) attrs.participant = this.contact.lidJid;
      if (type) attrs.type = type;
      for (const d of acc.devices.values()) d.conn?.sendNode({ tag: 'receipt', attrs });
    }
  }

  /** Resolves with the first received message matching `predicate` (already received ones count). */
  waitForMessage(predicate: (m: ReceivedMessage) => boolean = () => true, timeoutMs?: number): Promise<ReceivedMessage> {
    return this.world.waitFor(['contact-message'], () => this.contact.inbox.find(predicate), timeoutMs);
  }
}

async function uploadMedia(store: MediaStore, data: Buffer, type: MediaType) {
  const enc = await encryptMedia(data, type);
  const { directPath, url } = store.put(enc.file, type);
  return {
    url,
    directPath,
    mediaKey: enc.mediaKey,
    fileSha256: enc.fileSha256,
    fileEncSha256: enc.fileEncSha256,
    fileLength: enc.fileLength,
    mediaKeyTimestamp: nowSeconds(),
  };
}
