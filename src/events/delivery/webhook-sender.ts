import { isIP } from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import { parseRetryAfter } from './retry-policy';
import { UrlGuard } from '../../common/url-guard';

export interface SendResult {
  statusCode?: number;
  /** Set when there was no HTTP answer (timeout, refused, unsafe address) or it was not 2xx. */
  error?: string;
  /**
   * For the log only, never for API callers: the socket, TLS or DNS error behind an attempt
   * without an HTTP answer (ECONNREFUSED, CERT_HAS_EXPIRED, ENOTFOUND...).
   */
  detail?: string;
  retryAfterMs?: number;
  durationMs: number;
  /** The first RESPONSE_EXCERPT characters of the answer body, whatever its status. */
  response?: string;
}

const MAX_ERROR_LENGTH = 500;
/** How much of a receiver's answer the attempt log keeps. */
export const RESPONSE_EXCERPT = 200;
/** What callers learn of an attempt that got no HTTP answer (besides a timeout). */
export const UNREACHABLE = 'the target could not be reached';

/**
 * POSTs one signed webhook. Redirects are not followed (a 3xx is a failed attempt: following one
 * would let a public URL bounce the gateway to an internal one). Connections resolve through the
 * UrlGuard, so the address checked is the address connected to.
 */
export class WebhookSender {
  private readonly agent: Agent;

  constructor(
    private readonly guard: UrlGuard,
    private readonly timeoutMs: number,
  ) {
    this.agent = guard.agent(timeoutMs, { keepAliveTimeout: 30_000, connections: 64 });
  }

  async send(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      // An IP literal never reaches the lookup: check it here.
      const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
      if (isIP(host)) this.guard.checkAddress(host);
      const res = await request(url, {
        method: 'POST',
        headers,
        body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await excerpt(res.body);
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      return {
        statusCode: res.statusCode,
        response: text,
        error: ok ? undefined : `HTTP ${res.statusCode}${text ? `: ${text}` : ''}`.slice(0, MAX_ERROR_LENGTH),
        retryAfterMs: ok ? undefined : parseRetryAfter(res.headers['retry-after']),
        durationMs: elapsed(),
      };
    } catch (e) {
      const err = e as Error & { code?: string };
      const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError' || /timeout/i.test(err.code ?? '');
      const detail = `${err.code ? `${err.code}: ` : ''}${err.message}`.slice(0, MAX_ERROR_LENGTH);
      if (timedOut) return { error: `timed out after ${this.timeoutMs} ms`, detail, durationMs: elapsed() };
      // No socket, TLS or DNS detail (nor whether the guard refused the address) for the caller:
      // that would turn webhooks into a probe of the gateway's network.
      return { error: UNREACHABLE, detail, durationMs: elapsed() };
    }
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}

/**
 * The start of an answer body for the attempt log; the rest is discarded unread (`dump` drains a
 * small remainder so the connection is kept alive, and closes it when the remainder is large).
 */
async function excerpt(body: Dispatcher.ResponseData['body']): Promise<string> {
  const bytes: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes.push(chunk);
      length += chunk.length;
      // UTF-8: RESPONSE_EXCERPT characters take at most 4 bytes each.
      if (length >= RESPONSE_EXCERPT * 4) break;
    }
    await body.dump().catch(() => undefined);
  } catch {
    // An answer cut short: keep what arrived.
  }
  // Cut by characters (code points), so no emoji is cut in half; a character cut by the byte limit goes.
  const text = Buffer.concat(bytes).toString('utf8').replace(/\uFFFD+$/, '');
  return Array.from(text).slice(0, RESPONSE_EXCERPT).join('');
}
