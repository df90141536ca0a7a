import { Injectable } from '@nestjs/common';
import { InboundMessage, isGroupJid, isLidJid, isNewsletterJid, isUserJid, jidUser } from '@app/whatsapp';
import { ContactsRepository } from './contacts.repository';

/** `15551234567:3@s.whatsapp.net` → `15551234567@s.whatsapp.net` (pairs are stored without device). */
const bare = (jid: string): string => `${jidUser(jid)}@${jid.slice(jid.lastIndexOf('@') + 1)}`;

/** A person's two JID forms, each where known. */
export interface PersonForms {
  phoneJid?: string;
  lid?: string;
}

/**
 * The LID ↔ phone number pairs a session learnt, for other features: which chat a JID names when
 * a person is known by both forms, and both forms of a message's sender. Read-only; the pairs are
 * kept by ContactIngest and the contact routes.
 */
@Injectable()
export class LidDirectory {
  constructor(private readonly repo: ContactsRepository) {}

  /**
   * The JID a 1:1 chat is stored under, given either form of the person: the phone-number chat
   * when the pair is known (chats are merged there once it is learnt), unless the messages are
   * still under the LID alone. When both chats exist (a LID-only message stored while the pair
   * was being learnt), the LID's is joined into the number's first. Groups, channels and JIDs
   * without a known pair come back unchanged. The session must already be checked.
   */
  async resolveChat(sessionId: string, jid: string): Promise<string> {
    if (!isLidJid(jid) && !isUserJid(jid)) return jid;
    const [pair] = await this.repo.pairsNaming(sessionId, [bare(jid)]);
    if (!pair) return jid;
    const stored = await this.repo.chatsAmong(sessionId, [pair.phone_jid, pair.lid]);
    if (stored.has(pair.lid)) {
      if (!stored.has(pair.phone_jid)) return pair.lid;
      await this.repo.rejoinChats(sessionId, pair.lid, pair.phone_jid);
    }
    return pair.phone_jid;
  }

  /**
   * Both forms of each person named (user JIDs in either form, device dropped): the phone-number
   * JID and the LID, the one not known left out. Other JIDs map to nothing. One query.
   */
  async formsOf(sessionId: string, jids: string[]): Promise<Map<string, PersonForms>> {
    const users = [...new Set(jids.filter((j) => isLidJid(j) || isUserJid(j)).map(bare))];
    const pairs = await this.repo.pairsNaming(sessionId, users);
    const out = new Map<string, PersonForms>();
    for (const jid of jids) {
      if (!isLidJid(jid) && !isUserJid(jid)) {
        out.set(jid, {});
        continue;
      }
      const b = bare(jid);
      const pair = pairs.find((p) => p.lid === b || p.phone_jid === b);
      out.set(jid, pair ? { phoneJid: pair.phone_jid, lid: pair.lid } : isLidJid(b) ? { lid: b } : { phoneJid: b });
    }
    return out;
  }

  /**
   * The messages with both forms of their sender (`senderPn`, `senderLid`) where the session knows
   * the pair, and a 1:1 chat addressed by LID named by its number (so it joins the number's chat).
   * Asks the store only when some message lacks a form; others are returned as they are.
   */
  async completeSenders(sessionId: string, messages: InboundMessage[]): Promise<InboundMessage[]> {
    const wanted = new Set<string>();
    const gaps = (m: InboundMessage): string[] => {
      if (isNewsletterJid(m.chatJid)) return [];
      const group = isGroupJid(m.chatJid);
      if (m.fromMe) return !group && isLidJid(m.chatJid) && !m.senderPn ? [bare(m.chatJid)] : [];
      const sender = m.sender ?? (group ? undefined : m.chatJid);
      const pn = m.senderPn ?? (sender && isUserJid(sender) ? sender : undefined);
      const lid = m.senderLid ?? (sender && isLidJid(sender) ? sender : undefined);
      if (pn && !lid) return [bare(pn)];
      if (lid && !pn) return [bare(lid)];
      return [];
    };
    for (const m of messages) for (const j of gaps(m)) wanted.add(j);
    if (!wanted.size) return messages;
    const pairs = await this.repo.pairsNaming(sessionId, [...wanted]);
    if (!pairs.length) return messages;
    const pnOf = new Map(pairs.map((p) => [p.lid, p.phone_jid]));
    const lidOf = new Map(pairs.map((p) => [p.phone_jid, p.lid]));
    return messages.map((m) => {
      const [key] = gaps(m);
      if (!key) return m;
      if (m.fromMe) return pnOf.has(key) ? { ...m, senderPn: pnOf.get(key) } : m;
      if (isLidJid(key)) return pnOf.has(key) ? { ...m, senderPn: pnOf.get(key), senderLid: m.senderLid ?? m.sender ?? m.chatJid } : m;
      return lidOf.has(key) ? { ...m, senderLid: lidOf.get(key), senderPn: m.senderPn ?? m.sender ?? m.chatJid } : m;
    });
  }
}
