import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../common/errors';
import { UrlGuard } from '../../common/url-guard';
import { MediaFetcher } from './media-fetcher';
import { closedPort } from '../../../test/support/net';


const failure = async (p: Promise<unknown>): Promise<ValidationError> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ValidationError);
  return e as ValidationError;
};

describe('MediaFetcher errors shown to callers', () => {
  let server: Server;
  let base: string;
  const fetcher = new MediaFetcher(new UrlGuard(['127.0.0.1']), 10_000, 2_000);

  beforeAll(async () => {
    server = createServer((_req, res) => void res.writeHead(503).end('down'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await fetcher.close();
    await new Promise((r) => server.close(r));
  });

  it('says "the target could not be reached" for a refused connection, never the socket error', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const port = await closedPort();
    const e = await failure(fetcher.fetch(`http://127.0.0.1:${port}/cat.png?token=secret`));
    // The detail is in the log (warn), without the query string.
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ url: `http://127.0.0.1:${port}/cat.png`, code: 'ECONNREFUSED' }), 'media download failed');
    expect(JSON.stringify(warn.mock.calls)).not.toContain('secret');
    warn.mockRestore();
    const shown = JSON.stringify({ message: e.message, details: e.details });
    expect(shown).toContain('the target could not be reached');
    expect(shown).not.toMatch(/ECONNREFUSED|connect|127\.0\.0\.1|secret/);
    expect(e.details).toEqual({ 'media.url': ['the media URL could not be fetched: the target could not be reached'] });
  });

  it('still reports the HTTP status the target answered', async () => {
    const e = await failure(fetcher.fetch(`${base}/x`));
    expect(e.details).toEqual({ 'media.url': ['the media URL answered HTTP 503'] });
  });

  it('refuses IPv6 forms of loopback and port 0 before connecting', async () => {
    for (const url of ['http://[::ffff:127.0.0.1]/x', 'http://[::7f00:1]/x', 'http://[2002:7f00:1::]/x', 'http://[64:ff9b::7f00:1]/x', 'http://127.0.0.1:0/x']) {
      const e = await failure(fetcher.fetch(url));
      expect(e.message, url).toMatch(/^media URL refused: /);
    }
  });
});
