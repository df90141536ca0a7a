import { BufferJSON, initAuthCreds, proto, type AuthenticationCreds, type SignalDataTypeMap, type SignalKeyStore } from '@whiskeysockets/baileys';

/** Baileys auth state kept in memory: enough for tests and benchmarks (lost with the process). */
export interface MemoryAuthState {
  creds: AuthenticationCreds;
  keys: SignalKeyStore;
  /** The raw key maps, e.g. to copy a state or to count sessions. */
  store: Map<string, Map<string, unknown>>;
}

export function makeMemoryAuthState(creds: AuthenticationCreds = initAuthCreds()): MemoryAuthState {
  const store = new Map<string, Map<string, unknown>>();
  const bucket = (type: string) => {
    let b = store.get(type);
    if (!b) store.set(type, (b = new Map()));
    return b;
  };
  const keys: SignalKeyStore = {
    get: async <T extends keyof SignalDataTypeMap>(type: T, ids: string[]) => {
      const b = bucket(type);
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      for (const id of ids) {
        let v = b.get(id);
        if (v !== undefined) {
          if (type === 'app-state-sync-key') v = proto.Message.AppStateSyncKeyData.fromObject(v as object);
          out[id] = v as SignalDataTypeMap[T];
        }
      }
      return out;
    },
    set: async (data) => {
      for (const [type, entries] of Object.entries(data)) {
        const b = bucket(type);
        for (const [id, v] of Object.entries(entries ?? {})) {
          if (v === null || v === undefined) b.delete(id);
          else b.set(id, v);
        }
      }
    },
  };
  return { creds, keys, store };
}

/**
 * A deep copy of a memory auth state (creds and every stored key), e.g. to restore a client to an
 * earlier Signal state later. Copies through JSON the way file-based auth stores do.
 */
export function cloneMemoryAuthState(auth: MemoryAuthState): MemoryAuthState {
  const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v, BufferJSON.replacer), BufferJSON.reviver) as T;
  const clone = makeMemoryAuthState(copy(auth.creds));
  for (const [type, entries] of auth.store) clone.store.set(type, new Map([...entries].map(([id, v]) => [id, copy(v)])));
  return clone;
}
