import { AsyncLocalStorage } from 'node:async_hooks';
import { addTransactionCapability } from '@whiskeysockets/baileys';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { silenceLibsignal } from './quiet-libsignal';

const logger = pino({ level: 'silent' });
const memoryKeys = () => {
  const data: Record<string, Record<string, unknown>> = {};
  return {
    get: async (type: string, ids: string[]) => Object.fromEntries(ids.filter((id) => data[type]?.[id]).map((id) => [id, data[type][id]])),
    set: async (d: Record<string, Record<string, unknown>>) => {
      for (const [t, v] of Object.entries(d)) data[t] = { ...data[t], ...v };
    },
    data,
  };
};

/** Our patch of Baileys (patches/): one AsyncLocalStorage per process instead of one per socket. */
describe('the shared transaction storage patch', () => {
  it('creates no AsyncLocalStorage per socket, and keeps each socket’s transaction to itself', async () => {
    const spy = vi.spyOn(AsyncLocalStorage.prototype, 'run');
    const a = addTransactionCapability(memoryKeys() as never, logger as never, { maxCommitRetries: 1, delayBetweenTriesMs: 1 });
    const bKeys = memoryKeys();
    const b = addTransactionCapability(bKeys as never, logger as never, { maxCommitRetries: 1, delayBetweenTriesMs: 1 });
    await a.transaction(async () => {
      expect(a.isInTransaction()).toBe(true);
      // b sees no transaction of a's: its write goes straight to its store.
      expect(b.isInTransaction()).toBe(false);
      await b.set({ session: { x: Buffer.from('1') } } as never);
      expect(bKeys.data.session?.x).toBeDefined();
    }, 'k');
    await b.transaction(async () => expect(a.isInTransaction()).toBe(false), 'k');
    const storages = new Set(spy.mock.contexts);
    spy.mockRestore();
    expect(storages.size).toBe(1);
  });
});

describe('silenceLibsignal', () => {
  it('drops libsignal session dumps and lets other lines through', () => {
    const seen: unknown[][] = [];
    const original = console.info;
    console.info = (...args: unknown[]) => void seen.push(args);
    try {
      silenceLibsignal();
      // Through a variable: these stand for libsignal's own console lines, not our logging.
      const info = console['info'];
      info('Closing session:', { _chains: { secret: 'ratchet-key' } });
      info('Opening session:', {});
      info('hello', { currentRatchet: { ephemeralKeyPair: {} } });
      info('an ordinary line');
    } finally {
      console.info = original;
    }
    expect(seen).toEqual([['an ordinary line']]);
  });
});
