import { Injectable } from '@nestjs/common';
import type { ContactCheck, LidMapping } from '@app/whatsapp';
import { DataSource, EntityManager } from 'typeorm';
import { newId } from '../common/ids';
import { CursorPosition } from '../common/pagination';
import { ContactCheckEntity } from './entities/contact-check.entity';
import { ContactEntity } from './entities/contact.entity';

/** Someone seen: either JID form or both, the name they gave themselves, the name in the address book. */
export interface Sighting {
  pn?: string;
  lid?: string;
  pushName?: string;
  name?: string;
}

/** Who a contact id names: its phone-number JID, its LID, or both once known. */
export interface ContactKey {
  pn?: string;
  lid?: string;
}

/**
 * Contacts, LID ↔ phone number pairs and stored contact checks of one session (the session
 * already checked against the caller's organization). Writes that join the two forms of a person
 * run under a per-session transaction lock, so two arrivals cannot make two rows of one person.
 */
@Injectable()
export class ContactsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private lock(m: EntityManager, sessionId: string): Promise<unknown> {
    return m.query(`SELECT pg_advisory_xact_lock(hashtext('contacts:' || $1))`, [sessionId]);
  }

  /** Stored checks of these numbers made after `since`. */
  freshChecks(sessionId: string, numbers: string[], since: Date): Promise<ContactCheckEntity[]> {
    return this.dataSource
      .getRepository(ContactCheckEntity)
      .createQueryBuilder('c')
      .where('c.session_id = :sessionId AND c.phone_number = ANY(:numbers) AND c.checked_at > :since', { sessionId, numbers, since })
      .getMany();
  }

  /** Stores WhatsApp's answers, and the people and pairs they name, in one transaction. */
  async saveChecks(orgId: string, sessionId: string, checks: ContactCheck[]): Promise<Date> {
    const now = new Date();
    await this.dataSource.transaction(async (m) => {
      await this.lock(m, sessionId);
      for (const c of checks) {
        await m.query(
          `INSERT INTO contact_checks (session_id, phone_number, org_id, "exists", phone_jid, lid, checked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (session_id, phone_number) DO UPDATE SET "exists" = EXCLUDED."exists", phone_jid = EXCLUDED.phone_jid, lid = EXCLUDED.lid, checked_at = EXCLUDED.checked_at`,
          [sessionId, c.phoneNumber, orgId, c.exists, c.jid ?? null, c.lid ?? null, now],
        );
      }
      const seen = checks.filter((c) => c.exists && c.jid).map((c) => ({ pn: c.jid, lid: c.lid }));
      await this.noteIn(m, orgId, sessionId, seen);
      await this.learnIn(m, orgId, sessionId, checks.filter((c) => c.jid && c.lid).map((c) => ({ lid: c.lid!, pn: c.jid! })));
    });
    return now;
  }

  /**
   * Stores pairs WhatsApp revealed. A pair learnt for the first time joins what was kept under
   * either form: the contact rows become one, and a 1:1 chat stored under the LID (messages that
   * came before the number was known) moves to the phone number's chat. Returns the new pairs.
   */
  learn(orgId: string, sessionId: string, mappings: LidMapping[]): Promise<LidMapping[]> {
    if (!mappings.length) return Promise.resolve([]);
    return this.dataSource.transaction(async (m) => {
      await this.lock(m, sessionId);
      return this.learnIn(m, orgId, sessionId, mappings);
    });
  }

  /** Records people seen (chat partners, group members), filling in what was not known yet. */
  async note(orgId: string, sessionId: string, seen: Sighting[]): Promise<void> {
    const useful = seen.filter((s) => s.pn || s.lid);
    if (!useful.length) return;
    await this.dataSource.transaction(async (m) => {
      await this.lock(m, sessionId);
      await this.noteIn(m, orgId, sessionId, useful);
    });
  }

  private async learnIn(m: EntityManager, orgId: string, sessionId: string, mappings: LidMapping[]): Promise<LidMapping[]> {
    const learnt: LidMapping[] = [];
    const unique = [...new Map(mappings.map((x) => [x.lid, x])).values()];
    for (const { lid, pn } of unique) {
      const [known] = await m.query(`SELECT phone_jid FROM lid_mappings WHERE session_id = $1 AND lid = $2`, [sessionId, lid]);
      if (known?.phone_jid === pn) continue;
      // A number moves to a new LID (or a LID to a new number) only when WhatsApp says so: the old pair goes.
      await m.query(`DELETE FROM lid_mappings WHERE session_id = $1 AND (lid = $2 OR phone_jid = $3)`, [sessionId, lid, pn]);
      await m.query(`INSERT INTO lid_mappings (session_id, lid, org_id, phone_jid, learned_at) VALUES ($1, $2, $3, $4, now())`, [sessionId, lid, orgId, pn]);
      learnt.push({ lid, pn });
      await this.noteIn(m, orgId, sessionId, [{ pn, lid }]);
      await this.mergeChats(m, sessionId, lid, pn);
    }
    return learnt;
  }

  /**
   * A LID's chat (1:1 messages stored before its number was known) becomes the number's chat:
   * messages move (a message already stored under the number stays once), the chats' activity
   * joins, and messages written from the LID get the number as `sender_pn`.
   */
  private async mergeChats(m: EntityManager, sessionId: string, lid: string, pn: string): Promise<void> {
    await m.query(
      `UPDATE messages SET chat_jid = $3, updated_at = now() WHERE session_id = $1 AND chat_jid = $2
         AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.session_id = $1 AND o.chat_jid = $3 AND o.wa_message_id = messages.wa_message_id)`,
      [sessionId, lid, pn],
    );
    await m.query(`UPDATE messages SET sender_pn = $3 WHERE session_id = $1 AND sender_lid = $2 AND sender_pn IS NULL`, [sessionId, lid, pn]);
    await m.query(
      `INSERT INTO chats (session_id, jid, org_id, name, last_message_at, last_message_id, created_at)
         SELECT session_id, $3, org_id, name, last_message_at, last_message_id, created_at FROM chats WHERE session_id = $1 AND jid = $2
       ON CONFLICT (session_id, jid) DO UPDATE SET
         name = coalesce(chats.name, EXCLUDED.name),
         last_message_id = CASE WHEN EXCLUDED.last_message_at > chats.last_message_at THEN EXCLUDED.last_message_id ELSE chats.last_message_id END,
         last_message_at = greatest(chats.last_message_at, EXCLUDED.last_message_at),
         created_at = least(chats.created_at, EXCLUDED.created_at)`,
      [sessionId, lid, pn],
    );
    await m.query(`DELETE FROM chats WHERE session_id = $1 AND jid = $2`, [sessionId, lid]);
  }

  private async noteIn(m: EntityManager, orgId: string, sessionId: string, seen: Sighting[]): Promise<void> {
    const repo = m.getRepository(ContactEntity);
    for (const s of seen) {
      let { pn, lid } = s;
      // Complete the sighting from the pairs already known.
      if (lid && !pn) pn = (await m.query(`SELECT phone_jid FROM lid_mappings WHERE session_id = $1 AND lid = $2`, [sessionId, lid]))[0]?.phone_jid;
      if (pn && !lid) lid = (await m.query(`SELECT lid FROM lid_mappings WHERE session_id = $1 AND phone_jid = $2`, [sessionId, pn]))[0]?.lid;
      const byPn = pn ? await repo.findOneBy({ sessionId, phoneJid: pn }) : null;
      const byLid = lid ? await repo.findOneBy({ sessionId, lid }) : null;
      const now = new Date();
      if (!byPn && !byLid) {
        await repo.insert(
          Object.assign(new ContactEntity(), {
            id: newId(),
            sessionId,
            orgId,
            phoneJid: pn ?? null,
            lid: lid ?? null,
            name: s.name ?? null,
            pushName: s.pushName ?? null,
            about: null,
            aboutAt: null,
            aboutHidden: false,
            business: null,
            businessProfile: null,
            profileAt: null,
            pictureState: null,
            pictureId: null,
            pictureMimetype: null,
            pictureAt: null,
            blocked: false,
            createdAt: now,
            updatedAt: now,
          }),
        );
        continue;
      }
      const keep = byPn ?? byLid!;
      const other = byPn && byLid && byPn.id !== byLid.id ? byLid : undefined;
      if (other) {
        // One person known by two rows: the older facts of the LID row fill the number's row.
        await repo.delete({ id: other.id });
        keep.name ??= other.name;
        keep.pushName ??= other.pushName;
        keep.blocked ||= other.blocked;
        keep.createdAt = keep.createdAt < other.createdAt ? keep.createdAt : other.createdAt;
      }
      const changed = (pn && keep.phoneJid !== pn) || (lid && keep.lid !== lid) || (s.pushName && keep.pushName !== s.pushName) || (s.name && keep.name !== s.name) || other;
      if (!changed) continue;
      if (pn) keep.phoneJid = pn;
      if (lid) keep.lid = lid;
      if (s.pushName) keep.pushName = s.pushName;
      if (s.name) keep.name = s.name;
      keep.updatedAt = now;
      await repo.update({ id: keep.id }, {
        phoneJid: keep.phoneJid,
        lid: keep.lid,
        name: keep.name,
        pushName: keep.pushName,
        blocked: keep.blocked,
        createdAt: keep.createdAt,
        updatedAt: now,
      });
    }
  }

  phoneOf(sessionId: string, lid: string): Promise<string | undefined> {
    return this.dataSource.query(`SELECT phone_jid FROM lid_mappings WHERE session_id = $1 AND lid = $2`, [sessionId, lid]).then((r) => r[0]?.phone_jid);
  }

  lidOf(sessionId: string, pn: string): Promise<string | undefined> {
    return this.dataSource.query(`SELECT lid FROM lid_mappings WHERE session_id = $1 AND phone_jid = $2`, [sessionId, pn]).then((r) => r[0]?.lid);
  }

  /** The contact one of these JIDs names (the number's row first). */
  async find(sessionId: string, key: ContactKey): Promise<ContactEntity | null> {
    const repo = this.dataSource.getRepository(ContactEntity);
    if (key.pn) {
      const byPn = await repo.findOneBy({ sessionId, phoneJid: key.pn });
      if (byPn) return byPn;
    }
    return key.lid ? repo.findOneBy({ sessionId, lid: key.lid }) : null;
  }

  /** Contacts in the order they became known (id), optionally matching `q` in a name or number; `limit + 1` rows. */
  page(sessionId: string, limit: number, after: CursorPosition | undefined, q: string | undefined): Promise<ContactEntity[]> {
    const qb = this.dataSource
      .getRepository(ContactEntity)
      .createQueryBuilder('c')
      .where('c.session_id = :sessionId', { sessionId })
      .orderBy('c.id', 'ASC')
      .take(limit + 1);
    if (after) qb.andWhere('c.id > :after', { after: String(after[0]) });
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      qb.andWhere('(c.name ILIKE :like OR c.push_name ILIKE :like OR c.phone_jid LIKE :like OR c.lid LIKE :like)', { like });
    }
    return qb.getMany();
  }

  async saveProfile(id: string, p: Pick<ContactEntity, 'about' | 'aboutAt' | 'aboutHidden' | 'business' | 'businessProfile'>): Promise<void> {
    const now = new Date();
    await this.dataSource.getRepository(ContactEntity).update({ id }, { ...p, profileAt: now, updatedAt: now });
  }

  async savePicture(id: string, p: { state: 'shown' | 'none' | 'hidden'; pictureId?: string; data?: Buffer; mimetype?: string }): Promise<void> {
    const now = new Date();
    await this.dataSource.getRepository(ContactEntity).update(
      { id },
      { pictureState: p.state, pictureId: p.pictureId ?? null, picture: p.data ?? null, pictureMimetype: p.mimetype ?? null, pictureAt: now, updatedAt: now },
    );
  }

  async picture(id: string): Promise<Buffer | null> {
    const row = await this.dataSource.getRepository(ContactEntity).createQueryBuilder('c').addSelect('c.picture').where('c.id = :id', { id }).getOne();
    return row?.picture ?? null;
  }

  /** Sets `blocked` on exactly the contacts WhatsApp lists (by either form), clearing it on the others. */
  async setBlocklist(orgId: string, sessionId: string, listed: ContactKey[]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.lock(m, sessionId);
      await this.noteIn(m, orgId, sessionId, listed);
      const pns = listed.map((k) => k.pn).filter((x): x is string => !!x);
      const lids = listed.map((k) => k.lid).filter((x): x is string => !!x);
      await m.query(
        `UPDATE contacts SET blocked = (coalesce(phone_jid = ANY($2), false) OR coalesce(lid = ANY($3), false)), updated_at = now()
         WHERE session_id = $1 AND blocked <> (coalesce(phone_jid = ANY($2), false) OR coalesce(lid = ANY($3), false))`,
        [sessionId, pns, lids],
      );
    });
  }

  async setBlocked(orgId: string, sessionId: string, key: ContactKey, blocked: boolean): Promise<ContactEntity> {
    return this.dataSource.transaction(async (m) => {
      await this.lock(m, sessionId);
      await this.noteIn(m, orgId, sessionId, [key]);
      const repo = m.getRepository(ContactEntity);
      const row = (key.pn ? await repo.findOneBy({ sessionId, phoneJid: key.pn }) : null) ?? (await repo.findOneBy({ sessionId, lid: key.lid! }));
      row!.blocked = blocked;
      row!.updatedAt = new Date();
      await repo.update({ id: row!.id }, { blocked, updatedAt: row!.updatedAt });
      return row!;
    });
  }

  blocked(sessionId: string): Promise<ContactEntity[]> {
    return this.dataSource.getRepository(ContactEntity).find({ where: { sessionId, blocked: true }, order: { id: 'ASC' } });
  }

  /** The stored pairs naming any of these LIDs or phone-number JIDs (one query). */
  pairsNaming(sessionId: string, jids: string[]): Promise<{ lid: string; phone_jid: string }[]> {
    if (!jids.length) return Promise.resolve([]);
    return this.dataSource.query(`SELECT lid, phone_jid FROM lid_mappings WHERE session_id = $1 AND (lid = ANY($2) OR phone_jid = ANY($2))`, [sessionId, jids]);
  }

  /**
   * Joins a LID's chat into the number's chat of a pair already known: messages stored under the
   * LID while the pair was being learnt (a LID-only arrival committed after the merge).
   */
  rejoinChats(sessionId: string, lid: string, pn: string): Promise<void> {
    return this.dataSource.transaction(async (m) => {
      await this.lock(m, sessionId);
      const [known] = await m.query(`SELECT 1 FROM lid_mappings WHERE session_id = $1 AND lid = $2 AND phone_jid = $3`, [sessionId, lid, pn]);
      if (known) await this.mergeChats(m, sessionId, lid, pn);
    });
  }

  /** Which of these JIDs have a stored chat in the session. */
  async chatsAmong(sessionId: string, jids: string[]): Promise<Set<string>> {
    const rows: { jid: string }[] = await this.dataSource.query(`SELECT jid FROM chats WHERE session_id = $1 AND jid = ANY($2)`, [sessionId, jids]);
    return new Set(rows.map((r) => r.jid));
  }
}
