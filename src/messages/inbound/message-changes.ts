import { Inject, Injectable, Logger } from '@nestjs/common';
import { InboundMessage, POLL_VOTE_READER, PollVoteReader, isGroupJid } from '@app/whatsapp';
import { EntityManager } from 'typeorm';
import { EventTypes } from '../../events/event-types';
import { NewEvent } from '../../events/outbox.service';
import { pollResults, reactionList } from '../dto/message.dto';
import { MessageEntity, REACTOR_ME, StoredReaction, StoredVote } from '../entities/message.entity';
import { MessagesRepository } from '../messages.repository';

/** A received message that changes an earlier one: a revoke, an edit, a poll vote or a reaction. */
export interface ChangeItem {
  orgId: string;
  sessionId: string;
  message: InboundMessage;
}

/** The session's own JIDs (user form, no device): the author of what it sent, the voter of its votes. */
interface Me {
  pn: string | null;
  lid: string | null;
}

/** Media whose caption is its text, and text: what an edit may change. */
const EDITABLE = new Set(['text', 'image', 'video', 'document']);

/**
 * Applies changes to the messages they target, inside the ingest transaction (so a change is
 * stored before WhatsApp gets its receipt, and a target stored in the same batch is found), and
 * returns the events to record. The rules:
 * - the target is looked up in the change's own chat (any form of its JID); a change from this
 *   session's own devices (fromMe) may name any message of the session;
 * - only a message's author revokes or edits it (a contact: its own received messages; the session:
 *   what it sent); anything else is ignored, like a change to an unknown or revoked message;
 * - a reaction or vote replaces the same reactor's / voter's earlier one unless it is older
 *   (WhatsApp's sender time), so a redelivered change is a no-op and records no second event.
 */
@Injectable()
export class MessageChanges {
  private readonly logger = new Logger('MessageChanges');

  constructor(
    @Inject(POLL_VOTE_READER) private readonly polls: PollVoteReader,
    private readonly repo: MessagesRepository,
  ) {}

  /** Whether a received message changes another one (it may also be a message of its own: reactions). */
  static isChange(m: InboundMessage): boolean {
    return Boolean(m.change || (m.type === 'reaction' && m.reaction?.targetId));
  }

  async apply(manager: EntityManager, items: ChangeItem[]): Promise<NewEvent[]> {
    if (!items.length) return [];
    const me = await this.me(manager, [...new Set(items.map((i) => i.sessionId))]);
    const events: NewEvent[] = [];
    for (const item of items) {
      const event = await this.applyOne(manager, item, me.get(item.sessionId) ?? { pn: null, lid: null });
      if (event) events.push(event);
    }
    return events;
  }

  private async applyOne(manager: EntityManager, item: ChangeItem, me: Me): Promise<NewEvent | undefined> {
    const m = item.message;
    const change = m.change;
    if (change?.kind === 'revoke') return this.revoke(manager, item, change.targetId);
    if (change?.kind === 'edit') return this.edit(manager, item, change.targetId, change.text, change.editedAt);
    if (change?.kind === 'poll_vote') return this.vote(manager, item, me, change);
    if (m.reaction?.targetId) return this.react(manager, item, me, m.reaction.targetId, m.reaction.emoji, m.reaction.sentAt ?? m.timestamp);
    return undefined;
  }

  private async revoke(manager: EntityManager, { orgId, sessionId, message: m }: ChangeItem, targetId: string): Promise<NewEvent | undefined> {
    const target = await this.target(manager, sessionId, targetId, m);
    if (!target || target.revokedAt || !isAuthor(target, m)) return this.ignored('revoke', m, targetId, target);
    const at = m.timestamp;
    if (!(await this.repo.revokeRow(manager, target.id, at))) return undefined;
    return {
      type: EventTypes.MESSAGE_REVOKED,
      orgId,
      sessionId,
      occurredAt: at,
      data: { id: target.id, chatJid: target.chatJid, waMessageId: target.waMessageId, fromMe: target.fromMe, revokedAt: at.toISOString() },
    };
  }

  private async edit(manager: EntityManager, { orgId, sessionId, message: m }: ChangeItem, targetId: string, text: string, editedAt: Date): Promise<NewEvent | undefined> {
    const target = await this.target(manager, sessionId, targetId, m);
    if (!target || target.revokedAt || !isAuthor(target, m) || !EDITABLE.has(target.type)) return this.ignored('edit', m, targetId, target);
    // An older edit arriving late (or the same one again) does not undo a newer one.
    if (target.editedAt && target.editedAt >= editedAt) return undefined;
    await this.repo.applyEdit(manager, target.id, text, editedAt);
    return {
      type: EventTypes.MESSAGE_EDITED,
      orgId,
      sessionId,
      occurredAt: editedAt,
      data: {
        id: target.id,
        chatJid: target.chatJid,
        waMessageId: target.waMessageId,
        fromMe: target.fromMe,
        oldText: target.text,
        newText: text,
        editedAt: editedAt.toISOString(),
      },
    };
  }

