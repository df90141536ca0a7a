/**
 * libsignal prints whole session records (private ratchet keys included). The emulator uses the
 * same filter as the gateway's adapter, so keys never reach test or bench output either.
 */
export { silenceLibsignal as silenceLibsignalLogs } from '../../../whatsapp/src/baileys/quiet-libsignal';
