import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Contact, WaEmulator } from '../../libs/wa-emulator/src';
import { createGatewayClient } from '../../libs/client/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, linkSessionByQr, startEmulator, stopEmulator } from '../support/emulator';

/**
 * Groups through the API against the emulator: a session creates a group with contacts, sends
 * every message type to it (each contact decrypts it with the session's sender key), receives a
 * contact's group message with its sender, changes members and settings, reads and revokes the
 * invitation, another session joins by code and leaves; changes made by another member reach the
 * store and the events. Capabilities (`send` reads and messages, `manage` changes) and
 * organizations (another one's session is a 404 everywhere) are enforced.
 */
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(600, 7)]);

describe('groups', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let manage: string; // send + manage
  let reader: string; // send only
  let admin: string; // manage only
  let stranger: string; // another organization, every capability
  let session: string;
  let account: Account;
  let ana: Contact;
  let ben: Contact;
  let refuser: Contact;

  const api = async (method: string, path: string, json?: unknown, token = manage) => {
    const res = await t.http(`/api/v1${path}`, { method, token, json });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
  };
  const events = async (type: string) =>
    (await t.dataSource.query('SELECT data FROM events WHERE session_id = $1 AND type = $2 ORDER BY id', [session, type])).map((r: { data: any }) => r.data);

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp({ ...emu.env, SEND_RATE_PER_SECOND: '0', SEND_WAIT_MS: '5000' });
    manage = await createApiKey(t, { orgId: 'org-groups', capabilities: ['send', 'manage'] });
    reader = await createApiKey(t, { orgId: 'org-groups', capabilities: ['send'] });
    admin = await createApiKey(t, { orgId: 'org-groups', capabilities: ['manage'] });
    stranger = await createApiKey(t, { orgId: 'org-other', capabilities: ['send', 'manage', 'admin'] });
    ({ id: session, account } = await linkSessionByQr(t, emulator, manage, 'groups'));
    ana = emulator.addContact({ name: 'Ana' });
    ben = emulator.addContact({ name: 'Ben' });
    refuser = emulator.addContact({ name: 'Private person' });
    emulator.contact(refuser).refuseGroupAdds();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
  });

  let group: string;

  it('creates a group: per-participant results, stored, listed, group.joined', async () => {
    // Through the typed client (libs/client), as a team's own frontend would call it.
    const gw = createGatewayClient({ baseUrl: t.baseUrl, token: manage });
    const answer = await gw.POST('/api/v1/sessions/{session}/groups', {
      params: { path: { session } },
      body: { subject: 'Demo Team', description: 'Where the demo happens', participants: [ana.phone, `+${ben.phone}`, refuser.pnJid, '15559999991'] },
    });
    expect(answer.response.status).toBe(201);
    const created = { body: answer.data! };
    group = created.body.group.jid;
    expect(group).toMatch(/^120363\d+@g\.us$/);
    expect(created.body.participants.map((p) => [p.participant, p.result])).toEqual([
      [ana.phone, 'done'],
      [`+${ben.phone}`, 'done'],
      [refuser.pnJid, 'invite_required'],
      ['15559999991', 'not_on_whatsapp'],
    ]);
    expect(created.body.participants[2].invite?.code).toEqual(expect.any(String));
    expect(created.body.group).toMatchObject({ subject: 'Demo Team', description: 'Where the demo happens', announce: false, locked: false, member: true, size: 3 });
    const members = created.body.group.participants;
    expect(members.find((p) => p.phoneNumber === ana.pnJid)).toMatchObject({ lid: ana.lidJid, role: 'member' });
    expect(members.find((p) => p.phoneNumber === account.pnJid)).toMatchObject({ role: 'superadmin' });

    const got = await createGatewayClient({ baseUrl: t.baseUrl, token: reader }).GET('/api/v1/sessions/{session}/groups/{jid}', { params: { path: { session, jid: group } } });
    expect(got.data).toMatchObject({ jid: group, subject: 'Demo Team', size: 3 });
    const list = await api('GET', `/sessions/${session}/groups`, undefined, reader);
    expect(list.body.items.map((g: any) => g.jid)).toEqual([group]);
    await eventually(async () => (await events('group.joined')).some((e: any) => e.jid === group), 10_000, 'group.joined');
    expect((await events('group.joined')).filter((e: any) => e.jid === group)).toHaveLength(1);
  });

  it('sends every message type to the group; each contact decrypts each once, no retry receipt, metadata from the store', async () => {
    const queriesBefore = emulator.group(group).metadataQueries;
    const send = (body: Record<string, unknown>) => api('POST', `/sessions/${session}/messages`, { to: group, ...body }, reader);
    const first = await send({ type: 'text', text: `hello @${ana.phone}`, mentions: [ana.phone] });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const sent = [
      first,
      await send({ type: 'image', media: { base64: PNG.toString('base64'), mimetype: 'image/png', caption: 'a cat' } }),
      await send({ type: 'video', media: { base64: Buffer.alloc(900, 3).toString('base64'), mimetype: 'video/mp4' } }),
      await send({ type: 'audio', media: { base64: Buffer.alloc(700, 5).toString('base64'), mimetype: 'audio/ogg; codecs=opus', voiceNote: true } }),
      await send({ type: 'document', media: { base64: Buffer.alloc(500, 9).toString('base64'), mimetype: 'application/pdf', filename: 'plan.pdf' } }),
      await send({ type: 'sticker', media: { base64: Buffer.alloc(400, 11).toString('base64'), mimetype: 'image/webp' } }),
      await send({ type: 'location', location: { latitude: 52.52, longitude: 13.405, name: 'Office' } }),
      await send({ type: 'contact', contact: { displayName: 'Jane Doe', phoneNumber: '+15551112222' } }),
      await send({ type: 'poll', poll: { name: 'Lunch?', options: ['Pizza', 'Sushi'] } }),
      await send({ type: 'reaction', reaction: { messageId: first.body.id, emoji: '👍' } }),
      await send({ type: 'text', text: 'a reply', replyTo: first.body.id }),
    ];
    for (const s of sent) expect(s.status, JSON.stringify(s.body)).toBe(201);
    const fields = ['extendedTextMessage', 'imageMessage', 'videoMessage', 'audioMessage', 'documentMessage', 'stickerMessage', 'locationMessage', 'contactMessage', 'pollCreationMessage', 'reactionMessage', 'extendedTextMessage'];
    for (const c of [ana, ben]) {
      for (const [i, s] of sent.entries()) {
        const got = await emulator.contact(c).waitForMessage((m) => m.id === s.body.waMessageId);
        expect(got.group).toBe(group);
        expect(Object.keys(got.message).some((k) => k.startsWith(fields[i])), `message ${i}: ${Object.keys(got.message).join()}`).toBe(true);
        expect(emulator.contact(c).inbox.filter((m) => m.id === s.body.waMessageId)).toHaveLength(1);
      }
    }
    const mention = emulator.contact(ana).inbox.find((m) => m.id === first.body.waMessageId)!;
    expect(mention.message.extendedTextMessage?.contextInfo?.mentionedJid).toEqual([ana.pnJid]);
    expect(emulator.contact(ben).inbox.find((m) => m.id === sent[10].body.waMessageId)!.message.extendedTextMessage?.contextInfo?.stanzaId).toBe(first.body.waMessageId);
    expect(emulator.stats()).toMatchObject({ retryReceipts: 0, nacks: 0 });
    // Baileys took the members from the store (cachedGroupMetadata): no metadata query per send.
    expect(emulator.group(group).metadataQueries - queriesBefore).toBe(0);
    // The members' receipts move the message on: delivered once a member's device has it, read once one read it.
    const statusOf = async () => (await api('GET', `/sessions/${session}/messages/${first.body.id}`, undefined, reader)).body.status;
    await eventually(async () => (await statusOf()) === 'delivered', 15_000, 'the group message delivered');
    emulator.contact(ana).markRead(account, [first.body.waMessageId]);
    await eventually(async () => (await statusOf()) === 'read', 15_000, 'the group message read');
  });

  it("stores a contact's group message with its sender (phone number and LID) and name; the chat shows the subject", async () => {
    const msg = await emulator.contact(ana).sendGroupText(group, 'hi all');
    const stored = await eventually(async () => {
      const rows = await api('GET', `/sessions/${session}/chats/${group}/messages`, undefined, reader);
      return rows.body.items?.find((m: any) => m.waMessageId === msg.id);
    }, 15_000, 'the group message stored');
    expect(stored).toMatchObject({ chatJid: group, fromMe: false, text: 'hi all', sender: { phoneJid: ana.pnJid, lid: ana.lidJid, pushName: 'Ana' } });
    const chats = await api('GET', `/sessions/${session}/chats`, undefined, reader);
    expect(chats.body.items.find((c: any) => c.jid === group)).toMatchObject({ name: 'Demo Team' });
  });

  it('adds, removes, promotes and demotes with per-participant results; group.participants events', async () => {
    const carl = emulator.addContact({ name: 'Carl' });
    const add = await api('POST', `/sessions/${session}/groups/${group}/participants:add`, { participants: [carl.phone, ana.phone, refuser.phone] });
    expect(add.status).toBe(200);
    expect(add.body.participants.map((p: any) => p.result)).toEqual(['done', 'already_member', 'invite_required']);
    expect(add.body.group.size).toBe(4);
    const promote = await api('POST', `/sessions/${session}/groups/${group}/participants:promote`, { participants: [carl.pnJid] });
    expect(promote.body.participants.map((p: any) => p.result)).toEqual(['done']);
    expect(promote.body.group.participants.find((p: any) => p.phoneNumber === carl.pnJid).role).toBe('admin');
    const demote = await api('POST', `/sessions/${session}/groups/${group}/participants:demote`, { participants: [carl.lidJid] });
    expect(demote.body.group.participants.find((p: any) => p.phoneNumber === carl.pnJid).role).toBe('member');
    const remove = await api('POST', `/sessions/${session}/groups/${group}/participants:remove`, { participants: [carl.phone] });
    expect(remove.body.participants.map((p: any) => p.result)).toEqual(['done']);
    expect(remove.body.group.size).toBe(3);
    await eventually(async () => (await events('group.participants')).filter((e: any) => e.jid === group).length >= 4, 10_000, 'group.participants events');
    const actions = (await events('group.participants')).filter((e: any) => e.jid === group).map((e: any) => e.action);
    expect(actions).toEqual(['add', 'promote', 'demote', 'remove']);
  });

  it('changes made here and by another member reach the store and the events (what changed, by whom)', async () => {
    const patched = await api('PATCH', `/sessions/${session}/groups/${group}`, { subject: 'Demo Team 2', announce: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ subject: 'Demo Team 2', announce: true });
    // Ana becomes an admin and changes the subject and settings from her phone.
    await api('POST', `/sessions/${session}/groups/${group}/participants:promote`, { participants: [ana.phone] });
    emulator.contact(ana).groups.setSubject(group, 'Ana’s team');
    emulator.contact(ana).groups.setSetting(group, 'locked');
    let last: unknown;
    const stored = await eventually(async () => {
      const g = (await api('GET', `/sessions/${session}/groups/${group}`, undefined, reader)).body;
      last = { subject: g.subject, locked: g.locked, emu: emulator.group(group).locked, events: await events('group.updated') };
      return g.subject === 'Ana’s team' && g.locked ? g : undefined;
    }, 10_000, 'the change stored').catch((e) => {
      throw new Error(`${e.message}: ${JSON.stringify(last)}`);
    });
    expect(stored).toMatchObject({ announce: true, locked: true });
    const updates = await eventually(async () => {
      const all = (await events('group.updated')).filter((e: any) => e.jid === group);
      return all.some((e: any) => e.changes.locked) ? all : undefined;
    }, 10_000, 'group.updated events');
    expect(updates.find((e: any) => e.changes.subject === 'Ana’s team')).toMatchObject({ by: ana.lidJid });
    expect(updates.find((e: any) => e.changes.subject === 'Demo Team 2')).toBeDefined();
  });

  it('reads and revokes the invitation; another session joins by the link and leaves', async () => {
    const invite = await api('GET', `/sessions/${session}/groups/${group}/invite`);
    expect(invite.status).toBe(200);
    expect(invite.body.link).toBe(`https://chat.whatsapp.com/${invite.body.code}`);
    const revoked = await api('POST', `/sessions/${session}/groups/${group}/invite:revoke`);
    expect(revoked.body.code).not.toBe(invite.body.code);

    const { id: other } = await linkSessionByQr(t, emulator, manage, 'joiner');
    const stale = await api('POST', `/sessions/${other}/groups:join`, { code: invite.body.link });
    expect(stale.status).toBeGreaterThanOrEqual(400);
    const joined = await api('POST', `/sessions/${other}/groups:join`, { code: revoked.body.link });
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(joined.body).toMatchObject({ jid: group, member: true });
    await eventually(async () => (await api('GET', `/sessions/${session}/groups/${group}`)).body.size === 4, 10_000, 'the joiner in the first session’s store');

    const left = await api('POST', `/sessions/${other}/groups/${group}:leave`);
    expect(left.status).toBe(200);
    expect(left.body.member).toBe(false);
    expect((await api('GET', `/sessions/${other}/groups`)).body.items.map((g: any) => g.jid)).not.toContain(group);
    const otherLeft = (await t.dataSource.query("SELECT data FROM events WHERE session_id = $1 AND type = 'group.left'", [other])) as unknown[];
    expect(otherLeft).toHaveLength(1);
    await eventually(async () => (await api('GET', `/sessions/${session}/groups/${group}`)).body.size === 3, 10_000, 'the leaver gone from the first session’s store');
  });

  it('capabilities: `send` reads, `manage` changes', async () => {
    expect((await api('POST', `/sessions/${session}/groups`, { subject: 'x', participants: [ana.phone] }, reader)).status).toBe(403);
    expect((await api('PATCH', `/sessions/${session}/groups/${group}`, { subject: 'x' }, reader)).status).toBe(403);
    expect((await api('GET', `/sessions/${session}/groups/${group}/invite`, undefined, reader)).status).toBe(403);
    expect((await api('GET', `/sessions/${session}/groups`, undefined, admin)).status).toBe(403);
    expect((await api('GET', `/sessions/${session}/groups/${group}`, undefined, admin)).status).toBe(403);
  });

  it("another organization's session is a 404 on every group route", async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', `/sessions/${session}/groups`],
      ['POST', `/sessions/${session}/groups`, { subject: 'x', participants: [ana.phone] }],
      ['GET', `/sessions/${session}/groups/${group}`],
      ['PATCH', `/sessions/${session}/groups/${group}`, { subject: 'x' }],
      ['POST', `/sessions/${session}/groups/${group}/participants:add`, { participants: [ana.phone] }],
      ['POST', `/sessions/${session}/groups/${group}/participants:remove`, { participants: [ana.phone] }],
      ['POST', `/sessions/${session}/groups/${group}/participants:promote`, { participants: [ana.phone] }],
      ['POST', `/sessions/${session}/groups/${group}/participants:demote`, { participants: [ana.phone] }],
      ['GET', `/sessions/${session}/groups/${group}/invite`],
      ['POST', `/sessions/${session}/groups/${group}/invite:revoke`],
      ['POST', `/sessions/${session}/groups:join`, { code: 'AbCdEfGhIjKl' }],
      ['POST', `/sessions/${session}/groups/${group}:leave`],
    ];
    for (const [method, path, body] of routes) {
      const res = await api(method, path, body, stranger);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    // And nothing changed: still a member, same subject.
    expect((await api('GET', `/sessions/${session}/groups/${group}`)).body).toMatchObject({ member: true, subject: 'Ana’s team' });
  });

  it('refuses bad input with 400 and says why', async () => {
    const bad: [string, string, unknown?][] = [
      ['GET', `/sessions/${session}/groups/not-a-group`],
      ['GET', `/sessions/${session}/groups/15551234567@s.whatsapp.net`],
      ['GET', `/sessions/${session}/groups?refresh=maybe`],
      ['POST', `/sessions/${session}/groups`, { subject: '', participants: [ana.phone] }],
      ['POST', `/sessions/${session}/groups`, { subject: 'x', participants: [] }],
      ['POST', `/sessions/${session}/groups`, { subject: 'x', participants: [group] }],
      ['POST', `/sessions/${session}/groups`, { subject: 'x'.repeat(101), participants: [ana.phone] }],
      ['PATCH', `/sessions/${session}/groups/${group}`, {}],
      ['PATCH', `/sessions/${session}/groups/${group}`, { announce: 'yes' }],
      ['POST', `/sessions/${session}/groups/${group}/participants:add`, { participants: ['12'] }],
      ['POST', `/sessions/${session}/groups/${group}/participants:add`, { participants: 'x' }],
      ['POST', `/sessions/${session}/groups:join`, { code: 'https://example.invalid/x' }],
    ];
    for (const [method, path, body] of bad) {
      const res = await api(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
    }
  });
});
