import { Logger } from '@nestjs/common';
import { Agent, request } from 'undici';
import { PayloadTooLargeError, ValidationError } from '../../common/errors';
import { UnsafeUrlError, urlForLog, UrlGuard } from '../../common/url-guard';

const MAX_REDIRECTS = 3;

export interface FetchedMedia {
  data: Buffer;
  /** The Content-Type the server declared (base type, lower case), if any. */
  contentType?: string;
}

/**
 * Downloads media given by URL without letting a caller reach internal services (SSRF): only
 * http(s); every hop's host (redirects are followed by hand, at most 3) must resolve to public
 * addresses unless allowlisted, and the connection uses the address that was checked (the guard
 * is the connection's resolver, so DNS rebinding does not help); a size limit enforced while
 * streaming; one timeout for the whole download.
 */
export class MediaFetcher {
  private readonly logger = new Logger(MediaFetcher.name);
  private readonly agent: Agent;

  constructor(
    private readonly guard: UrlGuard,
    private readonly maxBytes: number,
    private readonly timeoutMs: number,
  ) {
    this.agent = guard.agent(timeoutMs);
  }

  async fetch(rawUrl: string): Promise<FetchedMedia> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let url = rawUrl;
    try {
      for (let hop = 0; ; hop++) {
        await this.guard.check(url);
        const res = await request(url, { method: 'GET', dispatcher: this.agent, signal, headers: { accept: '*/*' } });
        if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
          await res.body.dump();
          if (hop >= MAX_REDIRECTS) throw bad(`too many redirects (more than ${MAX_REDIRECTS})`);
          url = new URL(String(res.headers.location), url).toString();
          continue;
        }
        if (res.statusCode < 200 || res.statusCode >= 300) {
          await res.body.dump();
          throw bad(`the media URL answered HTTP ${res.statusCode}`);
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > this.maxBytes) {
          res.body.destroy();
          throw tooLarge(this.maxBytes);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of res.body) {
          size += (chunk as Buffer).length;
          if (size > this.maxBytes) {
            res.body.destroy();
            throw tooLarge(this.maxBytes);
          }
          chunks.push(chunk as Buffer);
        }
        const type = res.headers['content-type'];
        return { data: Buffer.concat(chunks), contentType: typeof type === 'string' ? baseType(type) : undefined };
      }
    } catch (e) {
      if (e instanceof ValidationError || e instanceof PayloadTooLargeError) throw e;
      const err = e as Error & { cause?: unknown; code?: string };
      if (err instanceof UnsafeUrlError) throw bad(`media URL refused: ${err.message}`);
      // Refused at connection time (the name resolved elsewhere than when checked): say so without the address.
      if (err.cause instanceof UnsafeUrlError) throw bad('media URL refused: its host resolves to a loopback, private, link-local or reserved address');
      if (signal.aborted || err.name === 'TimeoutError' || /timeout/i.test(err.code ?? '')) throw bad(`downloading the media timed out after ${this.timeoutMs} ms`);
      // The socket or TLS error (ECONNREFUSED, CERT_HAS_EXPIRED, ENOTFOUND...) stays in the log:
      // telling callers how an internal host answered would make this an SSRF probe.
      this.logger.warn({ url: urlForLog(url), code: err.code, error: err.message }, 'media download failed');
      throw bad('the media URL could not be fetched: the target could not be reached');
    }
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}

export function baseType(mimetype: string): string {
  return mimetype.split(';')[0].trim().toLowerCase();
}

function bad(message: string): ValidationError {
  return new ValidationError(message, { 'media.url': [message] });
}

function tooLarge(max: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`media is larger than the limit of ${max} bytes`, { limitBytes: max });
}
