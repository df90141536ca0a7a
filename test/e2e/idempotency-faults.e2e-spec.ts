import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import { createGatewayClient, type ErrorEnvelope, type Schemas } from '../../libs/client/src';
import { LEASE_MS } from '../../src/common/idempotency/idempotency.service';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { eventually, startEmulator, stopEmulator } from '../support/emulator';
import { buildGateway, GatewayProcess, spawnGateway } from '../support/gateway-process';
import { PrivatePostgres, startPrivatePostgres } from '../support/private-postgres';

/**
 * Idempotency keys across faults: an in-progress claim must not outlive the attempt that made it
 * (a crash, a database restart), and a retry that takes it over must not do the write twice.
 */

/** A typed client's answer, with when it came (status 0: no answer at all). */
interface Answer<T> {
  status: number;
  data?: T;
  error?: ErrorEnvelope;
  headers: Headers;
  at: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function answered<T>(call: Promise<{ data?: T; error?: ErrorEnvelope; response: Response }>): Promise<Answer<T>> {
  const { data, error, response } = await call;
  return { status: response.status, data, error, headers: response.headers, at: Date.now() };
}
const noAnswer = <T>(e: Error): Answer<T> => ({ status: 0, error: { error: { code: 'no_answer', message: e.message, details: {} } }, headers: new Headers(), at: Date.now() });

/** POST /sessions with an Idempotency-Key, through the typed client. */
const createSession = (base: string, token: string, name: string, key: string) =>
  answered(createGatewayClient({ baseUrl: base, token }).POST('/api/v1/sessions', { params: { header: { 'Idempotency-Key': key } }, body: { name } }));

/**
 * Retries like a well-behaved client (honouring Retry-After) until the answer is neither a 409
 * "in progress" nor a 5xx, and checks every refusal on the way: it comes before `leaseEnd` (the
 * claim's lease may not hold the key any longer than that), and it carries Retry-After.
 */
async function retryUntilAnswered<T>(send: () => Promise<Answer<T>>, leaseEnd: number): Promise<{ answer: Answer<T>; refusals: Answer<T>[] }> {
  const refusals: Answer<T>[] = [];
  for (;;) {
    const a = await send().catch((e: Error) => noAnswer<T>(e));
    if (a.status === 409 && /in progress/.test(a.error?.error?.message ?? '')) {
      expect(a.at - leaseEnd, 'still "in progress" this many ms after the lease ended').toBeLessThan(1_500);
      refusals.push(a);
      await sleep(Math.min(Number(a.headers.get('retry-after') ?? 1) * 1000, 2_000));
    } else if (a.status === 0 || a.status >= 500) {
      // The database (or the gateway) is just coming back: a client retries.
      expect(a.at - leaseEnd, `still failing after the lease: ${JSON.stringify(a.error)}`).toBeLessThan(10_000);
      await sleep(500);
    } else {
      for (const r of refusals) {
        expect(r.headers.get('retry-after') ?? '(none)', 'a 409 "in progress" says when to retry').toMatch(/^[1-9][0-9]*$/);
        expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(Math.ceil(LEASE_MS / 1000));
      }
      return { answer: a, refusals };
    }
  }
}

/** Waits until a backend of `db` (seen through `observer`) waits for a lock while running `queryPrefix`. */
async function waitForBlocked(observer: Client, queryPrefix: string, lockType?: string): Promise<void> {
  await eventually(
    async () => {
      const { rows } = await observer.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND ($2::text IS NULL OR wait_event = $2) AND query LIKE $1`,
        [`${queryPrefix}%`, lockType ?? null],
      );
      return rows[0].n > 0;
    },
    15_000,
    `a blocked ${queryPrefix}`,
  );
}

describe('Idempotency-Key: claims, replays and conflicts', () => {
  let t: TestApp;
  let token: string;
  let observer: Client;
  const post = (name: string, key: string) => createSession(t.baseUrl, token, name, key);
  const sessionsNamed = async (name: string) => (await t.dataSource.query('SELECT id FROM sessions WHERE name = $1', [name])).map((r: { id: string }) => r.id);

  beforeAll(async () => {
    t = await startTestApp();
    token = await createApiKey(t, { orgId: 'org-idem', capabilities: ['manage'] });
    observer = new Client({ connectionString: t.db.url });
    await observer.connect();
  });
  afterAll(async () => {
    await observer?.end();
    await t?.close();
  });

  /** Holds every insert into sessions until the returned function is called. */
  const holdSessionInserts = async () => {
    const locker = new Client({ connectionString: t.db.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE sessions IN SHARE ROW EXCLUSIVE MODE');
    return async () => {
      await locker.query('ROLLBACK');
      await locker.end();
    };
  };

  it('replays a completed key with its first response, and refuses it with another body (409)', async () => {
    const a = await post('replayed', 'k-replay');
    expect(a.status).toBe(201);
    const b = await post('replayed', 'k-replay');
    expect(b.status).toBe(201);
    expect(b.data).toEqual(a.data);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    const c = await post('another', 'k-replay');
    expect(c.status).toBe(409);
    expect(c.error?.error.message).toMatch(/different request/);
    expect(await sessionsNamed('replayed')).toEqual([a.data!.id]);
    expect(await sessionsNamed('another')).toEqual([]);
  });

  it('answers 409 with Retry-After while the first request runs, also past one lease (it is renewed), then replays it', async () => {
    const release = await holdSessionInserts();
    let first: ReturnType<typeof post> | undefined;
    try {
      first = post('live', 'k-live');
      await waitForBlocked(observer, 'INSERT INTO "sessions"');
      const b = await post('live', 'k-live');
      expect(b.status).toBe(409);
      expect(b.error?.error.message).toMatch(/in progress/);
      const retryAfter = Number(b.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(Math.ceil(LEASE_MS / 1000));
      // The first request is alive: its claim is renewed, so it still holds after a whole lease.
      await sleep(LEASE_MS + 1_000);
      const c = await post('live', 'k-live');
      expect(c.status).toBe(409);
      expect(c.error?.error.message).toMatch(/in progress/);
      expect(c.headers.get('retry-after')).toBeTruthy();
      // ...and another body is still "another request", not "in progress".
      expect((await post('not live', 'k-live')).error?.error.message).toMatch(/different request/);
    } finally {
      await release();
    }
    const a = await first!;
    expect(a.status).toBe(201);
    const d = await post('live', 'k-live');
    expect(d.status).toBe(201);
    expect(d.data).toEqual(a.data);
    expect(d.headers.get('idempotent-replayed')).toBe('true');
    expect(await sessionsNamed('live')).toEqual([a.data!.id]);
  }, 60_000);

  it('a retry takes over a claim whose lease ended; the attempt that lost it cannot store anything', async () => {
    const release = await holdSessionInserts();
    let first: ReturnType<typeof post> | undefined;
    let second: ReturnType<typeof post> | undefined;
    try {
      first = post('fenced', 'k-fenced');
      await waitForBlocked(observer, 'INSERT INTO "sessions"');
      // The first attempt stalls (as if cut off from the database); end its lease by hand. Its
      // renewal may land in between: then the retry is refused, and we end the lease again.
      for (let i = 0; !second; i++) {
        await observer.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE key = 'k-fenced'`);
        const attempt = post('fenced', 'k-fenced');
        const early = await Promise.race([attempt, sleep(1_000).then(() => undefined)]);
        if (early === undefined) second = attempt; // took the claim over, and waits for the insert too
        else {
          expect(early.status).toBe(409);
          if (i > 5) throw new Error(`the retry never took the claim over: ${JSON.stringify(early.error)}`);
        }
      }
      await eventually(async () => (await observer.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO "sessions"%'`)).rows[0].n === 2, 10_000, 'both attempts at the insert');
    } finally {
      await release();
    }
    const [a, b] = await Promise.all([first!, second!]);
    expect(b.status).toBe(201);
    expect(a.status).toBe(409); // lost its claim: its insert was rolled back (or met the retry's row)
    expect(await sessionsNamed('fenced')).toEqual([b.data!.id]);
    const c = await post('fenced', 'k-fenced');
    expect(c.data).toEqual(b.data);
    expect(c.headers.get('idempotent-replayed')).toBe('true');
  }, 60_000);
});

