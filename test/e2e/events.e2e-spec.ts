import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventTypes } from '../../src/events/event-types';
import { NewEvent, OutboxService } from '../../src/events/outbox.service';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { openSse, SseStream } from '../support/sse';

describe('events: outbox and Server-Sent Events', () => {
  let t: TestApp;
  let keyA: string;
  let keyB: string;
  const streams: SseStream[] = [];
  const ORG_A = 'org-a';
  const ORG_B = 'org-b';

  const record = (...events: NewEvent[]) => t.dataSource.transaction((m) => t.app.get(OutboxService).recordMany(m, events));
  const ev = (orgId: string, n: number, extra: Partial<NewEvent> = {}): NewEvent => ({
    type: EventTypes.MESSAGE_RECEIVED,
    orgId,
    sessionId: 'S1',
    data: { n },
    ...extra,
  });
  const sse = async (key: string, query = '', headers: Record<string, string> = {}) => {
    const s = await openSse(`${t.baseUrl}/api/v1/events${query}`, { authorization: `Bearer ${key}`, ...headers });
    streams.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await startTestApp({ EVENTS_HEARTBEAT_MS: '200', EVENTS_POLL_MS: '200' });
    // Message events need `send` on the stream (see the capability rule's own test).
    keyA = await createApiKey(t, { orgId: ORG_A, capabilities: ['send'] });
    keyB = await createApiKey(t, { orgId: ORG_B, capabilities: ['send', 'manage', 'admin'] });
    // The sessions the filters name must exist in the organization (a foreign one is a 404).
    for (const id of ['S1', 'S2', 'race']) {
      await t.dataSource.query(`INSERT INTO sessions (id, org_id, name, created_at, updated_at) VALUES ($1, $2, $3, now(), now())`, [id, ORG_A, id]);
    }
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await t?.close();
  });

  it('writes events in the caller transaction: a rollback leaves none', async () => {
    const outbox = t.app.get(OutboxService);
    await expect(
      t.dataSource.transaction(async (m) => {
        await outbox.record(m, ev(ORG_A, -1, { type: 'session.status' }));
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM events WHERE data->>'n' = '-1'`);
    expect(count).toBe(0);
  });

  it('streams only the principal organization, live, with the wire shape', async () => {
    const a = await sse(keyA);
    const b = await sse(keyB);
    expect(a.status).toBe(200);
    expect(a.contentType).toContain('text/event-stream');
    await record(ev(ORG_B, 1), ev(ORG_A, 2), ev(ORG_B, 3));
    await record(ev(ORG_A, 4, { sessionId: null, type: EventTypes.SESSION_STATUS, occurredAt: new Date('2026-01-02T03:04:05Z') }));
    const got = await a.waitFor(2);
    await b.waitFor(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(a.messages.map((m) => m.json.data.n)).toEqual([2, 4]);
    expect(b.messages.map((m) => m.json.data.n)).toEqual([1, 3]);
    expect(a.messages.every((m) => m.json.orgId === ORG_A)).toBe(true);
    expect(got[1].json).toEqual({ id: got[1].id, type: 'session.status', orgId: ORG_A, sessionId: null, occurredAt: '2026-01-02T03:04:05.000Z', data: { n: 4 } });
    expect(BigInt(got[1].id!)).toBeGreaterThan(BigInt(got[0].id!));
  });

  it('sends heartbeat comments', async () => {
    const s = await sse(keyA);
    await new Promise((r) => setTimeout(r, 500));
    expect(s.comments.filter((c) => c === 'heartbeat').length).toBeGreaterThanOrEqual(1);
  });

  it('filters by session and type', async () => {
    const s = await sse(keyA, '?sessionId=S2&types=message.status,channel.post');
    await record(
      ev(ORG_A, 10, { sessionId: 'S2', type: 'message.status' }),
      ev(ORG_A, 11, { sessionId: 'S1', type: 'message.status' }),
      ev(ORG_A, 12, { sessionId: 'S2', type: 'message.received' }),
      ev(ORG_A, 13, { sessionId: 'S2', type: 'channel.post' }),
    );
    await s.waitFor(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.messages.map((m) => m.json.data.n)).toEqual([10, 13]);
  });

  it('resumes after Last-Event-ID with every later event once, in order', async () => {
    const first = await sse(keyA);
    await record(ev(ORG_A, 20), ev(ORG_A, 21));
    const seen = await first.waitFor(2);
    first.close();
    const last = seen[1].id!;
    await record(ev(ORG_A, 22), ev(ORG_B, 99), ev(ORG_A, 23));
    const resumed = await sse(keyA, '', { 'last-event-id': last });
    await resumed.waitFor(2);
    await record(ev(ORG_A, 24));
    await resumed.waitFor(3);
    await new Promise((r) => setTimeout(r, 300));
    expect(resumed.messages.map((m) => m.json.data.n)).toEqual([22, 23, 24]);
    // The query parameter works the same for clients that cannot set headers.
    const byQuery = await sse(keyA, `?lastEventId=${last}`);
    await byQuery.waitFor(3);
    expect(byQuery.messages.map((m) => m.json.data.n)).toEqual([22, 23, 24]);
  });

  it('misses nothing while transactions commit out of order', async () => {
    const s = await sse(keyA, '?sessionId=race');
    const outbox = t.app.get(OutboxService);
    // 25 transactions that record, then linger a random while before committing.
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        t.dataSource.transaction(async (m) => {
          await new Promise((r) => setTimeout(r, Math.random() * 30));
          await outbox.record(m, ev(ORG_A, i, { sessionId: 'race' }));
          await new Promise((r) => setTimeout(r, Math.random() * 30));
        }),
      ),
    );
    await s.waitFor(25);
    const ids = s.messages.map((m) => BigInt(m.id!));
    expect(new Set(s.messages.map((m) => m.json.data.n)).size).toBe(25);
    expect([...ids].sort((x, y) => (x < y ? -1 : 1))).toEqual(ids);
    // Resuming from the start of the race replays exactly the same events.
    const replay = await sse(keyA, '?sessionId=race', { 'last-event-id': String(ids[0] - 1n) });
    await replay.waitFor(25);
    expect(replay.messages.map((m) => m.id)).toEqual(s.messages.map((m) => m.id));
  });

  it('answers 401 without a principal and 400 for a bad Last-Event-ID or type', async () => {
    // No Authorization header at all: the typed client always sends one, so this goes raw.
    expect((await fetch(`${t.baseUrl}/api/v1/events`)).status).toBe(401);
    const gw = t.client(keyA);
    // parseAs 'stream': were the stream wrongly opened, its body is not read forever but closed.
    const bad = await gw.GET('/api/v1/events', { params: { header: { 'Last-Event-ID': 'abc' } }, parseAs: 'stream' });
    await bad.data?.cancel();
    expect(bad.response.status).toBe(400);
    expect(bad.error?.error.code).toBe('validation_error');
    const badType = await gw.GET('/api/v1/events', { params: { query: { types: 'nope' } }, parseAs: 'stream' });
    await badType.data?.cancel();
    expect(badType.response.status).toBe(400);
  });
});
