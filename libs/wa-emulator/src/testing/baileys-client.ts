import {
  makeWASocket,
  type AuthenticationCreds,
  type BaileysEventMap,
  type ConnectionState,
  type WASocket,
} from '@whiskeysockets/baileys';
import pino from 'pino';
import type { WaEmulator } from '../emulator';
import { makeMemoryAuthState, type MemoryAuthState } from './memory-auth';

export interface TestClient {
  sock: WASocket;
  auth: MemoryAuthState;
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
export function connectBaileys(emulator: WaEmulator, auth: MemoryAuthState = makeMemoryAuthState()): TestClient {
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
  return { sock, auth, next, closed, end: () => sock.end(undefined) };
}

/** Waits until connection.update reports `open`. */
export function waitOpen(client: TestClient): Promise<unknown> {
  return client.next('connection.update', (u) => u.connection === 'open');
}
