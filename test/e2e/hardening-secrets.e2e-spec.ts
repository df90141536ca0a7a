import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import { createGatewayClient, type Schemas } from '../../libs/client/src';
import { createRootLogger, PinoNestLogger } from '../../src/common/logging';
import { StateCipher } from '../../src/common/state-cipher';
import { dataSourceOptions } from '../../src/database/data-source';
import { MIGRATIONS } from '../../src/database/migrations';
import { WebhookSecretsAndCapabilities1795664000000 } from '../../src/database/migrations/1795664000000-WebhookSecretsAndCapabilities';
import { EventTypes } from '../../src/events/event-types';
import { OutboxService } from '../../src/events/outbox.service';
import { WebhookSecrets } from '../../src/events/webhook-secrets';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { eventually, linkSessionByQr, startEmulator, stopEmulator } from '../support/emulator';
import { buildGateway, GatewayProcess, spawnGateway } from '../support/gateway-process';
import { startWebhookReceiver, verifyWebhook, WebhookReceiver } from '../support/webhook-receiver';

const stateKey = () => randomBytes(32).toString('base64');
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(500, 7)]);

/** A webhook row as PostgreSQL holds it, as text (bytea as hex), for "does it contain X" checks. */
async function rawRow(ds: DataSource, id: string): Promise<string> {
  const [row] = await ds.query(`SELECT row_to_json(w)::text AS t FROM webhooks w WHERE id = $1`, [id]);
  return row.t as string;
}

function expectNotIn(haystack: string, secret: string, what: string) {
  expect(haystack.includes(secret), `${what} in plain text`).toBe(false);
  expect(haystack.includes(secret.slice('whsec_'.length)), `${what} (base64 part)`).toBe(false);
  expect(haystack.includes(Buffer.from(secret).toString('hex')), `${what} (hex)`).toBe(false);
}

