import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { ArgumentsHost, Logger } from '@nestjs/common';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ErrorFilter } from './error.filter';
import { NotImplementedError } from './errors';
import { requestLoggingMiddleware } from './logging';

/** A designed 501 not_implemented is an answer, not a failure: logged at info, real 500s at error. */
describe('log level of a designed 501', () => {
  describe('ErrorFilter', () => {
    afterEach(() => vi.restoreAllMocks());

    const handle = (exception: unknown) => {
      const res = { headersSent: false, setHeader: vi.fn(), status: vi.fn(() => ({ json: vi.fn() })) };
      const req = { id: 'r1', path: '/api/v1/sessions/S/channels', method: 'POST', headers: {}, readableEnded: true };
      const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }) } as unknown as ArgumentsHost;
      new ErrorFilter().catch(exception, host);
      return res;
    };

    it('logs 501 not_implemented at info, not error', () => {
      const error = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const info = vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      const res = handle(new NotImplementedError('creating channels is not implemented'));
      expect(res.status).toHaveBeenCalledWith(501);
      expect(error).not.toHaveBeenCalled();
      expect(info).toHaveBeenCalledTimes(1);
    });

    it('still logs an unexpected failure (500) at error', () => {
      const error = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const res = handle(new Error('boom'));
      expect(res.status).toHaveBeenCalledWith(500);
      expect(error).toHaveBeenCalledTimes(1);
    });
  });

  describe('request log (pino-http)', () => {
    const lines: { level: number; res?: { statusCode: number } }[] = [];
    let server: Server;
    let base: string;

    beforeAll(async () => {
      const sink = new Writable({
        write(chunk, _enc, done) {
          for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
          done();
        },
      });
      const middleware = requestLoggingMiddleware(pino({ level: 'trace' }, sink));
      server = createServer((req, res) =>
        middleware(req, res, () => {
          res.statusCode = Number(req.url?.slice(1));
          res.end();
        }),
      );
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((r) => server.close(r)));

    const levelOf = async (status: number): Promise<number> => {
      await (await fetch(`${base}/${status}`)).arrayBuffer();
      for (let i = 0; i < 50; i++) {
        const line = lines.find((l) => l.res?.statusCode === status);
        if (line) return line.level;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no request log line for ${status}`);
    };

    it('logs 501 at info, 500 and 503 at error, 4xx at warn, 2xx at info', async () => {
      const { levels } = pino;
      expect(await levelOf(501)).toBe(levels.values.info);
      expect(await levelOf(500)).toBe(levels.values.error);
      expect(await levelOf(503)).toBe(levels.values.error);
      expect(await levelOf(404)).toBe(levels.values.warn);
      expect(await levelOf(200)).toBe(levels.values.info);
    });
  });
});
