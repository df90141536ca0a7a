import { Disconnect } from '../port';

interface ErrorLike {
  message?: string;
  code?: string;
  hostname?: string;
  address?: string;
  port?: number;
  errors?: unknown[];
  data?: unknown;
  output?: { statusCode?: number };
}

/**
 * Maps Baileys' close error (a Boom with a status code; for network failures it wraps the
 * socket's own error in `data`) to what the supervisor acts on, with the cause in words a user
 * understands. `target` (host:port of the WebSocket URL) is named when the error does not say.
 */
export function classifyDisconnect(error: unknown, closedByUs: boolean, target = 'WhatsApp'): Disconnect {
  const e = error as ErrorLike | undefined;
  const statusCode = e?.output?.statusCode;
  const raw = e?.message ?? 'connection closed';
  if (closedByUs) return { kind: 'closed_by_us', statusCode, message: 'closed by the gateway' };
  const network = socketError(e);
  // The connection never reached WhatsApp (DNS, TCP, TLS, HTTP upgrade): Baileys maps these to
  // 408 or 500, or to the HTTP status of the upgrade, which must not read as an unlink (401).
  if (network) return { kind: 'connection_lost', statusCode, message: describeNetworkError(network, target), detail: raw };
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
  }
  return { kind: 'connection_lost', statusCode, message: describeClose(raw, statusCode, target), detail: raw };
}

/** The socket-level error Baileys wrapped ("WebSocket Error (...)"), if that is what ended it. */
function socketError(e: ErrorLike | undefined): ErrorLike | undefined {
  const data = e?.data as ErrorLike | undefined;
  if (!data || typeof data !== 'object' || typeof data.message !== 'string') return undefined;
  return /^WebSocket Error/.test(e?.message ?? '') ? data : undefined;
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|EPROTO$|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$)/;

function describeNetworkError(err: ErrorLike, target: string): string {
  // Node reports a failed connection to several addresses as an AggregateError.
  const first = (Array.isArray(err.errors) ? err.errors[0] : undefined) as ErrorLike | undefined;
  const code = err.code ?? first?.code ?? '';
  const message = err.message ?? '';
  const host = err.hostname ?? target.replace(/:\d+$/, '');
  const at = (e: ErrorLike | undefined) => (e?.address ? `${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port}` : undefined);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
    case 'EAI_NODATA':
      return `name resolution failed for ${host}`;
    case 'EAI_AGAIN':
      return `name resolution failed for ${host} (temporary DNS failure)`;
    case 'ECONNREFUSED':
      return `connection refused by ${at(err) ?? at(first) ?? target}`;
    case 'ECONNRESET':
      return `the connection to ${target} was reset`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return `${target} is unreachable from this machine (${code})`;
    case 'ETIMEDOUT':
      return `timed out connecting to ${target}`;
  }
  if (TLS_CODES.test(code)) return `TLS failure with ${target}: ${message}`;
  if (/timed out/i.test(message)) return `timed out connecting to ${target}`;
  const http = /Unexpected server response: (\d+)/.exec(message);
  if (http) return `${target} answered HTTP ${http[1]} instead of opening the WebSocket`;
  return `could not connect to ${target}: ${message || code || 'unknown error'}`;
}

function describeClose(raw: string, statusCode: number | undefined, target: string): string {
  if (/noise|certificat/i.test(raw)) return `the server at ${target} could not prove it is WhatsApp (${raw})`;
  if (raw === 'Timed Out') return `timed out: no answer from WhatsApp (${target})`;
  if (raw === 'Connection was lost') return 'connection lost: WhatsApp stopped answering keep-alive pings';
  if (raw === 'Connection Terminated by Server') return 'closed by WhatsApp (end of stream)';
  const stream = /^Stream Errored \((.+)\)$/.exec(raw);
  if (stream) return `closed by WhatsApp with code ${statusCode ?? '?'} (${stream[1]})`;
  if (raw === 'Connection Failure') return `WhatsApp refused the connection with code ${statusCode ?? '?'}`;
  // The WebSocket closed while Baileys waited for the handshake (its "error" is the close code).
  if (/^WebSocket Error/.test(raw)) return `the connection to ${target} closed during the handshake`;
  if (/time ?out|timed out/i.test(raw)) return `timed out: ${raw}`;
  if (statusCode) return `closed by WhatsApp with code ${statusCode}`;
  return raw;
}