describe('Idempotency-Key across a database stop (private PostgreSQL cluster)', () => {
  let pg: PrivatePostgres;
  let db: TestDatabase;
  let t: TestApp;
  let token: string;
  const post = (name: string, key: string) => createSession(t.baseUrl, token, name, key);
  const withClient = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: db.url });
    c.on('error', () => undefined);
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end().catch(() => undefined);
    }
  };
  const sessionsNamed = (name: string) => withClient(async (c) => (await c.query('SELECT id FROM sessions WHERE name = $1', [name])).rows.map((r) => r.id as string));
  const keyRow = (key: string) => withClient(async (c) => (await c.query('SELECT response_status FROM idempotency_keys WHERE key = $1', [key])).rows[0]);

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    db = await pg.createDatabase('wgw_faults');
    t = await startTestApp({}, { db });
    token = await createApiKey(t, { orgId: 'org-db', capabilities: ['manage'] });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await pg?.destroy();
  });

  it('stopped while the work runs (its clean-up lost): a retry after the lease does the work, once', async () => {
    const locker = new Client({ connectionString: db.url });
    const observer = new Client({ connectionString: db.url });
    for (const c of [locker, observer]) c.on('error', () => undefined);
    await locker.connect();
    await observer.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE sessions IN SHARE ROW EXCLUSIVE MODE');
    const first = post('db-work', 'k-db-work').catch((e: Error) => noAnswer<Schemas['SessionDto']>(e));
    await waitForBlocked(observer, 'INSERT INTO "sessions"');
    expect((await observer.query(`SELECT response_status FROM idempotency_keys WHERE key = 'k-db-work'`)).rows).toEqual([{ response_status: null }]);

    const stoppedAt = Date.now();
    await pg.stop(); // ends the work's transaction and refuses the release of the key
    const a = await first;
    expect(a.status === 0 || a.status >= 500).toBe(true);
    await pg.start();
    await locker.end().catch(() => undefined);
    await observer.end().catch(() => undefined);
    expect(await keyRow('k-db-work')).toEqual({ response_status: null }); // the claim survived the restart

    const { answer, refusals } = await retryUntilAnswered(() => post('db-work', 'k-db-work'), stoppedAt + LEASE_MS);
    expect(refusals.length).toBeGreaterThan(0); // the database was back within the lease: first refused, with Retry-After
    expect(answer.status).toBe(201);
    expect(await sessionsNamed('db-work')).toEqual([answer.data!.id]);
    const replay = await post('db-work', 'k-db-work');
    expect(replay.data).toEqual(answer.data);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  }, 90_000);

  it('stopped after the work committed, before its response was recorded: the retry answers with that session, no second one', async () => {
    await withClient(async (c) => {
      await c.query(`CREATE FUNCTION hold_completion() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock(4711); RETURN NEW; END $$`);
      await c.query(`CREATE TRIGGER hold_completion BEFORE UPDATE ON idempotency_keys FOR EACH ROW
                     WHEN (NEW.response_status IS NOT NULL AND OLD.response_status IS NULL) EXECUTE FUNCTION hold_completion()`);
    });
    const locker = new Client({ connectionString: db.url });
    const observer = new Client({ connectionString: db.url });
    for (const c of [locker, observer]) c.on('error', () => undefined);
    await locker.connect();
    await observer.connect();
    await locker.query('SELECT pg_advisory_lock(4711)');
    const first = post('db-done', 'k-db-done').catch((e: Error) => noAnswer<Schemas['SessionDto']>(e));
    await waitForBlocked(observer, 'UPDATE idempotency_keys SET response_status', 'advisory');
    const [created] = (await observer.query(`SELECT id FROM sessions WHERE name = 'db-done'`)).rows;
    expect(created).toBeTruthy(); // the session is committed; the key is still "in progress"

    const stoppedAt = Date.now();
    await pg.stop();
    const a = await first;
    // The work was done, so this gateway answers with the session although the response could
    // not be recorded; a 5xx would be acceptable too: what matters is what a retry gets.
    if (a.status === 201) expect(a.data!.id).toBe(created.id);
    else expect(a.status).toBeGreaterThanOrEqual(500);
    await pg.start();
    await locker.end().catch(() => undefined);
    await observer.end().catch(() => undefined);
    await withClient((c) => c.query('DROP TRIGGER hold_completion ON idempotency_keys'));
    // Usually still in progress. Under load the stop can end the lock holder's backend first: the
    // held write then gets the lock and commits before its own backend ends, and the answer is
    // recorded (seen once in a clean-clone run). Either way the retry must get that one session.
    const { response_status: recorded } = await keyRow('k-db-done');
    expect([null, 201]).toContain(recorded);

    const { answer, refusals } = await retryUntilAnswered(() => post('db-done', 'k-db-done'), stoppedAt + LEASE_MS);
    if (recorded === null) expect(refusals.length).toBeGreaterThan(0); // within the lease: refused first
    expect(answer.status).toBe(201);
    expect(answer.data!.id).toBe(created.id);
    expect(await sessionsNamed('db-done')).toEqual([created.id]);
    const replay = await post('db-done', 'k-db-done');
    expect(replay.data).toEqual(answer.data);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  }, 90_000);
});

