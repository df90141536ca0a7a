/**
 * libsignal (a Baileys dependency) prints whole session records, private ratchet keys included,
 * through console.*. Those lines must never reach a log: drop every console call that carries a
 * session record or starts with one of libsignal's session messages. Installed once, process-wide.
 */
const SESSION_MESSAGES = /^(Closing session|Opening session|Removing old closed session|Closing open session|Closing stale open session|Session already closed|Migrating session|Decrypted message with closed session|Failed to decrypt message|Session error)/;

const looksLikeSessionRecord = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && ('_chains' in v || 'indexInfo' in v || 'currentRatchet' in v);

let installed = false;

export function silenceLibsignal(): void {
  if (installed) return;
  installed = true;
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && SESSION_MESSAGES.test(args[0])) return;
      if (args.some(looksLikeSessionRecord)) return;
      original(...args);
    };
  }
}
