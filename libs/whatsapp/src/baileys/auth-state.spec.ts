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
    await keys.set({ session: { a: { v: 'new' } as never } });
    release();
    expect(await reading).toEqual({ a: { v: 'new' } });
    expect(await keys.get('session', ['a'])).toEqual({ a: { v: 'new' } });
  });

  it('writes ratchet state only at commit, after the message it belongs to, in order', async () => {
    const store = fakeStore();
    const keys = new CachedKeyStore(store as never, 100);
    await keys.set({ session: { a: { v: 1 } as never } }); // returns at once
    expect(store.calls.writes).toBe(0);
    let stored!: () => void;
    const first = keys.commit(new Promise<void>((r) => (stored = r)));
    await keys.set({ session: { a: { v: 2 } as never } });
    const second = keys.commit(Promise.resolve());
    await new Promise((r) => setTimeout(r, 10));
    expect(store.calls.writes).toBe(0); // the second waits behind the first message
    stored();
    await Promise.all([first, second]);
    expect(store.data.get('session/a')).toEqual({ v: 2 });
    expect(store.calls.writes).toBe(2);
  });

  it('drops the state of a message that was not stored, and goes on with the next', async () => {
    const store = fakeStore();
    const keys = new CachedKeyStore(store as never, 100);
    await keys.set({ session: { a: { v: 1 } as never } });
    const lost = keys.commit(Promise.reject(new Error('not stored')));
    await keys.set({ 'sender-key': { b: { v: 1 } as never } });
    const next = keys.commit(Promise.resolve());
    await expect(lost).rejects.toThrow('not stored');
    await next;
    expect([...store.data.keys()]).toEqual(['sender-key/b']);
  });

  it('writes new pre-keys through at once, with the ratchet state set before them', async () => {
    const store = fakeStore();
    const keys = new CachedKeyStore(store as never, 100);
    await keys.set({ session: { a: { v: 1 } as never }, 'pre-key': { 7: null } });
    expect(store.calls.writes).toBe(0); // a consumed pre-key waits like the ratchet
    await keys.set({ 'pre-key': { 8: { v: 8 } as never } });
    expect([...store.data.keys()].sort()).toEqual(['pre-key/8', 'session/a']);
    // Uploaded pre-keys are not kept in memory once written: read back from the store.
    expect(await keys.get('pre-key', ['8'])).toEqual({ 8: { v: 8 } });
    expect(store.calls.reads).toBe(1);
  });

  it('keeps an unwritten key past the bound, so the store is never asked for its old value', async () => {
    const store = fakeStore();
    store.data.set('session/a', { v: 'old' });
    const keys = new CachedKeyStore(store as never, 2);
    await keys.set({ session: { a: { v: 'new' } as never } });
    // Push "a" out of the two-entry cache while it is unwritten.
    await keys.set({ 'device-list': { x: ['0'], y: ['0'], z: ['0'] } as never });
    expect(await keys.get('session', ['a'])).toEqual({ a: { v: 'new' } });
    expect(store.calls.reads).toBe(0);
    await keys.flushed();
    // Written and evicted: now the store has the new value.
    await keys.set({ 'device-list': { u: ['0'], w: ['0'] } as never });
    expect(await keys.get('session', ['a'])).toEqual({ a: { v: 'new' } });
    expect(store.calls.reads).toBe(1);
  });
});
