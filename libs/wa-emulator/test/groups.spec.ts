import type { GroupParticipant, WAMessage } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deviceAddress } from '../src/server/delivery';
import { GroupError, WaEmulator, type Account, type TestClient } from '../src';
import { linkedClient } from './helpers';

const textOf = (m: { message?: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } | null }) =>
  m.message?.conversation ?? m.message?.extendedTextMessage?.text;

describe('groups', () => {
  let emulator: WaEmulator;
  const clients: TestClient[] = [];

  async function linked(name: string): Promise<{ account: Account; client: TestClient }> {
    const account = emulator.addAccount({ name });
    const client = await linkedClient(emulator, account);
    clients.push(client);
    return { account, client };
  }

  const upsertOf = (client: TestClient, predicate: (m: WAMessage) => boolean) =>
    client.next('messages.upsert', (u) => u.messages.some(predicate)).then((u) => u.messages.find(predicate)!);

  const ids = (ps: GroupParticipant[]) => ps.map((p) => p.id).sort();

  beforeAll(async () => {
    emulator = await WaEmulator.start();
    emulator.trustInThisProcess();
  });

  beforeEach(() => emulator.resetCounters());

  afterAll(async () => {
    for (const c of clients) c.end();
    await emulator.stop();
  });

  it('a Baileys device creates a group with two contacts; both decrypt its messages (sender key), no retry receipt', async () => {
    const { account, client } = await linked('Gateway');
    const carol = emulator.addContact({ name: 'Carol' });
    const dave = emulator.addContact({ name: 'Dave' });
    const upserted = client.next('groups.upsert');
    const meta = await client.sock.groupCreate('Team', [carol.pnJid, dave.pnJid]);

    expect(meta.id).toMatch(/^120363\d+@g\.us$/);
    expect(meta).toMatchObject({ subject: 'Team', owner: account.lidJid, ownerPn: account.pnJid, addressingMode: 'lid', size: 3 });
    expect(ids(meta.participants)).toEqual([account.lidJid, carol.lidJid, dave.lidJid].sort());
    expect(meta.participants.find((p) => p.id === carol.lidJid)).toMatchObject({ phoneNumber: carol.pnJid, admin: null });
    expect(meta.participants.find((p) => p.id === account.lidJid)?.admin).toBe('superadmin');
    const [created] = await upserted; // the `create` notification
    expect(created).toMatchObject({ id: meta.id, subject: 'Team', author: account.lidJid, authorPn: account.pnJid });

    const first = await client.sock.sendMessage(meta.id, { text: 'hello team' });
    for (const c of [carol, dave]) {
      const got = await emulator.contact(c).waitForMessage((m) => m.id === first!.key.id);
      expect(textOf(got)).toBe('hello team');
      expect(got).toMatchObject({ group: meta.id, chatJid: meta.id, sender: `${account.lid}:1@lid`, from: account.phone, encType: 'skmsg' });
    }
    // The second message carries no sender key any more (Baileys' sender-key memory): skmsg alone.
    const second = await client.sock.sendMessage(meta.id, { text: 'and again' });
    for (const c of [carol, dave]) expect(textOf(await emulator.contact(c).waitForMessage((m) => m.id === second!.key.id))).toBe('and again');
    expect(emulator.stats()).toMatchObject({ retryReceipts: 0, nacks: 0, retryReceiptsFromDevices: 0 });
  });

  it("a contact's group message reaches Baileys with the sender; a contact without the sender key asks with a retry receipt", async () => {
    const { account, client } = await linked('Gateway 2');
    const carol = emulator.addContact({ name: 'Carol' });
    const dave = emulator.addContact({ name: 'Dave' });
    const group = emulator.createGroup({ subject: 'Friends', creator: carol, participants: [account, dave] });

    const upsert = upsertOf(client, (m) => m.key.remoteJid === group.jid && textOf(m) === 'hi all');
    const sent = await emulator.contact(carol).sendGroupText(group, 'hi all');
    const m = await upsert;
    expect(m.key).toMatchObject({ remoteJid: group.jid, fromMe: false, participant: carol.lidJid, participantAlt: carol.pnJid, id: sent.id });
    expect(m.pushName).toBe('Carol');
    expect(textOf(await emulator.contact(dave).waitForMessage((x) => x.id === sent.id))).toBe('hi all');
    expect(emulator.contact(dave).inbox.find((x) => x.id === sent.id)).toMatchObject({ group: group.jid, sender: carol.lidJid, from: carol.phone });
    await emulator.waitForDelivered(sent.id); // Baileys' receipt to the group, naming carol
    const next = upsertOf(client, (x) => textOf(x) === 'second from carol');
    await emulator.contact(carol).sendGroupText(group, 'second from carol'); // skmsg only now
    expect((await next).key.participant).toBe(carol.lidJid);

    // Dave loses the Baileys device's sender key: its next group message gets a retry receipt, and
    // Baileys re-sends (to the whole group, sender key included) so that Dave has it once.
    const hello = await client.sock.sendMessage(group.jid, { text: 'from the gateway' });
    await emulator.contact(dave).waitForMessage((x) => x.id === hello!.key.id);
    expect(dave.senderKeys.forget(group.jid, deviceAddress(account, 1))).toBe(true);
    const lost = await client.sock.sendMessage(group.jid, { text: 'needs a retry' });
    const got = await emulator.contact(dave).waitForMessage((x) => x.id === lost!.key.id);
    expect(textOf(got)).toBe('needs a retry');
    expect(emulator.stats()).toMatchObject({ retryReceipts: 1, retriedIds: [lost!.key.id], nacks: 0 });
    expect(emulator.contact(dave).counters.retryReceiptsSent).toBe(1);
  });

  it('add / remove / promote / demote give per-participant results and group-participants.update events', async () => {
    const { account, client } = await linked('Admin');
    const carol = emulator.addContact({ name: 'Carol' });
    const frank = emulator.addContact({ name: 'Frank' });
    const erin = emulator.addContact({ name: 'Erin' });
    emulator.contact(erin).refuseGroupAdds();
    const meta = await client.sock.groupCreate('Ops', [carol.pnJid]);

    const added = client.next('group-participants.update', (u) => u.id === meta.id && u.action === 'add');
    const res = await client.sock.groupParticipantsUpdate(meta.id, [frank.pnJid, erin.pnJid, carol.pnJid, '15559999999@s.whatsapp.net'], 'add');
    expect(res.map((r) => r.status)).toEqual(['200', '403', '409', '404']);
    expect(res[0].jid).toBe(frank.lidJid);
    const addRequest = res[1].content.content as { tag: string; attrs: Record<string, string> }[];
    expect(addRequest[0]).toMatchObject({ tag: 'add_request', attrs: { code: expect.any(String), expiration: expect.any(String) } });
    const ev = await added;
    expect(ev).toMatchObject({ author: account.lidJid, participants: [{ id: frank.lidJid, phoneNumber: frank.pnJid }] });

    // Erin accepts the invite she was sent instead; her own join is an `add`.
    const joined = client.next('group-participants.update', (u) => u.action === 'add' && u.participants.some((p) => p.id === erin.lidJid));
    emulator.contact(erin).groups.acceptInvite(meta.id, addRequest[0].attrs.code);
    expect((await joined).author).toBe(erin.lidJid);

    const promoted = client.next('group-participants.update', (u) => u.action === 'promote');
    expect((await client.sock.groupParticipantsUpdate(meta.id, [frank.pnJid], 'promote')).map((r) => r.status)).toEqual(['200']);
    expect((await promoted).participants.map((p) => p.id)).toEqual([frank.lidJid]);
    // Frank, now an admin, demotes from his phone: a stranger is 404.
    const carolDemoted = client.next('group-participants.update', (u) => u.action === 'demote' && u.author === frank.lidJid);
    expect(emulator.contact(frank).groups.demote(meta.id, [carol, '15559999998']).map((r) => r.code)).toEqual([200, 404]);
    expect((await carolDemoted).participants.map((p) => p.id)).toEqual([carol.lidJid]);
    const demoted = client.next('group-participants.update', (u) => u.action === 'demote' && u.author === account.lidJid);
    await client.sock.groupParticipantsUpdate(meta.id, [frank.pnJid], 'demote');
    expect((await demoted).participants.map((p) => p.id)).toEqual([frank.lidJid]);

    // A plain member may change nothing: 401. A stranger: 403.
    expect(() => emulator.contact(carol).groups.add(meta.id, [emulator.addContact()])).toThrow(expect.objectContaining({ code: 401 }));
    const { client: stranger } = await linked('Stranger');
    await expect(stranger.sock.groupParticipantsUpdate(meta.id, [carol.pnJid], 'remove')).rejects.toMatchObject({ message: 'forbidden', data: 403 });

    const removed = client.next('group-participants.update', (u) => u.action === 'remove');
    expect((await client.sock.groupParticipantsUpdate(meta.id, [frank.pnJid, erin.pnJid], 'remove')).map((r) => r.status)).toEqual(['200', '200']);
    expect(ids((await removed).participants)).toEqual([erin.lidJid, frank.lidJid].sort());
    await expect(emulator.contact(frank).sendGroupText(meta.id, 'still here?')).rejects.toMatchObject({ code: 403 });
    const after = await client.sock.groupMetadata(meta.id);
    expect(ids(after.participants)).toEqual([account.lidJid, carol.lidJid].sort());
    // Members left: Carol made a new sender key; the device gets it with her next message.
    const news = upsertOf(client, (m) => textOf(m) === 'new key' && m.key.participant === carol.lidJid);
    await emulator.contact(carol).sendGroupText(meta.id, 'new key');
    expect((await news).message?.senderKeyDistributionMessage?.groupId).toBe(meta.id);
    // Group receipts name the reader (after the automatic delivery receipt: Baileys folds receipts
    // that come while it still holds its own upsert of the message into that upsert).
    const delivered = client.next('message-receipt.update', (us) => us.some((u) => !!u.receipt.receiptTimestamp));
    const mine = await client.sock.sendMessage(meta.id, { text: 'read me' });
    await delivered;
    const read = client.next('message-receipt.update', (us) => us.some((u) => !!u.receipt.readTimestamp));
    emulator.contact(carol).markRead(account, [mine!.key.id!]);
    expect((await read)[0]).toMatchObject({ key: { id: mine!.key.id, remoteJid: meta.id }, receipt: { userJid: carol.lidJid } });
  });

  it("a contact's subject, description and settings changes reach Baileys as groups.update with the author", async () => {
    const { account, client } = await linked('Member');
    const carol = emulator.addContact({ name: 'Carol' });
    const group = emulator.createGroup({ subject: 'Book club', creator: carol, participants: [account] });
    const carolGroups = emulator.contact(carol).groups;
    const update = (pred: (u: Record<string, unknown>) => boolean) =>
      client.next('groups.update', (us) => us.some((u) => u.id === group.jid && pred(u as Record<string, unknown>))).then((us) => us[0]);

    const subject = update((u) => u.subject === 'Reading club');
    carolGroups.setSubject(group, 'Reading club');
    // (authorPn stays undefined: Baileys rc14 builds the stub key with proto.WebMessageInfo.fromObject,
    // which drops participantAlt; only groups.upsert of a `create` carries it.)
    expect(await subject).toMatchObject({ subject: 'Reading club', author: carol.lidJid });
    const desc = update((u) => u.desc === 'Monthly picks');
    carolGroups.setDescription(group, 'Monthly picks');
    expect(await desc).toMatchObject({ author: carol.lidJid });
    const announce = update((u) => u.announce === true);
    carolGroups.setSetting(group, 'announcement');
    await announce;
    const restrict = update((u) => u.restrict === true);
    carolGroups.setSetting(group, 'locked');
    await restrict;

    const meta = await client.sock.groupMetadata(group.jid);
    expect(meta).toMatchObject({ subject: 'Reading club', subjectOwner: carol.lidJid, desc: 'Monthly picks', descOwner: carol.lidJid, announce: true, restrict: true });
    // Locked: a plain member may not edit the info; the description id protects against stale edits.
    await expect(client.sock.groupUpdateSubject(group.jid, 'Mine now')).rejects.toMatchObject({ data: 401 });
    carolGroups.setSetting(group, 'unlocked');
    await client.sock.groupUpdateSubject(group.jid, 'Mine now');
    await client.sock.groupUpdateDescription(group.jid, 'new text');
    expect(emulator.group(group.jid)).toMatchObject({ subject: 'Mine now', description: { text: 'new text' } });
    await expect(client.sock.groupSettingUpdate(group.jid, 'not_announcement')).rejects.toMatchObject({ data: 401 });
  });

  it('invite code get / revoke, info and join by code, leave', async () => {
    const { account: a, client: admin } = await linked('Host');
    const { account: b, client: guest } = await linked('Guest');
    const carol = emulator.addContact({ name: 'Carol' });
    const meta = await admin.sock.groupCreate('Party', [carol.pnJid]);
    const code = await admin.sock.groupInviteCode(meta.id);
    expect(code).toBe(emulator.group(meta.id).inviteCode);

    expect(await guest.sock.groupGetInviteInfo(code!)).toMatchObject({ id: meta.id, subject: 'Party', size: 2 });
    const joined = admin.next('group-participants.update', (u) => u.action === 'add');
    expect(await guest.sock.groupAcceptInvite(code!)).toBe(meta.id);
    const join = await joined; // a join by link names no author
    expect(join.author).toBeFalsy();
    expect(join.participants).toMatchObject([{ id: b.lidJid, phoneNumber: b.pnJid }]);
    await expect(guest.sock.groupInviteCode(meta.id)).rejects.toMatchObject({ data: 401 });

    // Account to account through the group: the guest's device decrypts the host's sender key.
    const hello = upsertOf(guest, (m) => textOf(m) === 'welcome');
    await admin.sock.sendMessage(meta.id, { text: 'welcome' });
    // (the stanza names `<lid>:1@lid`; Baileys' cleanMessage normalizes the key's participant)
    expect((await hello).key).toMatchObject({ remoteJid: meta.id, participant: a.lidJid, fromMe: false });

    const revoked = admin.next('groups.update', (us) => us.some((u) => !!u.inviteCode));
    const fresh = await admin.sock.groupRevokeInvite(meta.id);
    expect(fresh).not.toBe(code);
    expect((await revoked)[0]).toMatchObject({ id: meta.id, inviteCode: fresh, author: a.lidJid });
    await expect(guest.sock.groupGetInviteInfo(code!)).rejects.toMatchObject({ data: 410 });
    await expect(guest.sock.groupAcceptInvite('nonsense')).rejects.toMatchObject({ data: 406 });

    const left = admin.next('group-participants.update', (u) => u.action === 'remove');
    const guestSees = guest.next('group-participants.update', (u) => u.action === 'remove');
    await guest.sock.groupLeave(meta.id);
    expect(await left).toMatchObject({ author: b.lidJid, participants: [{ id: b.lidJid }] });
    await guestSees;
    const carolLeft = admin.next('group-participants.update', (u) => u.action === 'remove' && u.author === carol.lidJid);
    emulator.contact(carol).groups.leave(meta.id);
    await carolLeft;
    expect(ids((await admin.sock.groupMetadata(meta.id)).participants)).toEqual([a.lidJid]);
    expect(Object.keys(await admin.sock.groupFetchAllParticipating())).toContain(meta.id);
    expect(Object.keys(await guest.sock.groupFetchAllParticipating())).not.toContain(meta.id);
  });

  it("announcement groups: the server refuses a non-admin's message (ack error 403), nobody gets it", async () => {
    const { account, client } = await linked('Reader');
    const carol = emulator.addContact({ name: 'Carol' });
    const dave = emulator.addContact({ name: 'Dave' });
    const group = emulator.createGroup({ subject: 'News', creator: carol, participants: [account, dave], announce: true });
    expect((await client.sock.groupMetadata(group.jid)).announce).toBe(true);

    // Baileys turns an ack with `error` into status ERROR (0); the ack comes before Baileys emits its
    // own (held back) upsert of the message, so the error shows in that upsert.
    const failed = upsertOf(client, (m) => !!m.key.fromMe && m.key.remoteJid === group.jid && m.status === 0);
    const sent = await client.sock.sendMessage(group.jid, { text: 'may I?' });
    expect(await failed).toMatchObject({ key: { id: sent!.key.id }, messageStubParameters: ['403'] });
    await expect(emulator.contact(dave).sendGroupText(group, 'me neither')).rejects.toBeInstanceOf(GroupError);
    // The admin still posts; once open again, members do too.
    const news = upsertOf(client, (m) => textOf(m) === 'official');
    await emulator.contact(carol).sendGroupText(group, 'official');
    await news;
    emulator.contact(carol).groups.setSetting(group, 'not_announcement');
    const ok = await client.sock.sendMessage(group.jid, { text: 'thanks' });
    await emulator.contact(carol).waitForMessage((m) => m.id === ok!.key.id);
    expect(emulator.contact(carol).inbox.some((m) => m.id === sent!.key.id)).toBe(false);
    expect(emulator.contact(dave).inbox.some((m) => m.id === sent!.key.id)).toBe(false);
  });

  it('a device that lost a contact\'s sender key asks with a retry receipt; the contact re-sends it pairwise, emitted once', async () => {
    const { account, client } = await linked('Forgetful');
    const carol = emulator.addContact({ name: 'Carol' });
    const group = emulator.createGroup({ subject: 'Retry', creator: carol, participants: [account] });
    const upserts: WAMessage[] = [];
    client.sock.ev.on('messages.upsert', (u) => upserts.push(...u.messages));
    const first = await emulator.contact(carol).sendGroupText(group, 'one');
    await emulator.waitForDelivered(first.id);
    const keys = client.auth.store.get('sender-key')!;
    const carolKeys = [...keys.keys()].filter((k) => k.startsWith(`${group.jid}::${carol.lid}_1::`));
    expect(carolKeys).toHaveLength(1);
    keys.delete(carolKeys[0]);

    const second = await emulator.contact(carol).sendGroupText(group, 'two'); // skmsg only: the device cannot read it
    await emulator.waitForDelivered(second.id);
    expect(emulator.stats()).toMatchObject({ retryReceiptsFromDevices: 1, deviceRetriedIds: [second.id], contactResends: 1 });
    expect(upserts.filter((m) => m.key.id === second.id && textOf(m) === 'two')).toHaveLength(1);
    const third = upsertOf(client, (m) => textOf(m) === 'three');
    await emulator.contact(carol).sendGroupText(group, 'three'); // the key sent with the re-send works on
    await third;
    expect(emulator.stats().retryReceiptsFromDevices).toBe(1);
  });
});
