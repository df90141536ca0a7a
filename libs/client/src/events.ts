import type { components } from './schema';

type GatewayEvent = components['schemas']['EventDto'];
type ErrorEnvelope = components['schemas']['ErrorEnvelopeDto'];

export interface EventStreamOptions {
  /** Where the gateway listens, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** An API key or a JWT, sent as `Authorization` (an EventSource cannot send headers: this is why it is not used). */
  token: string | (() => string);
  /** Only these types (each must be one the token may read: 403 otherwise). */
  types?: GatewayEvent['type'][];
  /** Only this session's events. */
  sessionId?: string;
  /** Resume after this event id (else the stream starts now). Updated as events arrive, so a reconnect resumes. */
  lastEventId?: string;
  /** Ends the stream. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** First wait before reconnecting after a dropped stream; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Told of each (re)connection and of each error a reconnect follows. */
  onOpen?: () => void;
  onRetry?: (err: unknown, delayMs: number) => void;
}

/** The stream was refused for good (bad token, capability, unknown session or type): no reconnect. */
export class GatewayStreamError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorEnvelope | undefined,
  ) {
    super(body?.error?.message ?? `the event stream was refused with ${status}`);
    this.name = 'GatewayStreamError';
  }
}

/**
 * The organization's events as they happen, over Server-Sent Events read with `fetch` (so the
 * token travels in the `Authorization` header, never in a URL that ends up in logs). A dropped
 * connection is resumed with `Last-Event-ID` after a growing pause: nothing is missed, nothing
 * comes twice. Ends when `signal` aborts; throws GatewayStreamError when the gateway refuses the
 * stream (4xx other than 408/429).
 *
 *   for await (const event of streamEvents({ baseUrl, token, types: ['message.received'], signal })) { ... }
 */
export async function* streamEvents(options: EventStreamOptions): AsyncGenerator<GatewayEvent, void, undefined> {
  const doFetch = options.fetch ?? fetch;
  const token = typeof options.token === 'function' ? options.token : () => options.token as string;
  let lastEventId = options.lastEventId;
  let delay = options.retryMs ?? 500;
  const maxDelay = options.maxRetryMs ?? 10_000;
  while (!options.signal?.aborted) {
    try {
      const url = new URL('/api/v1/events', options.baseUrl);
      if (options.types?.length) url.searchParams.set('types', options.types.join(','));
      if (options.sessionId) url.searchParams.set('sessionId', options.sessionId);
      const res = await doFetch(url, {
        headers: { authorization: `Bearer ${token()}`, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
        signal: options.signal,
      });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => undefined)) as ErrorEnvelope | undefined;
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new GatewayStreamError(res.status, body);
        throw new Error(`the event stream answered ${res.status}`);
      }
      options.onOpen?.();
      delay = options.retryMs ?? 500;
      for await (const message of sseMessages(res.body)) {
        if (message.data === undefined) continue;
        const event = JSON.parse(message.data) as GatewayEvent;
        lastEventId = message.id ?? event.id;
        yield event;
      }
    } catch (err) {
      if (err instanceof GatewayStreamError) throw err;
      if (options.signal?.aborted) return;
      options.onRetry?.(err, delay);
    }
    if (options.signal?.aborted) return;
    await sleep(delay, options.signal);
    delay = Math.min(delay * 2, maxDelay);
  }
}

/** SSE framing: `field: value` lines, a blank line ends a message; `:` lines are comments. */
async function* sseMessages(body: ReadableStream<Uint8Array>): AsyncGenerator<{ id?: string; data?: string }> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  let id: string | undefined;
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.search(/\r?\n/)) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + (buffer[nl] === '\r' ? 2 : 1));
        if (line === '') {
          if (data.length || id !== undefined) yield { id, data: data.length ? data.join('\n') : undefined };
          id = undefined;
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'data') data.push(value);
      }
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => undefined);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
