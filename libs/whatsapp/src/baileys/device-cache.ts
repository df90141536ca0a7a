import type { CacheStore } from '@whiskeysockets/baileys';
import { LRUCache } from 'lru-cache';

/** Baileys' own lifetime of a cached device list. */
const DEVICE_LIST_TTL_MS = 5 * 60_000;

/**
 * The device lists of a session's contacts, kept across its connections in this process (Baileys
 * keeps them per socket, so every reconnect asked WhatsApp again for each contact's devices
 * before the first send, and refreshed every Signal session on the way). A session's connection
 * after a stop or a dropped socket starts from what the previous one knew, as a long-running
 * client does.
 */
export class DeviceListCache implements CacheStore {
  private readonly cache = new LRUCache<string, object>({ max: 5000, ttl: DEVICE_LIST_TTL_MS });

  get<T>(key: string): T | undefined {
    return this.cache.get(key) as T | undefined;
  }

  set<T>(key: string, value: T): void {
    this.cache.set(key, value as object);
  }

  del(key: string): void {
    this.cache.delete(key);
  }

  flushAll(): void {
    this.cache.clear();
  }
}