describe('webhook secrets at rest', () => {
  const receivers: WebhookReceiver[] = [];
  const receiver = async () => {
    const r = await startWebhookReceiver();
    receivers.push(r);
    return r;
  };
  const ENV = { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', EVENTS_POLL_MS: '100' };
  const record = (t: TestApp, orgId: string) =>
    t.dataSource.transaction((m) => t.app.get(OutboxService).record(m, { type: EventTypes.MESSAGE_RECEIVED, orgId, sessionId: 'S1', data: { n: 1 } }));

  afterAll(async () => {
    for (const r of receivers) await r.close();
  });

  it('stores a new and a rotated secret encrypted, bound to the row: the raw row never contains them; both sign', async () => {
    const key = stateKey();
    const t = await startTestApp({ ...ENV, WA_STATE_KEY: key });
    try {
      const token = await createApiKey(t, { orgId: 'org-s', capabilities: ['send', 'manage'] });
      const r = await receiver();
      const gw = t.client(token);
      const res = await gw.POST('/api/v1/webhooks', { body: { url: r.url, events: ['*'] } });
      expect(res.response.status).toBe(201);
      const hook = res.data!;
      expect(hook.secret).toMatch(/^whsec_/);

      const stored = await rawRow(t.dataSource, hook.id);
      expectNotIn(stored, hook.secret, 'the secret');
      const [row] = await t.dataSource.query(`SELECT secret, previous_secret, secret_encrypted FROM webhooks WHERE id = $1`, [hook.id]);
      expect(row).toMatchObject({ secret: null, previous_secret: null });
      // AES-256-GCM under WA_STATE_KEY, with the row identity as additional data.
      const cipher = new StateCipher(Buffer.from(key, 'base64'));
      expect(cipher.decrypt(row.secret_encrypted, `webhook/${hook.id}/secret`)).toBe(hook.secret);
      expect(() => cipher.decrypt(row.secret_encrypted, `webhook/${hook.id}/previous`)).toThrow();
      expect(() => cipher.decrypt(row.secret_encrypted, 'webhook/01OTHERWEBHOOK000000000000/secret')).toThrow();

      const rotated = (await gw.POST('/api/v1/webhooks/{webhook}:rotateSecret', { params: { path: { webhook: hook.id } } })).data!;
      const afterRotation = await rawRow(t.dataSource, hook.id);
      expectNotIn(afterRotation, hook.secret, 'the previous secret');
      expectNotIn(afterRotation, rotated.secret, 'the rotated secret');

      await record(t, 'org-s');
      await r.waitFor(() => r.accepted.length === 1, 10_000, 'the delivery');
      expect(r.accepted[0].headers['webhook-signature'].split(' ')).toHaveLength(2);
      verifyWebhook(rotated.secret, r.accepted[0]);
      verifyWebhook(hook.secret, r.accepted[0]);
    } finally {
      await t.close();
    }
  });

  it('encrypts plain-text rows from before the migration when the gateway starts (idempotently); they keep signing', async () => {
    const db = await createTestDatabase();
    const key = stateKey();
    const apps: TestApp[] = [];
    try {
      // The schema before this change, and a webhook stored the old way, with a rotation under way.
      const before = new DataSource({ ...dataSourceOptions(db.url, 2), migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(WebhookSecretsAndCapabilities1795664000000)) });
      await before.initialize();
      await before.runMigrations();
      const r = await receiver();
      const [oldSecret, oldPrevious] = [newSecret(), newSecret()];
      const id = '01LEGACYWEBHOOK00000000000';
      await before.query(
        `INSERT INTO webhooks (id, org_id, url, event_types, secret, previous_secret, previous_secret_expires_at, enabled, created_at, updated_at)
         VALUES ($1, 'org-legacy', $2, '{*}', $3, $4, now() + interval '1 hour', true, now(), now())`,
        [id, r.url, oldSecret, oldPrevious],
      );
      await before.destroy();

      const t = await startTestApp({ ...ENV, WA_STATE_KEY: key }, { db });
      apps.push(t);
      const stored = await rawRow(t.dataSource, id);
      expectNotIn(stored, oldSecret, 'the old secret');
      expectNotIn(stored, oldPrevious, 'the old previous secret');
      const [row] = await t.dataSource.query(`SELECT secret, previous_secret, secret_encrypted, previous_secret_encrypted, capabilities FROM webhooks WHERE id = $1`, [id]);
      expect(row).toMatchObject({ secret: null, previous_secret: null, capabilities: ['send', 'manage'] });
      const cipher = new StateCipher(Buffer.from(key, 'base64'));
      expect(cipher.decrypt(row.secret_encrypted, `webhook/${id}/secret`)).toBe(oldSecret);
      expect(cipher.decrypt(row.previous_secret_encrypted, `webhook/${id}/previous`)).toBe(oldPrevious);

      // Existing webhooks keep receiving every type (capabilities send+manage), signed as before.
      await record(t, 'org-legacy');
      await r.waitFor(() => r.accepted.length === 1, 10_000, 'the delivery of the migrated webhook');
      verifyWebhook(oldSecret, r.accepted[0]);
      verifyWebhook(oldPrevious, r.accepted[0]);

      // Idempotent: nothing left to do, and a restart changes nothing.
      expect(await t.app.get(WebhookSecrets).encryptPlaintextRows()).toBe(0);
      await t.app.close();
      apps.pop();
      const again = await startTestApp({ ...ENV, WA_STATE_KEY: key }, { db });
      apps.push(again);
      const [same] = await again.dataSource.query(`SELECT secret_encrypted, previous_secret_encrypted FROM webhooks WHERE id = $1`, [id]);
      expect(Buffer.compare(same.secret_encrypted, row.secret_encrypted)).toBe(0);
      expect(Buffer.compare(same.previous_secret_encrypted, row.previous_secret_encrypted)).toBe(0);

      // A row written the old way while the gateway runs still signs, and is encrypted on the next pass.
      const r2 = await receiver();
      const lateSecret = newSecret();
      await again.dataSource.query(
        `INSERT INTO webhooks (id, org_id, url, event_types, secret, enabled, created_at, updated_at) VALUES ($1, 'org-late', $2, '{*}', $3, true, now(), now())`,
        ['01LATEWEBHOOK0000000000000', r2.url, lateSecret],
      );
      await record(again, 'org-late');
      await r2.waitFor(() => r2.accepted.length === 1, 10_000, 'the delivery of the plain-text row');
      verifyWebhook(lateSecret, r2.accepted[0]);
      expect(await again.app.get(WebhookSecrets).encryptPlaintextRows()).toBe(1);
      expectNotIn(await rawRow(again.dataSource, '01LATEWEBHOOK0000000000000'), lateSecret, 'the late secret');
      await record(again, 'org-late');
      await r2.waitFor(() => r2.accepted.length === 2, 10_000, 'the delivery after encryption');
      verifyWebhook(lateSecret, r2.accepted[1]);
    } finally {
      for (const a of apps) await a.app.close();
      await db.drop();
    }
  });
});

