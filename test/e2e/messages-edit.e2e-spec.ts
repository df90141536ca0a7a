import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Contact, WaEmulator } from '../../libs/wa-emulator/src';
import { currentText } from '../../libs/wa-emulator/src/server/edits';
import type { GatewayClient, Schemas } from '../../libs/client/src';
import type { TestApp } from '../support/app';
import { eventually } from '../support/emulator';
import { LinkedGateway, startLinkedGateway } from '../support/linked-gateway';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(1500, 9)]);

/**
 * PATCH /sessions/{session}/messages/{id}: the session edits a text or caption it sent, within
 * WhatsApp's 15 minutes; the contact's phone (the emulator's strict contact) shows it edited.
 */
describe('editing sent messages', () => {
  let linked: LinkedGateway;
  let t: TestApp;
  let emulator: WaEmulator;
  let gw: GatewayClient; // send + manage
  let session: string;
  let account: Account;
  let ana: Contact;

  beforeAll(async () => {
    linked = await startLinkedGateway({ org: 'org-edit', sessionName: 'edit-line', env: { OUTBOUND_POLL_MS: '200' } });
    ({ t, emulator, session, account } = linked);
    gw = linked.clients.manage;
    ana = emulator.addContact({ name: 'Ana' });
  }, 60_000);
  afterAll(() => linked?.close());

  const send = async (body: Omit<Schemas['SendMessageDto'], 'to'>, to: Contact = ana) => {
    const r = await gw.POST('/api/v1/sessions/{session}/messages', { params: { path: { session } }, body: { to: to.phone, ...body } });
    expect(r.response.status, JSON.stringify(r.error)).toBe(201);
    return r.data!;
  };
  const edit = (id: string, text: string, client = gw, sessionId = session) =>
    client.PATCH('/api/v1/sessions/{session}/messages/{id}', { params: { path: { session: sessionId, id } }, body: { text } });
  /** A body of the wrong shape, which the typed client refuses to build. */
  const raw = (id: string, body: unknown) => linked.raw('PATCH', `/sessions/${session}/messages/${id}`, body);
  /** What the contact's phone shows for a message it received. */
  const onPhone = (waMessageId: string, c: Contact = ana) => emulator.contact(c).waitForMessage((m) => m.id === waMessageId);
  const events = async (type: string, id: string) => (await linked.events(type)).filter((e) => e.id === id);
  const expectConflict = async (r: { response: Response; error?: any }, reason: string) => {
    expect(r.response.status, JSON.stringify(r.error)).toBe(409);
    expect(r.error.error).toMatchObject({ code: 'conflict', details: { reason } });
  };

  it('edits a text: the contact sees it edited, the stored message has the new text and editedAt, one message.edited event', async () => {
    const sent = await send({ type: 'text', text: 'see you at 5' });
    const original = await onPhone(sent.waMessageId);

    const r = await edit(sent.id, 'see you at 6');
    expect(r.response.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toMatchObject({ id: sent.id, waMessageId: sent.waMessageId, text: 'see you at 6', fromMe: true, editedAt: expect.any(String) });

    await eventually(async () => original.edits?.length === 1, 15_000, 'the contact to apply the edit');
    expect(currentText(original)).toBe('see you at 6');
    expect(ana.ignoredEdits).toEqual([]);

    const got = await gw.GET('/api/v1/sessions/{session}/messages/{id}', { params: { path: { session, id: sent.id } } });
    expect(got.data).toMatchObject({ text: 'see you at 6', editedAt: r.data!.editedAt });
    const [event, ...more] = await events('message.edited', sent.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ id: sent.id, waMessageId: sent.waMessageId, fromMe: true, oldText: 'see you at 5', newText: 'see you at 6', editedAt: r.data!.editedAt });

    // The same text again changes nothing and sends nothing; a second change is a second edit.
    expect((await edit(sent.id, 'see you at 6')).data).toMatchObject({ text: 'see you at 6', editedAt: r.data!.editedAt });
    const again = await edit(sent.id, 'see you at 7');
    expect(again.response.status).toBe(200);
    await eventually(async () => original.edits?.length === 2, 15_000, 'the second edit');
    expect(original.edits!.map((e) => e.text)).toEqual(['see you at 6', 'see you at 7']);
    expect(await events('message.edited', sent.id)).toHaveLength(2);
  });

  it('edits the caption of an image: the contact sees the new caption, the stored media caption follows', async () => {
    const sent = await send({ type: 'image', media: { base64: PNG.toString('base64'), mimetype: 'image/png', caption: 'blurry' } });
    const original = await onPhone(sent.waMessageId);
    const r = await edit(sent.id, 'sharp now');
    expect(r.response.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toMatchObject({ type: 'image', text: 'sharp now', media: { caption: 'sharp now' }, editedAt: expect.any(String) });
    await eventually(async () => currentText(original) === 'sharp now', 15_000, 'the contact to apply the caption edit');
  });

  it('409 after the 15-minute edit window, and nothing reaches the contact', async () => {
    const sent = await send({ type: 'text', text: 'old news' });
    const original = await onPhone(sent.waMessageId);
    // The message was sent 15 minutes and a few seconds ago (the store's send time is what counts).
    await t.dataSource.query(`UPDATE messages SET timestamp = now() - interval '15 minutes 5 seconds' WHERE id = $1`, [sent.id]);
    const r = await edit(sent.id, 'fresh news');
    await expectConflict(r, 'edit_window_passed');
    expect(r.error!.error.details).toMatchObject({ sentAt: expect.any(String), editableUntil: expect.any(String) });
    // Still inside: 14 minutes ago is editable.
    await t.dataSource.query(`UPDATE messages SET timestamp = now() - interval '14 minutes' WHERE id = $1`, [sent.id]);
    expect((await edit(sent.id, 'fresh news')).response.status).toBe(200);
    await eventually(async () => currentText(original) === 'fresh news', 15_000, 'the edit inside the window');
    expect(original.edits).toHaveLength(1);
  });

  it('409 for what cannot be edited: a received message, a revoked one, media without caption, a location, one not sent', async () => {
    const fromAna = await emulator.contact(ana).sendText(account, 'written by Ana');
    const receivedId = await eventually(async () => {
      const rows: { id: string }[] = await t.dataSource.query('SELECT id FROM messages WHERE session_id = $1 AND wa_message_id = $2', [session, fromAna.id]);
      return rows[0]?.id;
    }, 15_000, 'the received message stored');
    await expectConflict(await edit(receivedId, 'rewritten'), 'not_own');

    const revoked = await send({ type: 'text', text: 'oops' });
    expect((await gw.POST('/api/v1/sessions/{session}/messages/{id}:revoke', { params: { path: { session, id: revoked.id } } })).response.status).toBe(200);
    await expectConflict(await edit(revoked.id, 'un-oops'), 'revoked');

    const bare = await send({ type: 'image', media: { base64: PNG.toString('base64'), mimetype: 'image/png' } });
    await expectConflict(await edit(bare.id, 'a caption afterwards'), 'not_editable');
    const location = await send({ type: 'location', location: { latitude: 52.52, longitude: 13.405 } });
    await expectConflict(await edit(location.id, 'elsewhere'), 'not_editable');

    // A message still waiting in the queue (as after a restart before it left).
    const queued = await send({ type: 'text', text: 'waiting' });
    await t.dataSource.query(`UPDATE messages SET status = 'queued', raw = NULL WHERE id = $1`, [queued.id]);
    await expectConflict(await edit(queued.id, 'changed while waiting'), 'not_sent');
    await t.dataSource.query(`UPDATE messages SET status = 'failed' WHERE id = $1`, [queued.id]);
    await expectConflict(await edit(queued.id, 'changed after failing'), 'not_sent');
  });

  it('400 for a bad body, 404 for another organization or an unknown message, 401/403 without the right key', async () => {
    const sent = await send({ type: 'text', text: 'fine' });
    for (const text of ['', '   ', 'x'.repeat(65_537)]) {
      const r = await edit(sent.id, text);
      expect(r.response.status, JSON.stringify({ text }).slice(0, 40)).toBe(400);
      expect(r.error!.error.code).toBe('validation_error');
    }
    // Bodies of the wrong shape: no text, not a string, an unknown field, no object at all.
    for (const body of [{}, { text: 7 }, { text: 'ok', type: 'text' }, null]) {
      const r = await raw(sent.id, body);
      expect(r.status, JSON.stringify(body)?.slice(0, 40)).toBe(400);
      expect(r.body.error.code).toBe('validation_error');
    }

    const foreign = await edit(sent.id, 'not yours', linked.clients.stranger);
    expect(foreign.response.status).toBe(404);
    expect(foreign.error!.error.code).toBe('not_found');
    expect((await edit('01HXYZ0000000000000000000', 'nothing')).response.status).toBe(404);
    expect((await edit(sent.id, 'nothing', gw, '01HXYZ0000000000000000000')).response.status).toBe(404);

    expect((await t.http(`/api/v1/sessions/${session}/messages/${sent.id}`, { method: 'PATCH', json: { text: 'x' } })).status).toBe(401);
    expect((await edit(sent.id, 'x', linked.clients.admin)).response.status).toBe(403);
    // Nothing of it reached the store.
    expect((await gw.GET('/api/v1/sessions/{session}/messages/{id}', { params: { path: { session, id: sent.id } } })).data).toMatchObject({ text: 'fine', editedAt: null });
  });

  it('409 when the session is not connected', async () => {
    const sent = await send({ type: 'text', text: 'before stopping' });
    const stopped = await gw.POST('/api/v1/sessions/{session}:stop', { params: { path: { session } } });
    expect(stopped.response.status).toBe(200);
    const r = await edit(sent.id, 'after stopping');
    expect(r.response.status).toBe(409);
    expect(r.error!.error.message).toMatch(/not connected|stopped/);
  });
});
