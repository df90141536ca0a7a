import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, startEmulator, stopEmulator } from '../support/emulator';
import { messagesApi } from '../support/messages';

describe('concurrent sends', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let h: ReturnType<typeof messagesApi>;
  let key: string;

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp({ ...emu.env, SEND_RATE_PER_SECOND: '0', OUTBOUND_POLL_MS: '200', DB_POOL_SIZE: '20' });
    key = await createApiKey(t, { orgId: 'org-l', capabilities: ['send', 'manage'] });
    h = messagesApi(t, emulator, key);
  });
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
  });

  it('stores and sends 200 concurrent messages across 10 sessions, each once', { timeout: 60_000 }, async () => {
    const sessions = await Promise.all(Array.from({ length: 10 }, (_, i) => h.linkByQr(`load-${i}`)));
    const contacts = [emulator.addContact(), emulator.addContact()];
    const gw = t.client(key);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        gw.POST('/api/v1/sessions/{session}/messages', {
          params: { path: { session: sessions[i % 10].id } },
          body: { to: contacts[i % 2].phone, type: 'text', text: `load ${i}` },
        }),
      ),
    );
    expect(results.filter((r) => r.response.status !== 201 && r.response.status !== 202).map((r) => r.error)).toEqual([]);
    const waIds = new Set(results.map((r) => r.data!.waMessageId));
    expect(waIds.size).toBe(200);
    const inboxIds = () => contacts.flatMap((c) => emulator.contact(c).inbox.map((m) => m.id)).filter((id) => waIds.has(id));
    await eventually(async () => inboxIds().length >= 200, 30_000, '200 messages at the contacts');
    expect(new Set(inboxIds()).size).toBe(200);
    expect(inboxIds()).toHaveLength(200); // none twice
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM messages WHERE from_me AND text LIKE 'load %'`);
    expect(n).toBe(200);
    await eventually(async () => {
      const [{ q }] = await t.dataSource.query(`SELECT count(*)::int AS q FROM messages WHERE from_me AND text LIKE 'load %' AND status IN ('queued', 'failed')`);
      return q === 0;
    }, 15_000, 'every message marked sent');
  });
});
