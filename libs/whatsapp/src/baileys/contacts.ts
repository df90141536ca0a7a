import { jidNormalizedUser, USyncQuery, USyncUser, type Contact, type WASocket } from '@whiskeysockets/baileys';
import { AboutText, BusinessProfile, ContactCheck, ContactsPort, EngineError, isLidJid, isUserJid, LidMapping, ProfilePicture, SyncedContact } from '../port';
import { engineCall } from './engine-error';

/** How long a profile picture download may take. */
const PICTURE_TIMEOUT_MS = 15_000;
/** Profile pictures are small JPEGs; anything far larger is not one. */
const PICTURE_MAX_BYTES = 5 * 1024 * 1024;

/**
 * `connection.contacts` over Baileys. Every LID ↔ phone number pair Baileys stores in its mapping
 * store (from message attributes, usync answers, history and contact sync) is reported through
 * `onMappings` as well, so the gateway keeps its own copy per session. What Baileys learns of
 * people (`contacts.upsert` / `contacts.update`: address-book entries from contact sync, with their
 * LIDs; display names) is reported through `onContacts`.
 */
export class BaileysContacts implements ContactsPort {
  constructor(
    private readonly socket: WASocket,
    onMappings: (mappings: LidMapping[]) => void = () => undefined,
    onContacts: (contacts: SyncedContact[]) => void = () => undefined,
  ) {
    socket.ev?.on('contacts.upsert', (list) => {
      const contacts = toSyncedContacts(list).filter((c) => c.name || c.notify || (c.lid && c.phoneJid));
      if (contacts.length) onContacts(contacts);
    });
    // Updates carrying only a display name come with each message (stored with the messages): not reported again.
    socket.ev?.on('contacts.update', (list) => {
      const contacts = toSyncedContacts(list).filter((c) => c.name || (c.lid && c.phoneJid));
      if (contacts.length) onContacts(contacts);
    });
    const store = socket.signalRepository?.lidMapping;
    if (store) {
      const original = store.storeLIDPNMappings.bind(store);
      store.storeLIDPNMappings = async (pairs) => {
        await original(pairs);
        const learnt = toMappings(pairs);
        if (learnt.length) onMappings(learnt);
      };
    }
  }

  async check(phoneNumbers: string[]): Promise<ContactCheck[]> {
    if (!phoneNumbers.length) return [];
    const query = new USyncQuery().withContactProtocol().withLIDProtocol();
    for (const n of phoneNumbers) query.withUser(new USyncUser().withPhone(`+${n}`));
    const result = await engineCall(() => this.socket.executeUSyncQuery(query));
    if (!result) throw new EngineError('unknown', 'WhatsApp gave no answer to the contact query');
    const byNumber = new Map<string, { id: string; contact?: boolean; lid?: string }>();
    for (const r of result.list as { id: string; contact?: boolean; lid?: string }[]) byNumber.set(r.id.split('@')[0].split(':')[0], r);
    const checks = phoneNumbers.map((n): ContactCheck => {
      const r = byNumber.get(n);
      if (!r?.contact) return { phoneNumber: n, exists: false };
      const jid = jidNormalizedUser(r.id);
      return { phoneNumber: n, exists: true, jid, lid: r.lid && isLidJid(r.lid) ? jidNormalizedUser(r.lid) : undefined };
    });
    const pairs = checks.filter((c) => c.jid && c.lid).map((c) => ({ lid: c.lid!, pn: c.jid! }));
    // Through the engine's store: Baileys keeps them (its sends need them) and onMappings reports them.
    if (pairs.length) await this.learn(pairs);
    return checks;
  }

  async about(jid: string): Promise<AboutText> {
    const list = (await engineCall(() => this.socket.fetchStatus(jid))) as { id: string; status?: { status: string | null; setAt?: Date } }[] | undefined;
    const status = list?.[0]?.status;
    if (!status) return { text: null, hidden: false };
    // Baileys answers '' for WhatsApp's 401 (hidden by privacy), null for no text.
    if (status.status === '') return { text: null, hidden: true };
    const setAt = status.setAt && status.setAt.getTime() > 0 ? status.setAt : undefined;
    return { text: status.status ?? null, setAt, hidden: false };
  }

