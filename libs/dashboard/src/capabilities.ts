import { ApiError, call, type GatewayClient } from './api';

/** What the signed-in principal may do, found by asking (the API has no "who am I"). */
export interface Capabilities {
  /** Create, start, stop, log out and delete sessions; see pairing QRs. */
  manage: boolean;
  /** Read chats and messages, send messages. */
  send: boolean;
  /** Create and revoke API keys. */
  admin: boolean;
}

/** A session id no session has: asking for its chats tells `send` (404) from no `send` (403). */
const NO_SUCH_SESSION = '00000000000000000000000000';

/**
 * Checks the key and finds its capabilities:
 * - `GET /sessions` works for every valid principal: a 401 means the key is not accepted;
 * - `GET /webhooks?limit=1` needs `manage` (403 without it), `GET /api-keys?limit=1` needs `admin`;
 * - `GET /sessions/{none}/chats?limit=1` needs `send`: the capability is checked before the
 *   session is looked up, so 403 means no `send` and 404 means `send`.
 * Throws ApiError (401 for a key that is not accepted).
 */
export async function probeCapabilities(client: GatewayClient): Promise<Capabilities> {
  await call(client.GET('/api/v1/sessions', { params: { query: { limit: 1 } } }), { quiet401: true });
  const [manage, send, admin] = await Promise.all([
    allowed(call(client.GET('/api/v1/webhooks', { params: { query: { limit: 1 } } }))),
    allowed(call(client.GET('/api/v1/sessions/{session}/chats', { params: { path: { session: NO_SUCH_SESSION }, query: { limit: 1 } } }))),
    allowed(call(client.GET('/api/v1/api-keys', { params: { query: { limit: 1 } } }))),
  ]);
  return { manage, send, admin };
}

async function allowed(request: Promise<unknown>): Promise<boolean> {
  try {
    await request;
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) return false;
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return true;
    throw err;
  }
}
