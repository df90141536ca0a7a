import { Inject, Injectable } from '@nestjs/common';
import { EngineError, WhatsAppConnection } from '@app/whatsapp';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '../config/config';
import { apiErrorOf, onWhatsApp } from '../common/engine-errors';
import { NotFoundError, RateLimitedError, ValidationError } from '../common/errors';
import { isLidJid, isPhoneNumber, isUserJid } from '../common/jid';
import { CursorCodec, DEFAULT_LIMIT, Page } from '../common/pagination';
import { SessionAccess } from '../sessions';
import { ContactKey, ContactsRepository } from './contacts.repository';
import { ContactCheckDto, LidMappingDto } from './dto/contact.dto';
import { ContactEntity } from './entities/contact.entity';

/** Profiles (about, business) and pictures read from WhatsApp are used this long before being read again. */
const PROFILE_TTL_MS = 60 * 60 * 1000;

/** `{id}` of the contact routes: a phone number, a phone-number JID or a LID. */
export function parseContactId(id: string, field = 'id'): ContactKey {
  const v = typeof id === 'string' ? id.trim() : '';
  if (isPhoneNumber(v)) return { pn: `${v.replace(/^\+/, '')}@s.whatsapp.net` };
  if (isUserJid(v)) return { pn: v };
  if (isLidJid(v)) return { lid: v };
  throw new ValidationError('request is invalid', { [field]: [`must be a phone number in international format, <number>@s.whatsapp.net or <digits>@lid`] });
}

/**
 * Contacts of a session: "is this number on WhatsApp" (paced per session, answered from the store
 * while fresh), the people it knows, their profiles and pictures, blocking, and the phone numbers
 * behind LIDs.
 */
@Injectable()
export class ContactsService {
  private readonly limiter: RateLimiterMemory;

  constructor(
    private readonly sessions: SessionAccess,
    private readonly repo: ContactsRepository,
    private readonly cursors: CursorCodec,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.limiter = new RateLimiterMemory({ keyPrefix: 'contact-check', points: config.contacts.checkRatePerMinute, duration: 60 });
  }

  async check(orgId: string, sessionId: string, given: string[]): Promise<{ results: ContactCheckDto[] }> {
    const bad = given.map((n, i) => [n, i] as const).filter(([n]) => !isPhoneNumber(n.trim()));
    if (bad.length) {
      throw new ValidationError('request is invalid', Object.fromEntries(bad.map(([, i]) => [`phoneNumbers.${i}`, ['must be a phone number in international format (6 to 15 digits, no leading 0, an optional leading +)']])));
    }
    const digits = given.map((n) => n.trim().replace(/^\+/, ''));
    const unique = [...new Set(digits)];
    await this.sessions.require(orgId, sessionId);
    const ttl = this.config.contacts.checkTtlSeconds * 1000;
    const fresh = ttl > 0 ? await this.repo.freshChecks(sessionId, unique, new Date(Date.now() - ttl)) : [];
    const stored = new Map(fresh.map((c) => [c.phoneNumber, { exists: c.exists, jid: c.phoneJid, lid: c.lid, at: c.checkedAt, cached: true }]));
    const missing = unique.filter((n) => !stored.has(n));
    if (missing.length) {
      const { connection } = await this.sessions.requireConnection(orgId, sessionId);
      await this.pace(sessionId, missing.length);
      const answers = await onWhatsApp('the contact check', () => connection.contacts.check(missing));
      const at = await this.repo.saveChecks(orgId, sessionId, answers);
      for (const a of answers) stored.set(a.phoneNumber, { exists: a.exists, jid: a.jid ?? null, lid: a.lid ?? null, at, cached: false });
    }
    return {
      results: given.map((phoneNumber, i) => {
        const r = stored.get(digits[i])!;
        return { phoneNumber, exists: r.exists, jid: r.jid, lid: r.lid, cached: r.cached, checkedAt: r.at.toISOString() };
      }),
    };
  }