  async businessProfile(jid: string): Promise<BusinessProfile | undefined> {
    const p = await engineCall(() => this.socket.getBusinessProfile(jid));
    if (!p) return undefined;
    return { description: p.description || undefined, category: p.category, email: p.email, website: p.website?.[0] };
  }

  async picture(jid: string): Promise<ProfilePicture> {
    const url = await engineCall(() => this.socket.profilePictureUrl(jid, 'image'));
    if (!url) throw new EngineError('not_found', 'no profile picture');
    const id = /\/([^/?]+?)(?:\.[a-z]+)?(?:\?|$)/.exec(url)?.[1];
    return { url, id };
  }

  async downloadPicture(picture: ProfilePicture): Promise<{ data: Buffer; mimetype: string }> {
    return engineCall(async () => {
      const res = await fetch(picture.url, { signal: AbortSignal.timeout(PICTURE_TIMEOUT_MS), redirect: 'error' });
      if (res.status === 404) throw new EngineError('not_found', 'profile picture not found');
      if (!res.ok) throw new EngineError('media_failed', `profile picture download answered ${res.status}`);
      const data = Buffer.from(await res.arrayBuffer());
      if (data.length > PICTURE_MAX_BYTES) throw new EngineError('media_failed', 'profile picture too large');
      const type = res.headers.get('content-type');
      return { data, mimetype: type && type.startsWith('image/') ? type : 'image/jpeg' };
    });
  }

  async block(jid: string): Promise<void> {
    await engineCall(() => this.socket.updateBlockStatus(jid, 'block'));
  }

  async unblock(jid: string): Promise<void> {
    await engineCall(() => this.socket.updateBlockStatus(jid, 'unblock'));
  }

  async blocklist(): Promise<string[]> {
    const list = await engineCall(() => this.socket.fetchBlocklist());
    return (list ?? []).filter((j): j is string => typeof j === 'string').map((j) => jidNormalizedUser(j));
  }

  async phoneNumberOf(lid: string): Promise<string | undefined> {
    const pn = await engineCall(() => this.socket.signalRepository.lidMapping.getPNForLID(lid));
    return pn ? jidNormalizedUser(pn) : undefined;
  }

  async lidOf(pn: string): Promise<string | undefined> {
    // The store alone: getLIDForPN would ask WhatsApp (usync) for a number it does not know.
    const user = pn.split('@')[0];
    const stored = await engineCall(async () => (await this.socket.authState.keys.get('lid-mapping', [user]))[user]);
    return typeof stored === 'string' && stored ? `${stored}@lid` : undefined;
  }

  async learn(mappings: LidMapping[]): Promise<void> {
    const pairs = mappings.filter((m) => isLidJid(m.lid) && isUserJid(m.pn));
    if (pairs.length) await engineCall(() => this.socket.signalRepository.lidMapping.storeLIDPNMappings(pairs));
  }
}

/** Baileys' pairs (either order) as LID + phone-number JIDs without device. */
function toMappings(pairs: { lid: string; pn: string }[]): LidMapping[] {
  const out: LidMapping[] = [];
  for (const { lid, pn } of pairs) {
    const [l, p] = isLidJid(lid) ? [lid, pn] : [pn, lid];
    if (!isLidJid(l) || !isUserJid(p)) continue;
    out.push({ lid: jidNormalizedUser(l), pn: jidNormalizedUser(p) });
  }
  return out;
}

/** Baileys' contacts as the port's: user JIDs without device, both forms where Baileys gave them, names trimmed. */
function toSyncedContacts(list: Partial<Contact>[]): SyncedContact[] {
  const out: SyncedContact[] = [];
  for (const c of list) {
    if (!c.id) continue;
    const jid = jidNormalizedUser(c.id);
    if (!isLidJid(jid) && !isUserJid(jid)) continue;
    const lid = c.lid && isLidJid(c.lid) ? jidNormalizedUser(c.lid) : isLidJid(jid) ? jid : undefined;
    const phoneJid = c.phoneNumber && isUserJid(c.phoneNumber) ? jidNormalizedUser(c.phoneNumber) : isUserJid(jid) ? jid : undefined;
    const name = c.name?.trim() || undefined;
    const notify = c.notify?.trim() || undefined;
    out.push({ jid, ...(lid ? { lid } : {}), ...(phoneJid ? { phoneJid } : {}), ...(name ? { name } : {}), ...(notify ? { notify } : {}) });
  }
  return out;
}
