import {
  AuthenticationCreds,
  AuthenticationState,
  BufferJSON,
  initAuthCreds,
  proto,
  SignalDataSet,
  SignalDataTypeMap,
  SignalKeyStore,
} from '@whiskeysockets/baileys';
import { LRUCache } from 'lru-cache';
import { AuthStateStore, jidUser, LidMapping } from '../port';

export const serialize = (value: unknown): string => JSON.stringify(value, BufferJSON.replacer);
export const deserialize = <T>(text: string): T => JSON.parse(text, BufferJSON.reviver) as T;

/**
 * Baileys' AuthenticationState over an AuthStateStore. Creds are saved whole on every
 * `creds.update` (Baileys mutates them in place), one write at a time per session. Baileys' LID
 * mapping store (key type `lid-mapping`) falls back to `lidMappings` (the gateway's pairs) for
 * what it never stored itself.
 */
export async function loadAuthState(
  store: AuthStateStore,
  options: { cachedKeys?: number; onKeysBroken?: (err: unknown) => void; lidMappings?: (jids: string[]) => Promise<LidMapping[]> } = {},
): Promise<{ state: AuthenticationState; keys: CachedKeyStore; saveCreds: () => Promise<void> }> {
  const stored = await store.readCreds();
  const creds: AuthenticationCreds = stored ? deserialize(stored) : initAuthCreds();
  if (!stored) await store.writeCreds(serialize(creds));

  const persisted: SignalKeyStore = {
    get: async <T extends keyof SignalDataTypeMap>(type: T, ids: string[]) => {
      const found = await store.readKeys(type, ids);
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      for (const [id, text] of found) {
        let value: unknown = deserialize(text);
        if (type === 'app-state-sync-key' && value) value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
        out[id] = value as SignalDataTypeMap[T];
      }
      if (type === 'lid-mapping' && options.lidMappings) {
        const missing = ids.filter((id) => !(id in out));
        if (missing.length) Object.assign(out, await mappingKeys(missing, options.lidMappings));
      }
      return out;
    },
    set: async (data: SignalDataSet) => {
      const changes: { type: string; id: string; value: string | null }[] = [];
      for (const [type, entries] of Object.entries(data)) {
        for (const [id, value] of Object.entries(entries ?? {})) {
          changes.push({ type, id, value: value ? serialize(value) : null });
        }
      }
      if (changes.length) await store.writeKeys(changes);
    },
  };

  let chain: Promise<void> = Promise.resolve();
  let pending = false;
  const saveCreds = () => {
    // Coalesce bursts: a save queued behind another writes the latest state once.
    if (pending) return chain;
    pending = true;
    // A failed save must not stop the later ones.
    chain = chain
      .catch(() => undefined)
      .then(async () => {
        pending = false;
        await store.writeCreds(serialize(creds));
      });
    return chain;
  };

  const keys = new CachedKeyStore(persisted, options.cachedKeys ?? 5000, options.onKeysBroken);
  return { state: { creds, keys }, keys, saveCreds };
}

/**
 * Key types whose writes wait: the ratchet state that decrypting or encrypting a message advances.
 * They are committed after the message they belong to is stored and before its receipt is sent
 * (or before an encrypted message is sent), so a message WhatsApp delivers again after a crash
 * still decrypts with the stored state, and nothing leaves on the strength of an unstored state.
 * Deletions (a consumed pre-key) wait too; new pre-keys and app-state keys are written at once.
 */
const WRITE_BEHIND = new Set(['session', 'sender-key', 'sender-key-memory', 'identity-key', 'lid-mapping', 'device-list', 'tctoken']);

type Held = { value: unknown };
type Pending = { data: SignalDataSet; held: [string, Held][] };

