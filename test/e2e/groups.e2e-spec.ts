import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Contact, WaEmulator } from '../../libs/wa-emulator/src';
import type { ErrorEnvelope, GatewayClient, Schemas } from '../../libs/client/src';
import type { TestApp } from '../support/app';
import { eventually, linkSessionByQr } from '../support/emulator';
import { LinkedGateway, startLinkedGateway } from '../support/linked-gateway';

/**
 * Groups through the API against the emulator: a session creates a group with contacts, sends
 * every message type to it (each contact decrypts it with the session's sender key), receives a
 * contact's group message with its sender, changes members and settings, reads and revokes the
 * invitation, another session joins by code and leaves; changes made by another member reach the
 * store and the events. Capabilities (`send` reads and messages, `manage` changes) and
 * organizations (another one's session is a 404 everywhere) are enforced.
 */
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(600, 7)]);

/** What every typed call answers, as far as these checks need it. */
type Answer = { response: Response; error?: ErrorEnvelope };

describe('groups', () => {
  let linked: LinkedGateway;
  let t: TestApp;
  let emulator: WaEmulator;
  let manage: GatewayClient; // send + manage
  let reader: GatewayClient; // send only
  let admin: GatewayClient; // manage only
  let stranger: GatewayClient; // another organization, every capability
  let session: string;
  let account: Account;
  let ana: Contact;
  let ben: Contact;
  let refuser: Contact;

  const events = (type: string) => linked.events(type);
  const onSession = (s = session) => ({ params: { path: { session: s } } });
  const inGroup = (jid = group, s = session) => ({ params: { path: { session: s, jid } } });
  const getGroup = async (client = manage, s = session) => (await client.GET('/api/v1/sessions/{session}/groups/{jid}', inGroup(group, s))).data!;

  beforeAll(async () => {
    linked = await startLinkedGateway({ org: 'org-groups', strangerOrg: 'org-other', sessionName: 'groups' });
    ({ t, emulator, session, account } = linked);
    ({ manage, reader, admin, stranger } = linked.clients);
    ana = emulator.addContact({ name: 'Ana' });
    ben = emulator.addContact({ name: 'Ben' });
    refuser = emulator.addContact({ name: 'Private person' });
    emulator.contact(refuser).refuseGroupAdds();
  }, 60_000);
  afterAll(() => linked?.close());

  let group: string;

  it('creates a group: per-participant results, stored, listed, group.joined', async () => {
    // Through the typed client (libs/client), as a team's own frontend would call it.
    const answer = await manage.POST('/api/v1/sessions/{session}/groups', {
      ...onSession(),
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

    const got = await reader.GET('/api/v1/sessions/{session}/groups/{jid}', inGroup());
    expect(got.data).toMatchObject({ jid: group, subject: 'Demo Team', size: 3 });
    const list = await reader.GET('/api/v1/sessions/{session}/groups', onSession());
    expect(list.data!.items.map((g) => g.jid)).toEqual([group]);
    await eventually(async () => (await events('group.joined')).some((e: any) => e.jid === group), 10_000, 'group.joined');
    expect((await events('group.joined')).filter((e: any) => e.jid === group)).toHaveLength(1);
  });

  it('sends every message type to the group; each contact decrypts each once, no retry receipt, metadata from the store', async () => {
    const queriesBefore = emulator.group(group).metadataQueries;
    const send = (body: Omit<Schemas['SendMessageDto'], 'to'>) => reader.POST('/api/v1/sessions/{session}/messages', { ...onSession(), body: { to: group, ...body } });
    const first = await send({ type: 'text', text: `hello @${ana.phone}`, mentions: [ana.phone] });
    expect(first.response.status, JSON.stringify(first.error)).toBe(201);
    const firstId = first.data!.id;
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
      await send({ type: 'reaction', reaction: { messageId: firstId, emoji: '👍' } }),
      await send({ type: 'text', text: 'a reply', replyTo: firstId }),
    ];
    for (const s of sent) expect(s.response.status, JSON.stringify(s.error)).toBe(201);
    const waIds = sent.map((s) => s.data!.waMessageId);
    const fields = ['extendedTextMessage', 'imageMessage', 'videoMessage', 'audioMessage', 'documentMessage', 'stickerMessage', 'locationMessage', 'contactMessage', 'pollCreationMessage', 'reactionMessage', 'extendedTextMessage'];
    for (const c of [ana, ben]) {
      for (const [i, waId] of waIds.entries()) {
        const got = await emulator.contact(c).waitForMessage((m) => m.id === waId);
        expect(got.group).toBe(group);
        expect(Object.keys(got.message).some((k) => k.startsWith(fields[i])), `message ${i}: ${Object.keys(got.message).join()}`).toBe(true);
        expect(emulator.contact(c).inbox.filter((m) => m.id === waId)).toHaveLength(1);
      }
    }
    const mention = emulator.contact(ana).inbox.find((m) => m.id === waIds[0])!;
    expect(mention.message.extendedTextMessage?.contextInfo?.mentionedJid).toEqual([ana.pnJid]);
    expect(emulator.contact(ben).inbox.find((m) => m.id === waIds[10])!.message.extendedTextMessage?.contextInfo?.stanzaId).toBe(waIds[0]);
    expect(emulator.stats()).toMatchObject({ retryReceipts: 0, nacks: 0 });
    // Baileys took the members from the store (cachedGroupMetadata): no metadata query per send.
    expect(emulator.group(group).metadataQueries - queriesBefore).toBe(0);
    // The members' receipts move the message on: delivered once a member's device has it, read once one read it.
    const statusOf = async () => (await reader.GET('/api/v1/sessions/{session}/messages/{id}', { params: { path: { session, id: firstId } } })).data?.status;
    await eventually(async () => (await statusOf()) === 'delivered', 15_000, 'the group message delivered');
    emulator.contact(ana).markRead(account, [waIds[0]]);
    await eventually(async () => (await statusOf()) === 'read', 15_000, 'the group message read');
  });

  it("stores a contact's group message with its sender (phone number and LID) and name; the chat shows the subject", async () => {
    const msg = await emulator.contact(ana).sendGroupText(group, 'hi all');
    const stored = await eventually(async () => {
      const rows = await reader.GET('/api/v1/sessions/{session}/chats/{jid}/messages', inGroup());
      return rows.data?.items?.find((m) => m.waMessageId === msg.id);
    }, 15_000, 'the group message stored');
    expect(stored).toMatchObject({ chatJid: group, fromMe: false, text: 'hi all', sender: { phoneJid: ana.pnJid, lid: ana.lidJid, pushName: 'Ana' } });
    const chats = await reader.GET('/api/v1/sessions/{session}/chats', onSession());
    expect(chats.data!.items.find((c) => c.jid === group)).toMatchObject({ name: 'Demo Team' });
  });

  it('adds, removes, promotes and demotes with per-participant results; group.participants events', async () => {
    const carl = emulator.addContact({ name: 'Carl' });
    const add = await manage.POST('/api/v1/sessions/{session}/groups/{jid}/participants:add', { ...inGroup(), body: { participants: [carl.phone, ana.phone, refuser.phone] } });
    expect(add.response.status).toBe(200);
    expect(add.data!.participants.map((p) => p.result)).toEqual(['done', 'already_member', 'invite_required']);
    expect(add.data!.group.size).toBe(4);
    const promote = await manage.POST('/api/v1/sessions/{session}/groups/{jid}/participants:promote', { ...inGroup(), body: { participants: [carl.pnJid] } });
    expect(promote.data!.participants.map((p) => p.result)).toEqual(['done']);
    expect(promote.data!.group.participants.find((p) => p.phoneNumber === carl.pnJid)!.role).toBe('admin');
    const demote = await manage.POST('/api/v1/sessions/{session}/groups/{jid}/participants:demote', { ...inGroup(), body: { participants: [carl.lidJid] } });
    expect(demote.data!.group.participants.find((p) => p.phoneNumber === carl.pnJid)!.role).toBe('member');
    const remove = await manage.POST('/api/v1/sessions/{session}/groups/{jid}/participants:remove', { ...inGroup(), body: { participants: [carl.phone] } });
    expect(remove.data!.participants.map((p) => p.result)).toEqual(['done']);
    expect(remove.data!.group.size).toBe(3);
    await eventually(async () => (await events('group.participants')).filter((e: any) => e.jid === group).length >= 4, 10_000, 'group.participants events');
    const actions = (await events('group.participants')).filter((e: any) => e.jid === group).map((e: any) => e.action);
    expect(actions).toEqual(['add', 'promote', 'demote', 'remove']);
  });

  it('changes made here and by another member reach the store and the events (what changed, by whom)', async () => {
    const patched = await manage.PATCH('/api/v1/sessions/{session}/groups/{jid}', { ...inGroup(), body: { subject: 'Demo Team 2', announce: true } });
    expect(patched.response.status).toBe(200);
    expect(patched.data).toMatchObject({ subject: 'Demo Team 2', announce: true });
    // Ana becomes an admin and changes the subject and settings from her phone.
    await manage.POST('/api/v1/sessions/{session}/groups/{jid}/participants:promote', { ...inGroup(), body: { participants: [ana.phone] } });
    emulator.contact(ana).groups.setSubject(group, 'Ana’s team');
    emulator.contact(ana).groups.setSetting(group, 'locked');
    let last: unknown;
    const stored = await eventually(async () => {
      const g = await getGroup(reader);
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
    const invite = await manage.GET('/api/v1/sessions/{session}/groups/{jid}/invite', inGroup());
    expect(invite.response.status).toBe(200);
    expect(invite.data!.link).toBe(`https://chat.whatsapp.com/${invite.data!.code}`);
    const revoked = await manage.POST('/api/v1/sessions/{session}/groups/{jid}/invite:revoke', inGroup());
    expect(revoked.data!.code).not.toBe(invite.data!.code);

    const { id: other } = await linkSessionByQr(t, emulator, linked.keys.manage, 'joiner');
    const join = (code: string) => manage.POST('/api/v1/sessions/{session}/groups:join', { ...onSession(other), body: { code } });
    const stale = await join(invite.data!.link);
    expect(stale.response.status).toBeGreaterThanOrEqual(400);
    const joined = await join(revoked.data!.link);
    expect(joined.response.status, JSON.stringify(joined.error)).toBe(200);
    expect(joined.data).toMatchObject({ jid: group, member: true });
    await eventually(async () => (await getGroup()).size === 4, 10_000, 'the joiner in the first session’s store');

    const left = await manage.POST('/api/v1/sessions/{session}/groups/{jid}:leave', inGroup(group, other));
    expect(left.response.status).toBe(200);
    expect(left.data!.member).toBe(false);
    expect((await manage.GET('/api/v1/sessions/{session}/groups', onSession(other))).data!.items.map((g) => g.jid)).not.toContain(group);
    const otherLeft = (await t.dataSource.query("SELECT data FROM events WHERE session_id = $1 AND type = 'group.left'", [other])) as unknown[];
    expect(otherLeft).toHaveLength(1);
    await eventually(async () => (await getGroup()).size === 3, 10_000, 'the leaver gone from the first session’s store');
  });

  it('capabilities: `send` reads, `manage` changes', async () => {
    expect((await reader.POST('/api/v1/sessions/{session}/groups', { ...onSession(), body: { subject: 'x', participants: [ana.phone] } })).response.status).toBe(403);
    expect((await reader.PATCH('/api/v1/sessions/{session}/groups/{jid}', { ...inGroup(), body: { subject: 'x' } })).response.status).toBe(403);
    expect((await reader.GET('/api/v1/sessions/{session}/groups/{jid}/invite', inGroup())).response.status).toBe(403);
    expect((await admin.GET('/api/v1/sessions/{session}/groups', onSession())).response.status).toBe(403);
    expect((await admin.GET('/api/v1/sessions/{session}/groups/{jid}', inGroup())).response.status).toBe(403);
  });

  it("another organization's session is a 404 on every group route", async () => {
    const participants = { participants: [ana.phone] };
    const routes: [string, () => Promise<Answer>][] = [
      ['GET /groups', () => stranger.GET('/api/v1/sessions/{session}/groups', onSession())],
      ['POST /groups', () => stranger.POST('/api/v1/sessions/{session}/groups', { ...onSession(), body: { subject: 'x', participants: [ana.phone] } })],
      ['GET /groups/{jid}', () => stranger.GET('/api/v1/sessions/{session}/groups/{jid}', inGroup())],
      ['PATCH /groups/{jid}', () => stranger.PATCH('/api/v1/sessions/{session}/groups/{jid}', { ...inGroup(), body: { subject: 'x' } })],
      ['POST participants:add', () => stranger.POST('/api/v1/sessions/{session}/groups/{jid}/participants:add', { ...inGroup(), body: participants })],
      ['POST participants:remove', () => stranger.POST('/api/v1/sessions/{session}/groups/{jid}/participants:remove', { ...inGroup(), body: participants })],
      ['POST participants:promote', () => stranger.POST('/api/v1/sessions/{session}/groups/{jid}/participants:promote', { ...inGroup(), body: participants })],
      ['POST participants:demote', () => stranger.POST('/api/v1/sessions/{session}/groups/{jid}/participants:demote', { ...inGroup(), body: participants })],
      ['GET /invite', () => stranger.GET('/api/v1/sessions/{session}/groups/{jid}/invite', inGroup())],
      ['POST invite:revoke', () => stranger.POST('/api/v1/sessions/{session}/groups/{jid}/invite:revoke', inGroup())],
      ['POST groups:join', () => stranger.POST('/api/v1/sessions/{session}/groups:join', { ...onSession(), body: { code: 'AbCdEfGhIjKl' } })],
      ['POST /groups/{jid}:leave', () => stranger.POST('/api/v1/sessions/{session}/groups/{jid}:leave', inGroup())],
    ];
    for (const [route, call] of routes) {
      const res = await call();
      expect(res.response.status, route).toBe(404);
      expect(res.error?.error.code, route).toBe('not_found');
    }
    // And nothing changed: still a member, same subject.
    expect(await getGroup()).toMatchObject({ member: true, subject: 'Ana’s team' });
  });

  it('refuses bad input with 400 and says why', async () => {
    const expectInvalid = (res: { status: number; code?: string }, what: string) => {
      expect(res.status, what).toBe(400);
      expect(res.code, what).toBe('validation_error');
    };
    // Well-formed requests (the typed client builds them) whose values are refused.
    const typed: [string, () => Promise<Answer>][] = [
      ['GET /groups/not-a-group', () => manage.GET('/api/v1/sessions/{session}/groups/{jid}', inGroup('not-a-group'))],
      ['GET /groups/<a phone JID>', () => manage.GET('/api/v1/sessions/{session}/groups/{jid}', inGroup('15551234567@s.whatsapp.net'))],
      ['POST /groups empty subject', () => manage.POST('/api/v1/sessions/{session}/groups', { ...onSession(), body: { subject: '', participants: [ana.phone] } })],
      ['POST /groups no participants', () => manage.POST('/api/v1/sessions/{session}/groups', { ...onSession(), body: { subject: 'x', participants: [] } })],
      ['POST /groups a group as participant', () => manage.POST('/api/v1/sessions/{session}/groups', { ...onSession(), body: { subject: 'x', participants: [group] } })],
      ['POST /groups subject too long', () => manage.POST('/api/v1/sessions/{session}/groups', { ...onSession(), body: { subject: 'x'.repeat(101), participants: [ana.phone] } })],
      ['PATCH /groups/{jid} {}', () => manage.PATCH('/api/v1/sessions/{session}/groups/{jid}', { ...inGroup(), body: {} })],
      ['POST participants:add short number', () => manage.POST('/api/v1/sessions/{session}/groups/{jid}/participants:add', { ...inGroup(), body: { participants: ['12'] } })],
      ['POST groups:join foreign link', () => manage.POST('/api/v1/sessions/{session}/groups:join', { ...onSession(), body: { code: 'https://example.invalid/x' } })],
    ];
    for (const [what, call] of typed) {
      const res = await call();
      expectInvalid({ status: res.response.status, code: res.error?.error.code }, what);
    }
    // Malformed ones (wrong types) only a raw request can send.
    const malformed: [string, string, unknown?][] = [
      ['GET', `/sessions/${session}/groups?refresh=maybe`],
      ['PATCH', `/sessions/${session}/groups/${group}`, { announce: 'yes' }],
      ['POST', `/sessions/${session}/groups/${group}/participants:add`, { participants: 'x' }],
    ];
    for (const [method, path, body] of malformed) {
      const res = await linked.raw(method, path, body);
      expectInvalid({ status: res.status, code: res.body?.error?.code }, `${method} ${path} ${JSON.stringify(body)}`);
    }
  });
});
