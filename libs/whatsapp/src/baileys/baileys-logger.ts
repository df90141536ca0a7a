import makeWASocket from '@whiskeysockets/baileys';
import type { Logger } from 'pino';

/** Baileys' logger interface (not exported by its index). */
type ILogger = NonNullable<Parameters<typeof makeWASocket>[0]['logger']>;

/**
 * Baileys' logger, routed into ours at the level of what happened: the restart WhatsApp asks for
 * after pairing (stream error 515) is part of linking, a connection closed by WhatsApp or lost
 * during the handshake is reported (with its cause) by whoever acts on it, our deliberate choice
 * not to sync history is no danger, and a presence skipped before the account's name is known is
 * nothing to act on; none is a warning, let alone an error. Everything else keeps its level.
 */
export function baileysLogger(target: Logger): ILogger {
  return {
    get level() {
      return target.level;
    },
    child: (bindings) => baileysLogger(target.child(bindings)),
    trace: (obj, msg) => target.trace(obj, msg),
    debug: (obj, msg) => target.debug(obj, msg),
    info: (obj, msg) => target.info(obj, msg),
    warn: (obj, msg) => target[benignLevel(obj, msg) ?? 'warn'](obj, msg),
    error: (obj, msg) => target[benignLevel(obj, msg) ?? 'error'](obj, msg),
  };
}

function benignLevel(obj: unknown, msg: string | undefined): 'info' | 'debug' | undefined {
  const text = typeof obj === 'string' ? obj : msg ?? '';
  // How a connection ended: the supervisor logs each end with its cause in words, at the level of
  // what it means (info for a restart or a retry, warn for a session that failed).
  if (text === 'stream errored out') return 'info';
  if (text === 'error in validating connection') {
    const message = String((obj as { err?: { message?: unknown } } | undefined)?.err?.message ?? '');
    return /^(WebSocket Error|Timed Out|Connection Closed)/.test(message) ? 'info' : undefined;
  }
  if (text.includes('DISABLING ALL SYNC')) return 'debug';
  // The presence sent at every login (we go "unavailable") is skipped until WhatsApp told the name.
  if (text.startsWith('no name present, ignoring presence update')) return 'debug';
  return undefined;
}

