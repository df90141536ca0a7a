import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';
import type { HttpLimitsConfig } from '../config/config';
import { ErrorCode, STATUS_OF } from './errors';

/**
 * The Express adapter with the HTTP server's own limits: headers within HEADERS_TIMEOUT_MS
 * (checked every second, not Node's 30 s), a hard cap on a whole request, MAX_CONNECTIONS per
 * process, and the error envelope (not Node's bare status line) for requests the HTTP parser
 * itself refuses: headers or URL too large (431), malformed (400), too slow (408).
 */
export class GatewayHttpAdapter extends ExpressAdapter {
  constructor(
    instance: Express,
    private readonly limits: HttpLimitsConfig,
    /** The longest a body may take to arrive (the largest limit's timeout). */
    private readonly maxBodyMs: number,
  ) {
    super(instance);
  }

  override initHttpServer(): void {
    const server: Server = createServer(
      {
        headersTimeout: this.limits.headersTimeoutMs,
        // A hard cap for the whole request; each body has its own, shorter bound (BodyReader).
        requestTimeout: this.limits.headersTimeoutMs + this.maxBodyMs + 5_000,
        connectionsCheckingInterval: 1000,
      },
      this.getInstance<(req: IncomingMessage, res: ServerResponse) => void>(),
    );
    server.maxConnections = this.limits.maxConnections;
    server.on('clientError', onClientError);
    this.setHttpServer(server);
  }
}

function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [code, message]: [ErrorCode, string] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ['headers_too_large', 'the URL or the headers are too large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['request_timeout', 'the request did not arrive in time']
        : ['validation_error', 'the request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message, details: {} } });
  const status = STATUS_OF[code];
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
  );
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
