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

/** Our patch: relayMessage hands its transaction's writes to the store before the message leaves. */
describe('the flushTransaction patch', () => {
  it('writes what the transaction set so far at once, and the rest when it ends', async () => {
    const keys = memoryKeys();
    const tx = addTransactionCapability(keys as never, logger as never, { maxCommitRetries: 1, delayBetweenTriesMs: 1 });
    await tx.transaction(async () => {
      await tx.set({ session: { a: Buffer.from('ratchet after encrypt') } } as never);
      expect(keys.data.session?.a).toBeUndefined();
      await tx.flushTransaction!();
      // Stored before the caller sends the node, not after.
      expect(keys.data.session?.a).toBeDefined();
      await tx.set({ session: { b: Buffer.from('later') } } as never);
      // Reads inside the transaction still see what was flushed.
      expect((await tx.get('session' as never, ['a']))['a']).toBeDefined();
    }, 'me');
    expect(keys.data.session?.b).toBeDefined();
    // Outside a transaction there is nothing to flush.
    await expect(tx.flushTransaction!()).resolves.toBeUndefined();
  });

  it('is called by relayMessage before the node is sent', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(require.resolve('@whiskeysockets/baileys/lib/Socket/messages-send.js'), 'utf8');
    const flush = source.indexOf('await authState.keys.flushTransaction?.();');
    const relay = source.indexOf('await sendNode(stanza);', flush);
    expect(flush).toBeGreaterThan(0);
    expect(relay - flush).toBeLessThan(200);
  });
});

/**
 * Our patch: nothing under the socket's message lock waits for the account's key-transaction lock,
 * which a send holds while it waits for the message lock (beforeRelay). The failed decryption's
 * retry receipt is sent after the lock is released (behaviour: decryption-failures.spec.ts); an
 * app-state key share takes a transaction lock of its own.
 */
describe('the lock-order patches', () => {
  const source = async (file: string) => (await import('node:fs')).readFileSync(require.resolve(`@whiskeysockets/baileys/lib/${file}`), 'utf8');

  it('sends the retry receipt of a failed decryption outside the message lock', async () => {
    const recv = await source('Socket/messages-recv.js');
    const lock = recv.indexOf('await messageMutex.mutex(async () => {');
    const retry = recv.indexOf('await retryOutsideMessageLock(retryAfterUnlock);');
    const sendRetry = recv.indexOf('await sendRetryRequest(node, !encNode);');
    expect(lock).toBeGreaterThan(0);
    expect(retry).toBeGreaterThan(lock);
    // The retry receipt is only built inside the lock (as a function), run after it.
    expect(recv.slice(lock, sendRetry)).toContain('retryAfterUnlock = () => retryMutex.mutex(');
  });

  it("takes a transaction lock of the key share's own, not the account's", async () => {
    const process = await source('Utils/process-message.js');
    expect(process).toContain("}, 'app-state-sync-key-share');");
  });

  it('reports each stanza as it arrives and once handled (onStanza), live and offline', async () => {
    const recv = await source('Socket/messages-recv.js');
    expect(recv).toContain("config.onStanza?.(type, 'received');");
    expect(recv).toContain("['message', reportHandled('message', handleMessage)]");
    expect(recv).toContain('await processNodeWithBuffer(node, identifier, reportHandled(type, exec));');
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
