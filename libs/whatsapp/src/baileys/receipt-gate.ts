import type { WAMessage } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import type { CachedKeyStore } from './auth-state';

/** How long a message Baileys asked a receipt for may take to be emitted. */
const EMIT_TIMEOUT_MS = 60_000;

/**
 * Sends a received message's receipt (after which WhatsApp forgets the message) only once the
 * message is stored by every listener that stores it and then the key state its decryption left
 * is committed. Baileys asks for the receipt right after decrypting, before it emits the message,
 * so the receipt first waits here for the emission.
 */
export class ReceiptGate {
  private readonly waiting = new Map<string, ((stored: Promise<unknown>) => void)[]>();
  private closed = false;

  constructor(
    private readonly keys: CachedKeyStore,
    private readonly logger: Logger,
  ) {}

  defer(msg: WAMessage, send: () => Promise<void>): void {
    const id = msg.key.id;
    const stored = id ? this.emission(id) : undefined;
    this.keys
      .commit(stored)
      .then(() => (this.closed ? undefined : send()))
      .catch((err: unknown) => this.logger.warn({ err, id }, 'receipt withheld: the message or its key state was not stored'));
  }

  /** The messages Baileys emitted, and the promise of their storage. */
  emitted(messages: WAMessage[], stored: Promise<unknown>): void {
    if (!this.waiting.size) return;
    for (const m of messages) {
      const waiters = m.key.id ? this.waiting.get(m.key.id) : undefined;
      if (!waiters) continue;
      this.waiting.delete(m.key.id!);
      for (const resolve of waiters) resolve(stored);
    }
  }

  /**
   * No receipts after the connection closed, and no key state for messages not stored: WhatsApp
   * delivers those again. Resolves once the commits under way have ended.
   */
  close(): Promise<void> {
    this.closed = true;
    for (const waiters of this.waiting.values()) for (const resolve of waiters) resolve(rejected('the connection closed before the message was emitted'));
    this.waiting.clear();
    return this.keys.settled();
  }

  /** Resolves with the storage promise of message `id` once emitted; never waits forever. */
  private emission(id: string): Promise<unknown> {
    return new Promise((resolve) => {
      const waiter = (stored: Promise<unknown>) => {
        clearTimeout(timer);
        resolve(stored);
      };
      const timer = setTimeout(() => {
        const rest = (this.waiting.get(id) ?? []).filter((w) => w !== waiter);
        if (rest.length) this.waiting.set(id, rest);
        else this.waiting.delete(id);
        resolve(rejected(`message ${id} was not emitted within ${EMIT_TIMEOUT_MS} ms`));
      }, EMIT_TIMEOUT_MS);
      timer.unref();
      this.waiting.set(id, [...(this.waiting.get(id) ?? []), waiter]);
    });
  }
}

export function rejected(message: string): Promise<never> {
  const p = Promise.reject(new Error(message));
  p.catch(() => undefined);
  return p;
}