describe('webhook secrets under another data key', () => {
  it('sends nothing unsigned: a process whose key cannot decrypt the secret records a failed attempt instead', async () => {
    const db = await createTestDatabase();
    const r = await startWebhookReceiver();
    const env = { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', EVENTS_POLL_MS: '100', WEBHOOK_RETRY_SCHEDULE: '10m' };
    let t: TestApp | undefined;
    try {
      t = await startTestApp({ ...env, WA_STATE_KEY: stateKey() }, { db });
      const token = await createApiKey(t, { orgId: 'org-k', capabilities: ['send', 'manage'] });
      const hook = (await t.client(token).POST('/api/v1/webhooks', { body: { url: r.url, events: ['*'] } })).data!;
      await t.app.close();
      t = await startTestApp({ ...env, WA_STATE_KEY: stateKey() }, { db });
      await t.dataSource.transaction((m) => t!.app.get(OutboxService).record(m, { type: EventTypes.SESSION_STATUS, orgId: 'org-k', data: {} }));
      const attempt = await eventually(async () => {
        const rows = await t!.dataSource.query(`SELECT a.error FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.webhook_id = $1`, [hook.id]);
        return rows[0] as { error: string } | undefined;
      }, 10_000, 'the attempt');
      expect(attempt.error).toMatch(/cannot be decrypted/);
      expect(r.requests).toHaveLength(0);
    } finally {
      await t?.app.close();
      await r.close();
      await db.drop();
    }
  });
});

describe('secrets and message content never reach the log', () => {
  let main: string;
  let db: TestDatabase;
  let t: TestApp;
  let emulator: WaEmulator;
  let env: Record<string, string>;
  let gateway: GatewayProcess | undefined;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    main = buildGateway();
    const emu = await startEmulator();
    emulator = emu.emulator;
    env = { ...emu.env, WA_STATE_KEY: stateKey() };
    db = await createTestDatabase();
    // Only for keys and SQL: it neither runs sessions nor delivers; the spawned gateway does.
    t = await startTestApp({ ...env, WA_RUNTIME: 'off', WEBHOOK_WORKER: 'off' }, { db });
  }, 180_000);
  afterAll(async () => {
    await gateway?.kill('SIGKILL');
    for (const r of receivers) await r.close();
    await t?.app.close();
    await stopEmulator(emulator);
    await db?.drop();
  });

  it('reduces a failed query to its type, message, code, SQL text and stack, whatever key it is logged under', async () => {
    const planted = `PLANTED-${randomBytes(6).toString('hex')}`;
    await t.dataSource.query(`CREATE TABLE hardening_probe (v text CHECK (v NOT LIKE 'PLANTED%'))`);
    const failures: unknown[] = [];
    await t.dataSource.query(`INSERT INTO hardening_probe (v) VALUES ($1)`, [`${planted}-row`]).catch((e: unknown) => failures.push(e));
    await t.dataSource.query(`SELECT $1::int`, [`${planted}-cast`]).catch((e: unknown) => failures.push(e));
    expect(failures).toHaveLength(2);
    // Before any serializer: the error does carry the values (parameters, detail, the message).
    expect(JSON.stringify(failures[0])).toContain(planted);
    expect(String((failures[1] as Error).message)).toContain(planted);

    const lines: string[] = [];
    const logger = createRootLogger('debug', { write: (s: string) => void lines.push(s) });
    const nest = new PinoNestLogger(logger);
    for (const e of failures) {
      logger.error({ err: e }, 'query failed');
      logger.warn({ error: e, nested: { cause: e } }, 'query failed');
      nest.error({ err: e }, 'query failed');
      nest.error(e);
      nest.warn(e, 'SomeContext');
    }
    const out = lines.join('');
    expect(out).not.toContain(planted);
    for (const line of lines) {
      const json = JSON.parse(line);
      const err = json.err ?? json.error;
      expect(Object.keys(err).sort()).toEqual(expect.arrayContaining(['message', 'stack', 'type']));
      for (const k of Object.keys(err)) expect(['type', 'message', 'code', 'query', 'stack']).toContain(k);
    }
    // Still a useful log: what failed, where, and the SQL with its placeholders.
    expect(out).toContain('violates check constraint');
    expect(out).toContain('INSERT INTO hardening_probe (v) VALUES ($1)');
    expect(out).toContain('"code":"23514"');
    expect(out).toContain('invalid input syntax for type integer');
  });

  it('a gateway at debug level logs no message text, caption, webhook secret, API key or Authorization header, on success or failure', async () => {
    gateway = await spawnGateway(main, {
      ...env,
      DATABASE_URL: db.url,
      LOG_LEVEL: 'debug',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      EVENTS_POLL_MS: '200',
      SEND_RATE_PER_SECOND: '0',
      SEND_WAIT_MS: '3000',
    });
    const base = /listening on (http:\/\/[\d.:]+)/.exec(gateway.output())![1];
    const key = await createApiKey(t, { orgId: 'org-log', capabilities: ['send', 'manage'] });
    const gw = createGatewayClient({ baseUrl: base, token: key });
    const send = (body: Schemas['SendMessageDto']) => gw.POST('/api/v1/sessions/{session}/messages', { params: { path: { session } }, body });
    const onWebhook = (webhook: string) => ({ params: { path: { webhook } } });
    const mark = randomBytes(6).toString('hex');
    const secrets: Record<string, string> = { 'the API key': key, 'the state key': env.WA_STATE_KEY };

    // Success paths: a linked session, a webhook (and its rotation) receiving a sent message.
    const { id: session } = await linkSessionByQr({ client: () => gw }, emulator, key, 'logged-line');
    const carol = emulator.addContact({ name: 'Carol' });
    const r = await startWebhookReceiver();
    receivers.push(r);
    const created = await gw.POST('/api/v1/webhooks', { body: { url: r.url, events: ['*'] } });
    expect(created.response.status).toBe(201);
    const hook = created.data!;
    const rotated = await gw.POST('/api/v1/webhooks/{webhook}:rotateSecret', onWebhook(hook.id));
    expect(rotated.response.status).toBe(200);
    Object.assign(secrets, { 'the webhook secret': hook.secret, 'the rotated secret': rotated.data!.secret });
    secrets['a sent text'] = `sent-text-${mark}`;
    const sent = await send({ to: carol.phone, type: 'text', text: secrets['a sent text'] });
    expect([201, 202]).toContain(sent.response.status);
    await r.waitFor(() => r.accepted.some((a) => a.json.type === 'message.sent'), 15_000, 'the message.sent webhook');

    // Failure paths: the inserts of a message (text, then image with caption) and of a webhook fail.
    await t.dataSource.query(`ALTER TABLE messages ADD CONSTRAINT hardening_planted CHECK (outbound IS NULL OR strpos(outbound::text, 'PLANTED') = 0)`);
    await t.dataSource.query(`CREATE FUNCTION hardening_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hardening: webhook write refused'; END $$`);
    await t.dataSource.query(`CREATE TRIGGER hardening_refuse BEFORE INSERT OR UPDATE ON webhooks FOR EACH ROW EXECUTE FUNCTION hardening_refuse()`);
    secrets['a refused text'] = `PLANTED-text-${mark}`;
    secrets['a refused caption'] = `PLANTED-caption-${mark}`;
    const failedText = await send({ to: carol.phone, type: 'text', text: secrets['a refused text'] });
    expect(failedText.response.status).toBe(500);
    const failedImage = await send({
      to: carol.phone,
      type: 'image',
      media: { base64: PNG.toString('base64'), mimetype: 'image/png', caption: secrets['a refused caption'] },
    });
    expect(failedImage.response.status).toBe(500);
    expect((await gw.POST('/api/v1/webhooks', { body: { url: r.url, events: ['*'] } })).response.status).toBe(500);
    expect((await gw.POST('/api/v1/webhooks/{webhook}:rotateSecret', onWebhook(hook.id))).response.status).toBe(500);
    expect((await gw.PATCH('/api/v1/webhooks/{webhook}', { ...onWebhook(hook.id), body: { url: `${r.url}?x=1` } })).response.status).toBe(500);

    // The failures are logged (with what is needed to diagnose them), once each.
    const failureLines = () =>
      gateway!
        .output()
        .split('\n')
        .filter((l) => l.includes('"msg":"request failed"'));
    await eventually(async () => failureLines().length >= 5, 15_000, 'five logged request failures');
    const logged = failureLines().join('\n');
    expect(logged).toContain('violates check constraint \\"hardening_planted\\"');
    expect(logged).toContain('"code":"23514"');
    expect(logged).toContain('hardening: webhook write refused');
    expect(logged).toMatch(/"query":"INSERT INTO \\"messages\\"/);

    const out = gateway.output();
    for (const [what, value] of Object.entries(secrets)) expect(out.includes(value), `${what} is in the log`).toBe(false);
    expect(out.includes(key.slice('wgw_'.length)), 'the secret part of the API key is in the log').toBe(false);
    expect(out).not.toContain('whsec_');
    expect(out).not.toContain('Bearer ');
    expect(out).not.toContain(mark);
    for (const line of out.split('\n')) {
      if (!line.startsWith('{')) continue;
      expect(line).not.toMatch(/"(parameters|driverError|detail|authorization)":/);
    }
  }, 90_000);
});