describe('Idempotency-Key across a SIGKILL in the middle of a send', () => {
  let main: string;
  let db: TestDatabase;
  let emulator: WaEmulator;
  let env: Record<string, string>;
  let token: string;
  const procs: GatewayProcess[] = [];

  const gateway = async () => {
    const p = await spawnGateway(main, env);
    procs.push(p);
    return { p, base: /listening on (http:\/\/\S+)/.exec(p.output())![1] };
  };

  beforeAll(async () => {
    main = buildGateway();
    db = await createTestDatabase();
    const emu = await startEmulator();
    emulator = emu.emulator;
    const dir = mkdtempSync(join(tmpdir(), 'wgw-idem-'));
    writeFileSync(join(dir, 'media-ca.pem'), emulator.mediaCaPem);
    env = {
      ...emu.env,
      DATABASE_URL: db.url,
      NODE_EXTRA_CA_CERTS: join(dir, 'media-ca.pem'),
      WA_STATE_KEY: randomBytes(32).toString('base64'),
      CURSOR_SECRET: randomBytes(24).toString('hex'),
      // One send a second, and a request that waits up to a minute for its send: a message queued
      // behind others keeps its request waiting between the claim and the completion.
      SEND_RATE_PER_SECOND: '1',
      SEND_JITTER_MS: '0',
      SEND_WAIT_MS: '60000',
      OUTBOUND_POLL_MS: '200',
    };
    token = execFileSync(join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx'), ['src/cli/apikey.ts', 'create', '--org', 'org-kill', '--name', 'k', '--capabilities', 'send,manage'], {
      cwd: join(__dirname, '..', '..'),
      env: { PATH: process.env.PATH, DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
    })
      .toString()
      .trim();
  }, 180_000);
  afterAll(async () => {
    for (const p of procs) await p.kill('SIGKILL');
    await stopEmulator(emulator);
    await db?.drop();
  });

  it('a retry after the restart answers with the message stored before the kill; it is stored and sent once', async () => {
    const first = await gateway();
    const api = (base: string) => createGatewayClient({ baseUrl: base, token });
    const account = emulator.addAccount();
    const contact = emulator.addContact();
    const session = (await api(first.base).POST('/api/v1/sessions', { body: { name: 'crash', start: true } })).data!.id;
    const onSession = { params: { path: { session } } };
    const send = (base: string, body: Schemas['SendMessageDto'], key?: string) =>
      answered(api(base).POST('/api/v1/sessions/{session}/messages', { params: { path: { session }, header: key ? { 'Idempotency-Key': key } : {} }, body }));
    const qr = await eventually(async () => {
      const r = await api(first.base).GET('/api/v1/sessions/{session}/qr', onSession);
      return r.response.status === 200 ? r.data!.qr : undefined;
    }, 15_000, 'a QR');
    await emulator.phone(account).scanQr(qr);
    await eventually(async () => (await api(first.base).GET('/api/v1/sessions/{session}', onSession)).data?.status === 'connected', 15_000, 'connected');

    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      // Messages ahead in the queue (their requests die with the process; they are sent after it).
      const FILLERS = 6;
      for (let i = 0; i < FILLERS; i++) void send(first.base, { to: contact.phone, type: 'text', text: `before ${i}` }).catch(() => undefined);
      await eventually(async () => (await pg.query(`SELECT count(*)::int AS n FROM messages WHERE text LIKE 'before %'`)).rows[0].n === FILLERS, 15_000, 'the messages ahead stored');

      const body: Schemas['SendMessageDto'] = { to: contact.phone, type: 'text', text: 'exactly once' };
      void send(first.base, body, 'k-send').catch(() => undefined);
      const stored = await eventually(async () => (await pg.query(`SELECT id, wa_message_id, status FROM messages WHERE text = 'exactly once'`)).rows[0], 15_000, 'the message stored');
      const claim = (await pg.query(`SELECT response_status FROM idempotency_keys WHERE key = 'k-send'`)).rows[0];
      expect(claim).toEqual({ response_status: null }); // claimed, not completed: the request waits for the send
      expect(stored.status).toBe('queued');
      const killedAt = Date.now();
      await first.p.kill('SIGKILL');

      const second = await gateway();
      const { answer } = await retryUntilAnswered(() => send(second.base, body, 'k-send'), killedAt + LEASE_MS);
      expect([201, 202]).toContain(answer.status);
      expect(answer.data).toMatchObject({ id: stored.id, waMessageId: stored.wa_message_id, text: 'exactly once' });
      expect((await pg.query(`SELECT count(*)::int AS n FROM messages WHERE text = 'exactly once'`)).rows[0].n).toBe(1);

      // Sent once, under its one WhatsApp id, after the messages ahead of it.
      const textOf = (m: { message: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } }) =>
        m.message.conversation ?? m.message.extendedTextMessage?.text ?? '';
      const inbox = () => emulator.contact(contact).inbox;
      await eventually(async () => new Set(inbox().map(textOf)).size === FILLERS + 1, 30_000, 'every message sent after the restart');
      await sleep(2_000); // a second send would have come by now (one a second)
      expect(inbox().filter((m) => textOf(m) === 'exactly once').map((m) => m.id)).toEqual([stored.wa_message_id]);
      const replay = await send(second.base, body, 'k-send');
      expect(replay.data!.id).toBe(stored.id);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect((await pg.query(`SELECT count(*)::int AS n FROM messages WHERE text = 'exactly once'`)).rows[0].n).toBe(1);
    } finally {
      await pg.end();
    }
  }, 150_000);
});