  /** Takes `n` numbers from the session's per-minute budget, or answers 429 with when to retry. */
  private async pace(sessionId: string, n: number): Promise<void> {
    const perMinute = this.config.contacts.checkRatePerMinute;
    if (n > perMinute) throw new RateLimitedError(`this session may look up ${perMinute} numbers per minute (CONTACT_CHECK_RATE): send fewer at once`, 60);
    try {
      await this.limiter.consume(sessionId, n);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw new RateLimitedError(`this session looked up ${perMinute} numbers in the last minute (CONTACT_CHECK_RATE); retry later`, Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      throw e;
    }
  }

  async phoneOfLid(orgId: string, sessionId: string, lid: string): Promise<LidMappingDto> {
    if (!isLidJid(lid)) throw new ValidationError('request is invalid', { lid: ['must be a LID like 201000000000001@lid'] });
    await this.sessions.require(orgId, sessionId);
    let pn = await this.repo.phoneOf(sessionId, lid);
    if (!pn) {
      // The engine may know it from before this store existed.
      const connection = this.sessions.connection(sessionId);
      const known = connection ? await connection.contacts.phoneNumberOf(lid).catch(() => undefined) : undefined;
      if (known) {
        await this.repo.learn(orgId, sessionId, [{ lid, pn: known }]);
        pn = known;
      }
    }
    if (!pn) throw new NotFoundError('the phone number behind this LID is not known', { lid });
    return mappingDto(lid, pn);
  }

  async lidOfPhone(orgId: string, sessionId: string, phoneNumber: string): Promise<LidMappingDto> {
    const key = parseContactId(phoneNumber, 'phoneNumber');
    if (!key.pn) throw new ValidationError('request is invalid', { phoneNumber: ['must be a phone number or <number>@s.whatsapp.net'] });
    await this.sessions.require(orgId, sessionId);
    let lid = await this.repo.lidOf(sessionId, key.pn);
    if (!lid) {
      const connection = this.sessions.connection(sessionId);
      const known = connection ? await connection.contacts.lidOf(key.pn).catch(() => undefined) : undefined;
      if (known) {
        await this.repo.learn(orgId, sessionId, [{ lid: known, pn: key.pn }]);
        lid = known;
      }
    }
    if (!lid) throw new NotFoundError('the LID of this phone number is not known', { phoneNumber });
    return mappingDto(lid, key.pn);
  }

  async list(orgId: string, sessionId: string, query: { limit?: number; cursor?: string; q?: string }): Promise<Page<ContactEntity>> {
    await this.sessions.require(orgId, sessionId);
    const q = query.q?.trim() || undefined;
    return this.cursors.page(
      { scope: `contacts:${sessionId}:${q ?? ''}`, limit: query.limit ?? DEFAULT_LIMIT, cursor: query.cursor },
      (after, n) => this.repo.page(sessionId, n, after, q),
      (c) => [c.id],
    );
  }

  /** A contact with its profile, read from WhatsApp when connected and not read within the last hour. */
  async get(orgId: string, sessionId: string, id: string): Promise<ContactEntity> {
    const key = parseContactId(id);
    await this.sessions.require(orgId, sessionId);
    const full = await this.complete(sessionId, key);
    const connection = this.sessions.connection(sessionId);
    let contact = await this.repo.find(sessionId, full);
    if (!contact && !connection) throw new NotFoundError('contact not found', { id });
    if (connection && (!contact?.profileAt || Date.now() - contact.profileAt.getTime() > PROFILE_TTL_MS)) {
      const jid = full.pn ?? full.lid!;
      const about = await onWhatsApp('reading the about text', () => connection.contacts.about(jid), 'contact not found');
      const business = await onWhatsApp('reading the business profile', () => connection.contacts.businessProfile(jid), 'contact not found');
      if (!contact) {
        await this.repo.note(orgId, sessionId, [full]);
        contact = (await this.repo.find(sessionId, full))!;
      }
      const profile = {
        about: about.text,
        aboutAt: about.setAt ?? null,
        aboutHidden: about.hidden,
        business: !!business,
        businessProfile: business ? (JSON.parse(JSON.stringify(business)) as Record<string, string>) : null,
      };
      await this.repo.saveProfile(contact.id, profile);
      Object.assign(contact, profile);
    }
    return contact!;
  }

  /** The profile picture: from the store while fresh, else from WhatsApp (the session must be connected). */
  async picture(orgId: string, sessionId: string, id: string): Promise<{ data: Buffer; mimetype: string; cached: boolean }> {
    const key = parseContactId(id);
    await this.sessions.require(orgId, sessionId);
    const full = await this.complete(sessionId, key);
    let contact = await this.repo.find(sessionId, full);
    if (contact?.pictureAt && Date.now() - contact.pictureAt.getTime() < PROFILE_TTL_MS) {
      if (contact.pictureState === 'shown') {
        const data = await this.repo.picture(contact.id);
        if (data) return { data, mimetype: contact.pictureMimetype ?? 'image/jpeg', cached: true };
      } else {
        throw pictureNotFound(contact.pictureState);
      }
    }
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    if (!contact) {
      await this.repo.note(orgId, sessionId, [full]);
      contact = (await this.repo.find(sessionId, full))!;
    }
    const jid = full.pn ?? full.lid!;
    let state: 'none' | 'hidden' | undefined;
    try {
      const pic = await connection.contacts.picture(jid);
      const { data, mimetype } = await connection.contacts.downloadPicture(pic);
      await this.repo.savePicture(contact.id, { state: 'shown', pictureId: pic.id, data, mimetype });
      return { data, mimetype, cached: false };
    } catch (err) {
      const kind = err instanceof EngineError ? err.kind : undefined;
      if (kind === 'not_found') state = 'none';
      else if (kind === 'forbidden') state = 'hidden';
      else throw apiErrorOf(err, 'reading the profile picture');
    }
    await this.repo.savePicture(contact.id, { state });
    throw pictureNotFound(state);
  }

  async setBlocked(orgId: string, sessionId: string, id: string, blocked: boolean): Promise<ContactEntity> {
    const key = parseContactId(id);
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    const full = await this.complete(sessionId, key, connection);
    if (blocked && !(full.pn && full.lid)) {
      // WhatsApp names a blocked user by both forms: learn the missing one first.
      if (full.pn) {
        const [c] = await onWhatsApp('the contact check', () => connection.contacts.check([full.pn!.split('@')[0]]));
        if (!c?.exists) throw new NotFoundError('this number is not on WhatsApp', { id });
        await this.repo.saveChecks(orgId, sessionId, [c]);
        full.lid = c.lid;
      }
      if (!full.pn || !full.lid) throw new NotFoundError('the phone number behind this LID is not known: block it by its number', { id });
    }
    const jid = full.lid ?? full.pn!;
    await onWhatsApp(blocked ? 'blocking the contact' : 'unblocking the contact', () => (blocked ? connection.contacts.block(jid) : connection.contacts.unblock(jid)), 'contact not found');
    return this.repo.setBlocked(orgId, sessionId, full, blocked);
  }

  /** Who the number blocked: read from WhatsApp when connected (and stored), else as stored. */
  async blocklist(orgId: string, sessionId: string): Promise<ContactEntity[]> {
    await this.sessions.require(orgId, sessionId);
    const connection = this.sessions.connection(sessionId);
    if (connection) {
      const listed = await onWhatsApp('reading the block list', () => connection.contacts.blocklist());
      const keys = await Promise.all(listed.map((jid) => this.complete(sessionId, isLidJid(jid) ? { lid: jid } : { pn: jid })));
      await this.repo.setBlocklist(orgId, sessionId, keys);
    }
    return this.repo.blocked(sessionId);
  }

  /** Both forms of a contact id where known (the store, then the engine's own store). */
  private async complete(sessionId: string, key: ContactKey, connection?: WhatsAppConnection): Promise<ContactKey> {
    const out = { ...key };
    if (out.lid && !out.pn) out.pn = (await this.repo.phoneOf(sessionId, out.lid)) ?? (connection ? await connection.contacts.phoneNumberOf(out.lid).catch(() => undefined) : undefined);
    if (out.pn && !out.lid) out.lid = (await this.repo.lidOf(sessionId, out.pn)) ?? (connection ? await connection.contacts.lidOf(out.pn).catch(() => undefined) : undefined);
    return out;
  }
}

function mappingDto(lid: string, pn: string): LidMappingDto {
  return { lid, phoneJid: pn, phoneNumber: pn.split('@')[0] };
}

function pictureNotFound(state: string | null | undefined): NotFoundError {
  return new NotFoundError(state === 'hidden' ? 'the profile picture is hidden by their privacy settings' : 'no profile picture', { reason: state === 'hidden' ? 'hidden' : 'none' });
}