/**
 * Signal keys of one connection, cached in memory in front of the store, absent keys included.
 * A session's keys are only ever used by the one connection that holds its lease, so what this
 * connection last wrote or read is the truth; the store is only asked for what was never seen
 * (Baileys looks up several keys on every message, most of which do not exist: a database round
 * trip each without this), and concurrent reads of a key share one fetch. The cache is bounded
 * (least recently used entries go first); a written key stays pinned outside the bound until its
 * write has committed and no fetch of it is in flight, so nothing stale is read back. Unlike
 * Baileys' makeCacheableSignalKeyStore, reads never wait for writes.
 *
 * Ratchet writes (WRITE_BEHIND) wait in memory until commit(after) hands them to the store, in
 * order, once `after` (the storage of their message) resolved. If a commit fails (the message was
 * not stored, or the store failed) the store is broken: the database no longer matches memory, so
 * every later commit fails too (no receipt, no encrypted send) and `onBroken` is told, which ends
 * the connection; the next one starts from what the database has, and WhatsApp delivers the
 * unreceipted messages again.
 */
export class CachedKeyStore implements SignalKeyStore {
  private readonly cache: LRUCache<string, Held>;
  /** Written keys pinned outside the bound until committed. */
  private readonly pinned = new Map<string, Held>();
  /** Committed writes whose pins wait for a fetch of the same key to finish. */
  private committed: [string, Held][] = [];
  private readonly fetching = new Map<string, Promise<Map<string, Held>>>();
  /** Ratchet writes not yet handed to commit(): they wait for the message they belong to. */
  private unwritten: Pending = { data: {}, held: [] };
  private chain: Promise<void> = Promise.resolve();
  private broken?: unknown;

  constructor(
    private readonly store: SignalKeyStore,
    max: number,
    private readonly onBroken: (err: unknown) => void = () => undefined,
  ) {
    this.cache = new LRUCache({ max });
  }

