import { describe, expect, it } from 'vitest';
import { CachedKeyStore } from './auth-state';

/** A store that counts reads and lets a test hold reads and writes open. */
function fakeStore() {
  const data = new Map<string, unknown>();
  const calls = { reads: 0, writes: 0 };
  let gate: Promise<void> | undefined;
  return {
    data,
    calls,
    hold() {
      let open!: () => void;
      gate = new Promise((r) => (open = r));
      return () => {
        gate = undefined;
        open();
      };
    },
    get: async (type: string, ids: string[]) => {
      calls.reads++;
      const snapshot = Object.fromEntries(ids.filter((id) => data.has(`${type}/${id}`)).map((id) => [id, data.get(`${type}/${id}`)]));
      await gate;
      return snapshot;
    },
    set: async (d: Record<string, Record<string, unknown>>) => {
      calls.writes++;
      await gate;
      for (const [type, entries] of Object.entries(d)) {
        for (const [id, value] of Object.entries(entries)) {
          if (value == null) data.delete(`${type}/${id}`);
          else data.set(`${type}/${id}`, value);
        }
      }
    },
  };
}

describe('CachedKeyStore', () => {
  it('asks the store once per key, for keys found and keys absent', async () => {
    const store = fakeStore();
    store.data.set('session/a', { v: 1 });
    const keys = new CachedKeyStore(store as never, 100);
    for (let i = 0; i < 3; i++) {
      expect(await keys.get('session', ['a', 'b'])).toEqual({ a: { v: 1 } });
    }
    expect(store.calls.reads).toBe(1);
  });

  it('serves many reads of a key that arrive together with one fetch', async () => {
    const store = fakeStore();
    store.data.set('device-list/u', ['0']);
    const keys = new CachedKeyStore(store as never, 100);
    const release = store.hold();
    const reads = Array.from({ length: 20 }, () => keys.get('device-list', ['u', 'v']));
    release();
    for (const r of await Promise.all(reads)) expect(r).toEqual({ u: ['0'] });
    expect(store.calls.reads).toBe(1);
  });

  it('reads back its own writes and deletions without the store', async () => {
    const store = fakeStore();
    const keys = new CachedKeyStore(store as never, 100);
    await keys.set({ session: { a: { v: 2 } as never } });
    expect(await keys.get('session', ['a'])).toEqual({ a: { v: 2 } });
    await keys.set({ session: { a: null } });
    expect(await keys.get('session', ['a'])).toEqual({});
    expect(store.calls.reads).toBe(0);
    expect(store.data.size).toBe(0);
  });

  it('never keeps a value fetched before a write that landed meanwhile', async () => {
    const store = fakeStore();
    store.data.set('session/a', { v: 'old' });
    const keys = new CachedKeyStore(store as never, 100);
    const release = store.hold();
    const reading = keys.get('session', ['a']); // fetches "old", held open
    const writing = keys.set({ session: { a: { v: 'new' } as never } });
    release();
    await writing;
    expect(await reading).toEqual({ a: { v: 'new' } });
    expect(await keys.get('session', ['a'])).toEqual({ a: { v: 'new' } });
  });

  it('keeps an uncommitted write past the bound, so the store is never asked for its old value', async () => {
    const store = fakeStore();
    store.data.set('session/a', { v: 'old' });
    const keys = new CachedKeyStore(store as never, 2);
    const release = store.hold();
    const writing = keys.set({ session: { a: { v: 'new' } as never } });
    // Push "a" out of the two-entry cache while its write is still open.
    const other = keys.set({ 'device-list': { x: ['0'], y: ['0'] } as never });
    expect(await keys.get('session', ['a'])).toEqual({ a: { v: 'new' } });
    release();
    await Promise.all([writing, other]);
    // Committed and evicted: now the store has the new value.
    await keys.set({ 'device-list': { z: ['0'], w: ['0'] } as never });
    expect(await keys.get('session', ['a'])).toEqual({ a: { v: 'new' } });
  });
});
