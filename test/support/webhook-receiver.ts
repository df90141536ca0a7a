import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  json: { id: string; type: string; orgId: string; sessionId: string | null; occurredAt: string; data: Record<string, unknown> };
  receivedAt: number;
  /** 1-based number of this request among all the receiver got. */
  n: number;
}

/** What to answer: a status (and headers), or `hang` to never answer. */
export type Reply = { status: number; headers?: Record<string, string>; body?: string; hang?: false } | { hang: true };

export interface WebhookReceiver {
  url: string;
  /** Every request, in arrival order. */
  requests: ReceivedWebhook[];
  /** Requests answered 2xx. */
  accepted: ReceivedWebhook[];
  /** Replaces the reply policy (default: 200 to everything). */
  reply(policy: (r: ReceivedWebhook) => Reply | Promise<Reply>): void;
  /** Resolves when `predicate` holds, polling; rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP receiver on a loopback port (tests allowlist 127.0.0.1 for it). */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  const accepted: ReceivedWebhook[] = [];
  let policy: (r: ReceivedWebhook) => Reply | Promise<Reply> = () => ({ status: 200 });
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
      let json: ReceivedWebhook['json'];
      try {
        json = JSON.parse(body);
      } catch {
        json = {} as ReceivedWebhook['json'];
      }
      const received: ReceivedWebhook = { headers, body, json, receivedAt: Date.now(), n: requests.length + 1 };
      requests.push(received);
      const reply = await policy(received);
      if (reply.hang) {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if (reply.status >= 200 && reply.status < 300) accepted.push(received);
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body ?? (reply.status < 300 ? 'ok' : 'nope'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    accepted,
    reply: (p) => {
      policy = p;
    },
    waitFor: async (predicate, timeoutMs = 10_000, what = 'condition') => {
      const until = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what} (${requests.length} requests, ${accepted.length} accepted)`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Verifies a delivery with the reference Standard Webhooks library (not the gateway's code):
 * throws unless one of the signatures is valid for `secret`. Returns the parsed payload.
 */
export function verifyWebhook(secret: string, r: ReceivedWebhook): unknown {
  return new Webhook(secret).verify(r.body, {
    'webhook-id': r.headers['webhook-id'],
    'webhook-timestamp': r.headers['webhook-timestamp'],
    'webhook-signature': r.headers['webhook-signature'],
  });
}
