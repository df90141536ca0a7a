import { Disconnect } from '../port';

/** Maps Baileys' close error (a Boom with a status code) to what the supervisor acts on. */
export function classifyDisconnect(error: unknown, closedByUs: boolean): Disconnect {
  const e = error as { output?: { statusCode?: number }; message?: string } | undefined;
  const statusCode = e?.output?.statusCode;
  const raw = e?.message ?? 'connection closed';
  if (closedByUs) return { kind: 'closed_by_us', statusCode, message: 'closed by the gateway' };
  switch (statusCode) {
    case 515:
      return { kind: 'restart_required', statusCode, message: 'restart required after pairing' };
    case 401:
      return { kind: 'logged_out', statusCode, message: 'the device was unlinked from the phone' };
    case 440:
      return { kind: 'replaced', statusCode, message: 'this number connected from another place with the same credentials' };
    case 403:
      return { kind: 'forbidden', statusCode, message: 'WhatsApp refused this device; link it again' };
    case 411:
      return { kind: 'forbidden', statusCode, message: 'multi-device mismatch; link the device again' };
    case 405:
      return { kind: 'client_outdated', statusCode, message: 'WhatsApp rejected the client version; the gateway must be updated' };
    case 408:
      if (/QR refs attempts ended/i.test(raw)) {
        return { kind: 'pairing_expired', statusCode, message: 'the QR code was not scanned in time' };
      }
      return { kind: 'connection_lost', statusCode, message: 'connection lost' };
    default:
      return { kind: 'connection_lost', statusCode, message: statusCode ? `connection closed (${statusCode})` : raw };
  }
}
