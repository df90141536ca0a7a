import { Agent } from 'undici';

/** A minimal Server-Sent Events client over fetch (it can send Authorization, unlike EventSource). */
export interface SseMessage {
  id?: string;
  data: string;
  json: { id: string; type: string; orgId: string; sessionId: string | null; occurredAt: string; data: Record<string, unknown> };
}

export interface SseStream {
  status: number;
  contentType: string | null;
  messages: SseMessage[];
  comments: string[];
  waitFor(count: number, timeoutMs?: number): Promise<SseMessage[]>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const abort = new AbortController();
  // Its own connection pool, destroyed on close: a shared pool keeps a spare socket open after
  // an abort, which holds up the test app's shutdown.
  const dispatcher = new Agent();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal, dispatcher } as RequestInit);
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      let current: { id?: string; data: string[] } = { data: [] };
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (line === '') {
              if (current.data.length) {
                const data = current.data.join('\n');
                messages.push({ id: current.id, data, json: JSON.parse(data) });
              }
              current = { data: [] };
            } else if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id:')) current.id = line.slice(3).trim();
            else if (line.startsWith('data:')) current.data.push(line.slice(5).replace(/^ /, ''));
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    messages,
    comments,
    waitFor: async (count, timeoutMs = 10_000) => {
      const until = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > until) throw new Error(`SSE: ${messages.length} of ${count} messages after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return messages;
    },
    close: () => {
      abort.abort();
      void dispatcher.destroy().catch(() => undefined);
    },
  };
}