  private async react(manager: EntityManager, { orgId, sessionId, message: m }: ChangeItem, me: Me, targetId: string, emoji: string, at: Date): Promise<NewEvent | undefined> {
    const target = await this.target(manager, sessionId, targetId, m);
    if (!target || target.revokedAt) return this.ignored('reaction', m, targetId, target);
    const who = actor(m, me);
    const reactions = { ...(target.reactions ?? {}) };
    const prev = reactions[who.key];
    if (prev && prev.at >= at.toISOString()) return undefined;
    // A removal stays as a marker (emoji ''): an older reaction arriving late cannot come back.
    reactions[who.key] = { emoji, fromMe: m.fromMe, jid: who.jid, at: at.toISOString() } satisfies StoredReaction;
    await this.repo.setReactions(manager, target.id, reactions);
    const previousEmoji = prev?.emoji || null;
    if ((previousEmoji ?? '') === emoji) return undefined;
    return {
      type: EventTypes.MESSAGE_REACTION,
      orgId,
      sessionId,
      occurredAt: at,
      data: {
        id: target.id,
        chatJid: target.chatJid,
        waMessageId: target.waMessageId,
        reaction: { emoji, fromMe: m.fromMe, jid: who.jid, at: at.toISOString() },
        previousEmoji,
        reactions: reactionList(reactions),
      },
    };
  }

  private async vote(
    manager: EntityManager,
    { orgId, sessionId, message: m }: ChangeItem,
    me: Me,
    change: Extract<InboundMessage['change'], { kind: 'poll_vote' }>,
  ): Promise<NewEvent | undefined> {
    const poll = await this.target(manager, sessionId, change.pollId, m);
    if (!poll || poll.revokedAt || poll.type !== 'poll' || !poll.poll || !poll.raw) return this.ignored('poll vote', m, change.pollId, poll);
    const creatorJids = poll.fromMe ? [me.pn, me.lid] : [poll.senderPn, poll.senderLid, poll.senderJid];
    const voterJids = m.fromMe ? [me.pn, me.lid] : [m.senderPn, m.senderLid, m.sender];
    const options = this.polls.read(
      { raw: poll.raw, waMessageId: poll.waMessageId, creatorJids: present(creatorJids) },
      { encrypted: change.vote, voterJids: present(voterJids) },
    );
    if (!options) return this.ignored('poll vote (does not decrypt)', m, change.pollId, poll);
    const who = actor(m, me);
    const votes = { ...(poll.pollVotes ?? {}) };
    const prev = votes[who.key];
    const at = change.votedAt.toISOString();
    if (prev && prev.at >= at) return undefined;
    votes[who.key] = { options, fromMe: m.fromMe, jid: who.jid, at } satisfies StoredVote;
    await this.repo.setPollVotes(manager, poll.id, votes);
    if (prev ? sameSet(prev.options, options) : !options.length) return undefined;
    return {
      type: EventTypes.POLL_VOTE,
      orgId,
      sessionId,
      occurredAt: change.votedAt,
      data: {
        id: poll.id,
        chatJid: poll.chatJid,
        waMessageId: poll.waMessageId,
        vote: { jid: who.jid, fromMe: m.fromMe, options, at },
        results: pollResults(poll.poll.options, votes),
      },
    };
  }

  /**
   * The message a change names, locked for the rest of the transaction. A contact's change must
   * come from the target's chat (WhatsApp ids are chosen by senders, so an id alone proves
   * nothing); the session's own devices may name any message of the session.
   */
  private async target(manager: EntityManager, sessionId: string, waMessageId: string, m: InboundMessage): Promise<MessageEntity | undefined> {
    const rows = await this.repo.lockByWaId(manager, sessionId, waMessageId);
    const forms = chatForms(m);
    return rows.find((r) => forms.has(r.chatJid)) ?? (m.fromMe ? rows[0] : undefined);
  }

  private ignored(what: string, m: InboundMessage, targetId: string, target: MessageEntity | undefined): undefined {
    this.logger.debug({ what, id: m.waMessageId, targetId, found: Boolean(target) }, 'change ignored');
    return undefined;
  }

  private async me(manager: EntityManager, sessionIds: string[]): Promise<Map<string, Me>> {
    const rows = await this.repo.sessionIdentities(manager, sessionIds);
    return new Map(rows.map((r) => [r.id, { pn: r.jid ? bare(r.jid) : null, lid: r.lid ? bare(r.lid) : null }]));
  }
}

/** Only the author changes a message: a contact its own, the session what it sent. */
function isAuthor(target: MessageEntity, m: InboundMessage): boolean {
  if (m.fromMe) return target.fromMe;
  if (target.fromMe) return false;
  const changer = new Set(present([m.sender, m.senderPn, m.senderLid]).map(bare));
  return present([target.senderJid, target.senderPn, target.senderLid]).some((j) => changer.has(bare(j)));
}

/** Who reacts or votes: the session itself, or the contact by its phone-number JID when known. */
function actor(m: InboundMessage, me: Me): { key: string; jid: string | null } {
  if (m.fromMe) return { key: REACTOR_ME, jid: me.pn ?? me.lid };
  const jid = bare(m.senderPn ?? m.sender ?? m.senderLid ?? m.chatJid);
  return { key: jid, jid };
}

/**
 * Every form of the change's chat JID we know: as addressed and, in a 1:1 chat, the contact's PN
 * and LID (which include the canonical form rows are stored under, see canonicalChatJid).
 */
function chatForms(m: InboundMessage): Set<string> {
  const forms = [m.chatJid];
  if (!isGroupJid(m.chatJid)) forms.push(...present([m.senderPn, m.senderLid]));
  return new Set(forms.map(bare));
}

/** A user JID without device: 15551234567:3@s.whatsapp.net → 15551234567@s.whatsapp.net */
function bare(jid: string): string {
  const [user, server] = jid.split('@');
  return server ? `${user.split(':')[0]}@${server}` : jid;
}

function present(values: (string | null | undefined)[]): string[] {
  return values.filter((v): v is string => Boolean(v));
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
