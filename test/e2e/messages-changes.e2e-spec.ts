import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Contact, WaEmulator } from '../../libs/wa-emulator/src';
import type { GatewayClient, Schemas } from '../../libs/client/src';
import type { TestApp } from '../support/app';
import { eventually } from '../support/emulator';
import { LinkedGateway, startLinkedGateway } from '../support/linked-gateway';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(1500, 9)]);

/**
 * What contacts do to messages after sending them: delete for everyone, edit, react, vote in polls.
 * Each change must reach the stored message (GET .../messages/{id}) and be recorded as an event.
 */
describe('changes contacts make to messages', () => {
  let linked: LinkedGateway;
  let t: TestApp;
  let emulator: WaEmulator;
  let gw: GatewayClient; // send + manage
  let session: string;
  let account: Account;

  beforeAll(async () => {
    linked = await startLinkedGateway({ org: 'org-changes', sessionName: 'changes-line', env: { SEND_WAIT_MS: '3000', OUTBOUND_POLL_MS: '200' } });
    ({ t, emulator, session, account } = linked);
    gw = linked.clients.manage;
  }, 60_000);
  afterAll(() => linked?.close());

  const get = async (id: string) => {
    const r = await gw.GET('/api/v1/sessions/{session}/messages/{id}', { params: { path: { session, id } } });
    expect(r.response.status, JSON.stringify(r.error)).toBe(200);
    return r.data!;
  };
  const media = (id: string) => gw.GET('/api/v1/sessions/{session}/messages/{id}/media', { params: { path: { session, id } }, parseAs: 'arrayBuffer' });
  const chatMessages = async (jid: string) => (await gw.GET('/api/v1/sessions/{session}/chats/{jid}/messages', { params: { path: { session, jid } } })).data!;
  /** The gateway id of a message once stored (by its WhatsApp id). */
  const stored = (waMessageId: string) =>
    eventually(async () => {
      const rows: { id: string }[] = await t.dataSource.query('SELECT id FROM messages WHERE session_id = $1 AND wa_message_id = $2', [session, waMessageId]);
      return rows[0]?.id;
    }, 15_000, `message ${waMessageId} stored`);
  const until = <T>(what: string, fn: () => Promise<T | undefined | false | null>) => eventually(fn, 15_000, what);
  const events = async (type: string, id: string) => (await linked.events(type)).filter((e) => e.id === id);
  const send = (to: Contact, body: Omit<Schemas['SendMessageDto'], 'to'>) =>
    gw.POST('/api/v1/sessions/{session}/messages', { params: { path: { session } }, body: { to: to.phone, ...body } });
  const pn = (c: Contact) => `${c.phone}@s.whatsapp.net`;

  it('applies a delete for everyone: row kept, content gone from the API and the store, message.revoked, media 410 gone', async () => {
    const dave = emulator.addContact({ name: 'Dave' });
    const c = emulator.contact(dave);
    const text = await c.sendText(account, 'my bank PIN is 1234');
    const image = await c.sendImage(account, { data: PNG, mimetype: 'image/png', caption: 'private pic' });
    const textId = await stored(text.id);
    const imageId = await stored(image.id);
    // The media is served while the message exists.
    expect((await media(imageId)).response.status).toBe(200);

    await c.revoke(account, text.id);
    await c.revoke(account, image.id);
    const revoked = await until('the text revoked', async () => ((await get(textId)).revokedAt ? get(textId) : undefined));
    const revokedImage = await until('the image revoked', async () => ((await get(imageId)).revokedAt ? get(imageId) : undefined));

    expect(revoked).toMatchObject({ id: textId, waMessageId: text.id, type: 'text', text: null, media: null, fromMe: false, sender: { phoneJid: pn(dave) } });
    expect(revokedImage).toMatchObject({ id: imageId, type: 'image', text: null, media: null });
    // The row stays (ids, sender, time, revokedAt); its content and engine record are dropped.
    const rows = await t.dataSource.query('SELECT text, media, raw, revoked_at FROM messages WHERE id = ANY($1) ORDER BY id', [[textId, imageId]]);
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toMatchObject({ text: null, media: null, raw: null, revoked_at: expect.any(Date) });
    // Listed in the chat too, without content.
    const page = await chatMessages(pn(dave));
    expect(page.items.map((m) => [m.waMessageId, m.text, Boolean(m.revokedAt)])).toEqual([
      [image.id, null, true],
      [text.id, null, true],
    ]);

    const [event] = await events('message.revoked', textId);
    expect(event).toMatchObject({ id: textId, chatJid: pn(dave), waMessageId: text.id, fromMe: false, revokedAt: revoked.revokedAt });
    expect(await events('message.revoked', imageId)).toHaveLength(1);

    const gone = await media(imageId);
    expect(gone.response.status).toBe(410);
    expect(gone.error?.error.code).toBe('gone');

    // Delivered again (e.g. after a reconnect): nothing changes, no second event.
    await c.revoke(account, text.id);
    const marker = await c.sendText(account, 'after the second revoke');
    await stored(marker.id);
    expect(await events('message.revoked', textId)).toHaveLength(1);
  });

  it('ignores a revoke by anyone but the sender, and applies the sender’s own', async () => {
    const carol = emulator.addContact({ name: 'Carol' });
    const mallory = emulator.addContact({ name: 'Mallory' });
    const carolMsg = await emulator.contact(carol).sendText(account, 'carol wrote this');
    const carolId = await stored(carolMsg.id);
    const mineSent = await send(carol, { type: 'text', text: 'the session wrote this' });
    expect(mineSent.response.status).toBe(201);
    const mine = mineSent.data!;

    // Mallory names Carol's message (in her own chat); Carol names the session's message.
    await emulator.contact(mallory).revoke(account, carolMsg.id);
    await emulator.contact(carol).revoke(account, mine.waMessageId, { own: false });
    const marker = await emulator.contact(carol).sendText(account, 'marker');
    await stored(marker.id);
    expect(await get(carolId)).toMatchObject({ text: 'carol wrote this', revokedAt: null });
    expect(await get(mine.id)).toMatchObject({ text: 'the session wrote this', revokedAt: null });
    expect(await events('message.revoked', carolId)).toEqual([]);
    expect(await events('message.revoked', mine.id)).toEqual([]);

    // The sender herself may.
    await emulator.contact(carol).revoke(account, carolMsg.id);
    await until('carol’s own revoke applied', async () => (await get(carolId)).revokedAt);
    expect(await events('message.revoked', carolId)).toHaveLength(1);
  });

  it('applies an edit: new text and caption, editedAt, message.edited with old and new text; others cannot edit', async () => {
    const erin = emulator.addContact({ name: 'Erin' });
    const c = emulator.contact(erin);
    const msg = await c.sendText(account, 'see you at 5');
    const id = await stored(msg.id);
    const pic = await c.sendImage(account, { data: PNG, mimetype: 'image/png', caption: 'teh view' });
    const picId = await stored(pic.id);

    await c.edit(account, msg.id, 'see you at 6');
    const edited = await until('the edit applied', async () => {
      const m = await get(id);
      return m.editedAt ? m : undefined;
    });
    expect(edited).toMatchObject({ text: 'see you at 6', type: 'text', revokedAt: null });
    expect(Date.parse(edited.editedAt!)).toBeGreaterThan(0);
    expect(await events('message.edited', id)).toEqual([
      expect.objectContaining({ id, chatJid: pn(erin), waMessageId: msg.id, oldText: 'see you at 5', newText: 'see you at 6', editedAt: edited.editedAt }),
    ]);

    await c.edit(account, pic.id, 'the view', { caption: true });
    const editedPic = await until('the caption edit applied', async () => {
      const m = await get(picId);
      return m.editedAt ? m : undefined;
    });
    expect(editedPic).toMatchObject({ text: 'the view', media: { caption: 'the view', mimetype: 'image/png' } });
    expect(await events('message.edited', picId)).toEqual([expect.objectContaining({ oldText: 'teh view', newText: 'the view' })]);

    // Someone else's edit of Erin's message, and Erin's edit of the session's message: ignored.
    const other = emulator.addContact({ name: 'Other' });
    await emulator.contact(other).edit(account, msg.id, 'hijacked');
    const mine = (await send(erin, { type: 'text', text: 'session text' })).data!;
    await c.edit(account, mine.waMessageId, 'rewritten by erin', { own: false });
    const marker = await c.sendText(account, 'marker');
    await stored(marker.id);
    expect((await get(id)).text).toBe('see you at 6');
    expect(await get(mine.id)).toMatchObject({ text: 'session text', editedAt: null });
    expect(await events('message.edited', id)).toHaveLength(1);
    expect(await events('message.edited', mine.id)).toEqual([]);
  });

  it('attaches reactions to the message they target, one per reactor; an empty emoji removes one', async () => {
    const frank = emulator.addContact({ name: 'Frank' });
    const c = emulator.contact(frank);
    const sentReply = await send(frank, { type: 'text', text: 'lunch?' });
    expect(sentReply.response.status).toBe(201);
    const sent = sentReply.data!;
    const theirs = await c.sendText(account, 'sure');
    const theirsId = await stored(theirs.id);

    // Frank reacts to the session's message and to his own.
    await c.react(account, sent.waMessageId, '👍');
    await c.react(account, theirs.id, '🍕', { fromMe: false });
    const onSent = await until('reaction on the sent message', async () => {
      const m = await get(sent.id);
      return m.reactions.length ? m : undefined;
    });
    expect(onSent.reactions).toEqual([{ emoji: '👍', fromMe: false, jid: pn(frank), at: expect.any(String) }]);
    await until('reaction on the received message', async () => (await get(theirsId)).reactions.length === 1);

    // The session reacts to Frank's message too: two reactors.
    const mineReact = await send(frank, { type: 'reaction', reaction: { messageId: theirsId, emoji: '😋' } });
    expect(mineReact.response.status).toBe(201);
    const both = await until('two reactions', async () => {
      const m = await get(theirsId);
      return m.reactions.length === 2 ? m : undefined;
    });
    expect(both.reactions).toEqual(
      expect.arrayContaining([
        { emoji: '🍕', fromMe: false, jid: pn(frank), at: expect.any(String) },
        { emoji: '😋', fromMe: true, jid: `${account.phone}@s.whatsapp.net`, at: expect.any(String) },
      ]),
    );

    // Frank changes his reaction (still one), then removes it.
    await c.react(account, sent.waMessageId, '❤️');
    await until('changed reaction', async () => (await get(sent.id)).reactions[0]?.emoji === '❤️');
    expect((await get(sent.id)).reactions).toHaveLength(1);
    await c.react(account, sent.waMessageId, '');
    await until('reaction removed', async () => (await get(sent.id)).reactions.length === 0);

    const evs = await events('message.reaction', sent.id);
    expect(evs.map((e: any) => [e.reaction.emoji, e.previousEmoji, e.reaction.jid, e.reactions.length])).toEqual([
      ['👍', null, pn(frank), 1],
      ['❤️', '👍', pn(frank), 1],
      ['', '❤️', pn(frank), 0],
    ]);
    expect(evs[0]).toMatchObject({ id: sent.id, chatJid: pn(frank), waMessageId: sent.waMessageId, reaction: { fromMe: false } });
    expect((await events('message.reaction', theirsId)).map((e: any) => [e.reaction.emoji, e.reaction.fromMe])).toEqual([
      ['🍕', false],
      ['😋', true],
    ]);
  });

  it('tallies votes in a poll the session sent (decrypted with the poll’s secret); poll.vote', async () => {
    const grace = emulator.addContact({ name: 'Grace' });
    const heidi = emulator.addContact({ name: 'Heidi' });
    const ask = async (to: Contact) => {
      const r = await send(to, { type: 'poll', poll: { name: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'], selectableCount: 2 } });
      expect(r.response.status, JSON.stringify(r.error)).toBe(201);
      const poll = r.data!;
      const got = await emulator.contact(to).waitForMessage((m) => m.id === poll.waMessageId);
      return { poll, got };
    };
    const g = await ask(grace);
    expect((await get(g.poll.id)).poll).toEqual({
      name: 'Lunch?',
      options: ['Pizza', 'Sushi', 'Salad'],
      selectableCount: 2,
      results: [
        { option: 'Pizza', count: 0, voters: [] },
        { option: 'Sushi', count: 0, voters: [] },
        { option: 'Salad', count: 0, voters: [] },
      ],
    });

    await emulator.contact(grace).votePoll(account, g.got, ['Sushi', 'Salad']);
    const voted = await until('the vote tallied', async () => {
      const m = await get(g.poll.id);
      return m.poll!.results.some((r) => r.count) ? m : undefined;
    });
    expect(voted.poll!.results).toEqual([
      { option: 'Pizza', count: 0, voters: [] },
      { option: 'Sushi', count: 1, voters: [pn(grace)] },
      { option: 'Salad', count: 1, voters: [pn(grace)] },
    ]);
    // Votes are not messages of their own.
    expect((await chatMessages(pn(grace))).items.map((m) => m.type)).toEqual(['poll']);

    // Grace changes her mind: her vote is replaced, not added.
    await emulator.contact(grace).votePoll(account, g.got, ['Pizza']);
    const changed = await until('the changed vote', async () => {
      const m = await get(g.poll.id);
      return m.poll!.results[0].count === 1 ? m : undefined;
    });
    expect(changed.poll!.results.map((r) => r.count)).toEqual([1, 0, 0]);

    const evs = await events('poll.vote', g.poll.id);
    expect(evs).toHaveLength(2);
    expect(evs[0]).toMatchObject({ id: g.poll.id, chatJid: pn(grace), waMessageId: g.poll.waMessageId, vote: { jid: pn(grace), fromMe: false, options: ['Sushi', 'Salad'] } });
    expect(evs[1]).toMatchObject({ vote: { options: ['Pizza'] }, results: [{ option: 'Pizza', count: 1, voters: [pn(grace)] }, { option: 'Sushi', count: 0 }, { option: 'Salad', count: 0 }] });

    // A vote sealed with the LID forms of creator and voter decrypts as well.
    const hv = await ask(heidi);
    await emulator.contact(heidi).votePoll(account, hv.got, ['Salad'], { jids: 'lid' });
    await until('the LID-form vote tallied', async () => (await get(hv.poll.id)).poll!.results[2].count === 1);
    expect((await get(hv.poll.id)).poll!.results[2].voters).toEqual([pn(heidi)]);

    // Heidi replays her vote into Grace's poll (another chat): ignored.
    await emulator.contact(heidi).votePoll(account, { ...g.got, id: g.poll.waMessageId }, ['Sushi']);
    const marker = await emulator.contact(heidi).sendText(account, 'marker');
    await stored(marker.id);
    expect((await get(g.poll.id)).poll!.results.map((r) => r.count)).toEqual([1, 0, 0]);
  });
});
