/**
 * libsignal prints whole session records (private ratchet keys included) through console.info /
 * console.warn. Drop exactly those lines, process-wide, so keys never reach test or bench output.
 */
const LIBSIGNAL_PREFIXES = [
  'Closing session',
  'Opening session',
  'Removing old closed session',
  'Closing open session',
  'Session already',
  'Migrating session',
  'Decrypted message with closed session',
  'Closing stale open session',
];

let installed = false;

export function silenceLibsignalLogs(): void {
  if (installed) return;
  installed = true;
  for (const level of ['info', 'warn', 'log'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      const first = args[0];
      if (typeof first === 'string' && LIBSIGNAL_PREFIXES.some((p) => first.startsWith(p))) return;
      original(...args);
    };
  }
}