  async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]): Promise<{ [id: string]: SignalDataTypeMap[T] }> {
    const out: { [id: string]: SignalDataTypeMap[T] } = {};
    const unknown: string[] = [];
    const fetches = new Set<Promise<Map<string, Held>>>();
    const toFetch: string[] = [];
    for (const id of ids) {
      const held = this.held(type, id);
      if (held) {
        if (held.value != null) out[id] = held.value as SignalDataTypeMap[T];
        continue;
      }
      unknown.push(id);
      // Many messages arriving at once ask for the same key: one fetch serves them all.
      const inFlight = this.fetching.get(cacheKey(type, id));
      if (inFlight) fetches.add(inFlight);
      else toFetch.push(id);
    }
    if (toFetch.length) fetches.add(this.fetch(type, toFetch));
    if (!unknown.length) return out;
    const fetched = new Map<string, Held>();
    for (const result of await Promise.all(fetches)) for (const [key, held] of result) fetched.set(key, held);
    for (const id of unknown) {
      const key = cacheKey(type, id);
      const held = this.pinned.get(key) ?? this.cache.get(key) ?? fetched.get(key);
      if (held?.value != null) out[id] = held.value as SignalDataTypeMap[T];
    }
    return out;
  }

  async set(data: SignalDataSet): Promise<void> {
    const now: Pending = { data: {}, held: [] };
    for (const [type, entries] of Object.entries(data)) {
      for (const [id, value] of Object.entries(entries ?? {})) {
        const key = cacheKey(type, id);
        const held = { value: value ?? null };
        // Hundreds of fresh pre-keys per upload, each read at most once: not worth the memory.
        if (type === 'pre-key' && held.value != null) this.cache.delete(key);
        else this.cache.set(key, held);
        this.pinned.set(key, held);
        const target = WRITE_BEHIND.has(type) || held.value == null ? this.unwritten : now;
        target.held.push([key, held]);
        ((target.data as Record<string, Record<string, unknown>>)[type] ??= {})[id] = value;
      }
    }
    if (!now.held.length) return;
    // New pre-keys and app-state keys do not depend on the ratchet's order: written now.
    try {
      await this.store.set(now.data);
    } finally {
      this.release(now.held);
    }
  }

  /**
   * Writes the ratchet state set so far, after every earlier commit, once `after` resolved (the
   * message whose decryption produced it is stored). Rejects, and breaks the store, if `after`
   * rejects or the write fails.
   */
  commit(after?: Promise<unknown>): Promise<void> {
    const { data, held } = this.unwritten;
    this.unwritten = { data: {}, held: [] };
    // `after` may reject before the chain reaches this link: handled there, not unhandled now.
    after?.catch(() => undefined);
    const link = this.chain
      .then(async () => {
        if (this.broken) throw this.broken;
        try {
          await after;
          if (held.length) await this.store.set(data);
        } catch (err) {
          this.broken = err;
          this.onBroken(err);
          throw err;
        }
      })
      .finally(() => this.release(held));
    this.chain = link.catch(() => undefined);
    return link;
  }

  /** Commits the ratchet state set so far (before an encrypted message leaves). */
  flushed(): Promise<void> {
    return this.commit();
  }

  /**
   * Resolves once the commits handed over so far have ended. What was set after the last one is
   * dropped: it belongs to no stored message (a decryption cut short by the close).
   */
  settled(): Promise<void> {
    this.unwritten = { data: {}, held: [] };
    return this.chain;
  }

  private fetch(type: string, ids: string[]): Promise<Map<string, Held>> {
    const keys = ids.map((id) => cacheKey(type, id));
    const done = (async () => {
      try {
        const fetched = await this.store.get(type as keyof SignalDataTypeMap, ids);
        const result = new Map<string, Held>();
        ids.forEach((id, i) => {
          // A write made meanwhile is newer than what was fetched.
          let held = this.held(type, id);
          if (!held) this.cache.set(keys[i], (held = { value: fetched[id] ?? null }));
          result.set(keys[i], held);
        });
        return result;
      } finally {
        for (const key of keys) this.fetching.delete(key);
        this.release([]);
      }
    })();
    for (const key of keys) this.fetching.set(key, done);
    return done;
  }

  /** Unpins written keys, except those a fetch in flight might overwrite with an older value. */
  private release(written: [string, Held][]): void {
    this.committed.push(...written);
    this.committed = this.committed.filter(([key, held]) => {
      if (this.fetching.has(key)) return true;
      if (this.pinned.get(key) === held) this.pinned.delete(key);
      return false;
    });
  }

  private held(type: string, id: string): Held | undefined {
    const key = cacheKey(type, id);
    return this.pinned.get(key) ?? this.cache.get(key);
  }
}

const cacheKey = (type: string, id: string) => `${type}\u0000${id}`;

/**
 * Baileys' `lid-mapping` keys answered from the gateway's pairs: `<pn user>` → LID user and
 * `<lid user>_reverse` → phone number user (Baileys' own layout of its mapping store).
 */
async function mappingKeys(ids: string[], lookup: (jids: string[]) => Promise<LidMapping[]>): Promise<Record<string, string>> {
  const REVERSE = '_reverse';
  const jidOf = (id: string) => (id.endsWith(REVERSE) ? `${id.slice(0, -REVERSE.length)}@lid` : `${id}@s.whatsapp.net`);
  const pairs = await lookup(ids.map(jidOf));
  const lidOf = new Map(pairs.map((p) => [jidUser(p.pn), jidUser(p.lid)]));
  const pnOf = new Map(pairs.map((p) => [jidUser(p.lid), jidUser(p.pn)]));
  const out: Record<string, string> = {};
  for (const id of ids) {
    const found = id.endsWith(REVERSE) ? pnOf.get(id.slice(0, -REVERSE.length)) : lidOf.get(id);
    if (found) out[id] = found;
  }
  return out;
}

export function isLinked(creds: AuthenticationCreds): boolean {
  return Boolean(creds.me?.id && creds.account);
}
