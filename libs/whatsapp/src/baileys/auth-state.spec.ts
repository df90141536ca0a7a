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

  it('breaks on a message that was not stored: nothing after it is written, and it says so', async () => {
    const store = fakeStore();
    const broken: unknown[] = [];
    const keys = new CachedKeyStore(store as never, 100, (err) => broken.push(err));
    await keys.set({ session: { a: { v: 1 } as never } });
    const lost = keys.commit(Promise.reject(new Error('not stored')));
    await keys.set({ session: { a: { v: 2 } as never } });
    const next = keys.commit(Promise.resolve());
    await expect(lost).rejects.toThrow('not stored');
    // v2 consumed what v1 did: writing it would make the lost message undecryptable.
    await expect(next).rejects.toThrow('not stored');
    await expect(keys.flushed()).rejects.toThrow('not stored'); // no encrypted send on it either
    expect(store.data.size).toBe(0);
    expect(broken).toHaveLength(1);
  });

  it('takes a message that fails while an earlier one is still being stored (no unhandled rejection)', async () => {
    const store = fakeStore();
    const keys = new CachedKeyStore(store as never, 100);
    let storeFirst!: () => void;
    const first = keys.commit(new Promise<void>((r) => (storeFirst = r)));
    const failed = Promise.reject(new Error('not stored'));
    const second = keys.commit(failed);
    await new Promise((r) => setTimeout(r, 10)); // Node would report (and crash on) an unhandled one here
    storeFirst();
    await first;
    await expect(second).rejects.toThrow('not stored');
  });

  it('writes new pre-keys at once, without waiting for a message still being stored', async () => {
    const store = fakeStore();
    const keys = new CachedKeyStore(store as never, 100);
    await keys.set({ session: { a: { v: 1 } as never } });
    const waiting = keys.commit(new Promise(() => undefined)); // a message never stored (yet)
    await keys.set({ 'pre-key': { 9: { v: 9 } as never } });
    expect([...store.data.keys()]).toEqual(['pre-key/9']);
    void waiting;
  });

  it('forgets a consumed pre-key it had read', async () => {
    const store = fakeStore();
    store.data.set('pre-key/5', { v: 5 });
    const keys = new CachedKeyStore(store as never, 100);
    expect(await keys.get('pre-key', ['5'])).toEqual({ 5: { v: 5 } });
    await keys.set({ 'pre-key': { 5: null } });
    await keys.flushed();
    expect(await keys.get('pre-key', ['5'])).toEqual({});
    expect(store.data.has('pre-key/5')).toBe(false);
  });

  it('at close, drops what no stored message accounts for', async () => {
    const store = fakeStore();
    const keys = new CachedKeyStore(store as never, 100);
    await keys.set({ session: { a: { v: 1 } as never } });
    await keys.commit(Promise.resolve());
    await keys.set({ session: { a: { v: 2 } as never } }); // a decryption cut short
    await keys.settled();
    expect(store.data.get('session/a')).toEqual({ v: 1 });
  });

  it('writes new pre-keys at once, and consumed ones with the ratchet state', async () => {
    const store = fakeStore();
    store.data.set('pre-key/7', { v: 7 });
    const keys = new CachedKeyStore(store as never, 100);
    await keys.set({ session: { a: { v: 1 } as never }, 'pre-key': { 7: null } });
    expect(store.calls.writes).toBe(0); // a consumed pre-key waits like the ratchet
    await keys.set({ 'pre-key': { 8: { v: 8 } as never } });
    expect([...store.data.keys()].sort()).toEqual(['pre-key/7', 'pre-key/8']);
    await keys.flushed();
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
