import {
  AuthenticationCreds,
  AuthenticationState,
  BufferJSON,
  initAuthCreds,
  makeCacheableSignalKeyStore,
  proto,
  SignalDataSet,
  SignalDataTypeMap,
  SignalKeyStore,
} from '@whiskeysockets/baileys';
import type { ILogger } from '@whiskeysockets/baileys/lib/Utils/logger';
import { AuthStateStore } from '../port';

export const serialize = (value: unknown): string => JSON.stringify(value, BufferJSON.replacer);
export const deserialize = <T>(text: string): T => JSON.parse(text, BufferJSON.reviver) as T;

/**
 * Baileys' AuthenticationState over an AuthStateStore. Creds are saved whole on every
 * `creds.update` (Baileys mutates them in place), one write at a time per session.
 */
export async function loadAuthState(
  store: AuthStateStore,
  logger: ILogger,
): Promise<{ state: AuthenticationState; saveCreds: () => Promise<void> }> {
  const stored = await store.readCreds();
  const creds: AuthenticationCreds = stored ? deserialize(stored) : initAuthCreds();
  if (!stored) await store.writeCreds(serialize(creds));

  const keys: SignalKeyStore = {
    get: async <T extends keyof SignalDataTypeMap>(type: T, ids: string[]) => {
      const found = await store.readKeys(type, ids);
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      for (const [id, text] of found) {
        let value: unknown = deserialize(text);
        if (type === 'app-state-sync-key' && value) value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
        out[id] = value as SignalDataTypeMap[T];
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
    chain = chain.then(async () => {
      pending = false;
      await store.writeCreds(serialize(creds));
    });
    return chain;
  };

  return { state: { creds, keys: makeCacheableSignalKeyStore(keys, logger) }, saveCreds };
}

export function isLinked(creds: AuthenticationCreds): boolean {
  return Boolean(creds.me?.id && creds.account);
}
