/**
 * The typed client of the WhatsApp Gateway API, for scripts, services and frontends (browsers and
 * Node alike). Every operation of `openapi.json` is typed (`schema.ts` is generated from it by
 * `npm run openapi`): paths, parameters, bodies, answers, and errors as the envelope
 * `{ error: { code, message, details } }`.
 *
 *   const gw = createGatewayClient({ baseUrl: 'http://127.0.0.1:3000', token: apiKey });
 *   const { data, error } = await gw.GET('/api/v1/sessions/{session}/chats', { params: { path: { session } } });
 *
 * Live events: `streamEvents` (events.ts).
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths } from './schema';
export { streamEvents, GatewayStreamError, type EventStreamOptions } from './events';

export type Schemas = components['schemas'];
/** The body of every error answer. */
export type ErrorEnvelope = Schemas['ErrorEnvelopeDto'];
/** One event as the stream and webhooks carry it. */
export type GatewayEvent = Schemas['EventDto'];
export type EventType = GatewayEvent['type'];

export interface GatewayClientOptions {
  /** Where the gateway listens, e.g. `http://127.0.0.1:3000` (no path). */
  baseUrl: string;
  /** An API key or a JWT; a function is asked before every request (a token that changes). */
  token: string | (() => string);
  /** Another fetch (tests, a proxy); the global one by default. */
  fetch?: typeof fetch;
}

/**
 * Answers are typed as their JSON form (what the client asks for by default); the binary answers
 * (a QR as PNG, media) are read with `parseAs: 'blob' | 'arrayBuffer'`.
 */
export type GatewayClient = Client<paths, `${string}/json`>;

/** A client whose every request carries `Authorization: Bearer <token>` (never the token in a URL). */
export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const client = createClient<paths, `${string}/json`>({ baseUrl: options.baseUrl.replace(/\/+$/, ''), ...(options.fetch ? { fetch: options.fetch } : {}) });
  const token = typeof options.token === 'function' ? options.token : () => options.token as string;
  client.use({
    onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${token()}`);
      return request;
    },
  });
  return client;
}
