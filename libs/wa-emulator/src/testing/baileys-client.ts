import {
  makeWASocket,
  type AuthenticationCreds,
  type BaileysEventMap,
  type ConnectionState,
  type proto,
  type UserFacingSocketConfig,
  type WASocket,
  type WAMessageKey,
} from '@whiskeysockets/baileys';
import pino from 'pino';
import type { WaEmulator } from '../emulator';
import { makeMemoryAuthState, type MemoryAuthState } from './memory-auth';

export interface TestClientOptions {
  /**
   * Baileys' `getMessage` (what it re-sends when a recipient answers with a retry receipt; note
   * that the key's remoteJid is the recipient's LID even when the message was sent to its phone
   * number). Default: the message this client sent with that id (`client.sent`), waiting up to 2 s
   * for it: a retry receipt can arrive before Baileys emits its own (buffered) upsert.
   */
  getMessage?: (key: WAMessageKey) => Promise<proto.IMessage | undefined>;
  /** Further makeWASocket settings on top of the test ones (e.g. a `userDevicesCache` shared across clients). */
  config?: Partial<UserFacingSocketConfig>;
}

export interface TestClient {
  sock: WASocket;
  auth: MemoryAuthState;
  /** Messages this client sent (its own `messages.upsert` with fromMe), by message id. */
  sent: Map<string, proto.IMessage>;
  /** Resolves with the first event payload matching the predicate. */
  next<E extends keyof BaileysEventMap>(event: E, predicate?: (data: BaileysEventMap[E]) => boolean): Promise<BaileysEventMap[E]>;
  /** Resolves when connection.update reports `close`, with the status code. */
  closed: Promise<number | undefined>;
  end(): void;
}

/**
 * A real Baileys socket pointed at the emulator with the settings the tests use: no history sync,
 * silent logger, not marking online, in-memory auth. Keep `auth` to reconnect from stored state.
 */
export function connectBaileys(
  emulator: WaEmulator,
  auth: MemoryAuthState = makeMemoryAuthState(),
  opts: TestClientOptions = {},
): TestClient {
  const sent = new Map<string, proto.IMessage>();
  const waiting = new Map<string, ((m: proto.IMessage) => void)[]>();
  const remember = (id: string, m: proto.IMessage) => {
    sent.set(id, m);
    for (const w of waiting.get(id) ?? []) w(m);
    waiting.delete(id);
  };
  const sentMessage = async (id: string | null | undefined): Promise<proto.IMessage | undefined> => {
    if (!id) return undefined;
    const known = sent.get(id);
    if (known) return known;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 2_000);
      waiting.set(id, [...(waiting.get(id) ?? []), (m) => (clearTimeout(timer), resolve(m))]);
    });
  };
  const sock = makeWASocket({
    waWebSocketUrl: emulator.url,
    auth: { creds: auth.creds, keys: auth.keys },
    logger: pino({ level: 'silent' }),
    shouldSyncHistoryMessage: () => false,
    ...(process.env.EMU_DEBUG ? { logger: pino({ level: 'debug' }) } : {}),
    markOnlineOnConnect: false,
    fireInitQueries: true,
    connectTimeoutMs: 10_000,
    retryRequestDelayMs: 50,
    getMessage: opts.getMessage ?? ((key) => sentMessage(key.id)),
    ...opts.config,
  });
  // Known as soon as sendMessage resolves, and from the client's own upsert (covers relayMessage).
  const sendMessage = sock.sendMessage;
  sock.sendMessage = (async (...args: Parameters<typeof sendMessage>) => {
    const m = await sendMessage(...args);
    if (m?.key.id && m.message) remember(m.key.id, m.message);
    return m;
  }) as typeof sendMessage;
  sock.ev.on('messages.upsert', ({ messages }) => {
    for (const m of messages) if (m.key.fromMe && m.key.id && m.message) remember(m.key.id, m.message);
  });
  sock.ev.on('creds.update', (update: Partial<AuthenticationCreds>) => Object.assign(auth.creds, update));
  const next: TestClient['next'] = (event, predicate = () => true) =>
    new Promise((resolve) => {
      const handler = (data: any) => {
        if (!predicate(data)) return;
        sock.ev.off(event, handler);
        resolve(data);
      };
      sock.ev.on(event, handler);
    });
  const closed = next('connection.update', (u: Partial<ConnectionState>) => u.connection === 'close').then(
    (u) => (u.lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode,
  );
  return { sock, auth, sent, next, closed, end: () => sock.end(undefined) };
}

/** Waits until connection.update reports `open`. */
export function waitOpen(client: TestClient): Promise<unknown> {
  return client.next('connection.update', (u) => u.connection === 'open');
}
