import { downloadMediaMessage, type WAMessage } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaEmulator, type Account, type Contact, type TestClient } from '../src';
import { linkedClient } from './helpers';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('messages through the emulator', () => {
  let emulator: WaEmulator;
  let account: Account;
  let carol: Contact;
  let client: TestClient;

  const nextUpsert = (predicate: (m: WAMessage) => boolean) =>
    client.next('messages.upsert', (u) => u.messages.some(predicate)).then((u) => u.messages.find(predicate)!);

  beforeAll(async () => {
    emulator = await WaEmulator.start();
    emulator.trustInThisProcess();
    account = emulator.addAccount({ name: 'Gateway' });
    carol = emulator.addContact({ name: 'Carol' });
    client = await linkedClient(emulator, account);
  });

  afterAll(async () => {
    client.end();
    await emulator.stop();
  });

  it('a text the client sends is decrypted by the contact, then delivered and read receipts come back', async () => {
    const messageId = 'TEST0001';
    const statusOf = (status: number) =>
      client.next('messages.update', (u) => u.some((x) => x.key.id === messageId && x.update.status === status));
    const delivered = statusOf(3);
    const sent = await client.sock.sendMessage(carol.pnJid, { text: 'hello carol' }, { messageId });
    const got = await emulator.contact(carol).waitForMessage((m) => m.id === sent!.key.id);
    expect(got.message.conversation ?? got.message.extendedTextMessage?.text).toBe('hello carol');
    expect(got.encType).toBe('pkmsg');
    expect(got.from).toBe(account.phone);
    await delivered;

    const read = statusOf(4);
    emulator.contact(carol).markRead(account, [messageId]);
    await read;

    const second = await client.sock.sendMessage(carol.pnJid, { text: 'again' });
    const got2 = await emulator.contact(carol).waitForMessage((m) => m.id === second!.key.id);
    expect(got2.message.conversation ?? got2.message.extendedTextMessage?.text).toBe('again');
  });

  it('an image the client sends is uploaded over HTTPS and the contact decrypts the bytes', async () => {
    const sent = await client.sock.sendMessage(carol.pnJid, { image: PNG, caption: 'pic', mimetype: 'image/png' });
    const got = await emulator.contact(carol).waitForMessage((m) => m.id === sent!.key.id);
    expect(got.message.imageMessage?.caption).toBe('pic');
    expect(got.media?.equals(PNG)).toBe(true);
  });

  it('receives a first-contact pkmsg, then a msg, and acknowledges them with delivery receipts', async () => {
    const dave = emulator.addContact({ name: 'Dave' });
    const upsert1 = nextUpsert((m) => m.message?.conversation === 'hi from dave');
    const first = await emulator.contact(dave).sendText(account, 'hi from dave');
    const m1 = await upsert1;
    expect(m1.key.remoteJid).toBe(dave.lidJid);
    expect(m1.key.remoteJidAlt).toBe(dave.pnJid);
    expect(m1.pushName).toBe('Dave');
    await emulator.waitForDelivered(first.id);

    const upsert2 = nextUpsert((m) => m.message?.conversation === 'second');
    const second = await emulator.contact(dave).sendText(account, 'second');
    await upsert2;
    await emulator.waitForDelivered(second.id);

    await client.sock.readMessages([m1.key]);
    await emulator.waitForRead(first.id);
  });

  it('receives an image, a document, a location, a contact card and a reaction', async () => {
    const api = emulator.contact(carol);
    const img = nextUpsert((m) => !!m.message?.imageMessage);
    await api.sendImage(account, { data: PNG, mimetype: 'image/png', caption: 'from carol' });
    const imgMsg = await img;
    const bytes = await downloadMediaMessage(imgMsg, 'buffer', {});
    expect(Buffer.from(bytes as Buffer).equals(PNG)).toBe(true);
    expect(imgMsg.message?.imageMessage?.caption).toBe('from carol');

    const doc = nextUpsert((m) => !!m.message?.documentMessage);
    await api.sendDocument(account, { data: Buffer.from('%PDF-1.4 test'), mimetype: 'application/pdf', fileName: 'a.pdf' });
    const docMsg = await doc;
    expect(docMsg.message?.documentMessage?.fileName).toBe('a.pdf');
    expect(Buffer.from((await downloadMediaMessage(docMsg, 'buffer', {})) as Buffer).toString()).toBe('%PDF-1.4 test');

    const loc = nextUpsert((m) => !!m.message?.locationMessage);
    await api.sendLocation(account, { latitude: 52.52, longitude: 13.405, name: 'Berlin' });
    expect((await loc).message?.locationMessage?.degreesLatitude).toBeCloseTo(52.52);

    const card = nextUpsert((m) => !!m.message?.contactMessage);
    await api.sendContactCard(account, { displayName: 'Eve', phone: '15550001111' });
    expect((await card).message?.contactMessage?.vcard).toContain('FN:Eve');

    const sent = await client.sock.sendMessage(carol.pnJid, { text: 'react to me' });
    const reaction = nextUpsert((m) => !!m.message?.reactionMessage);
    await api.sendReaction(account, sent!.key.id!, '👍');
    const r = await reaction;
    expect(r.message?.reactionMessage?.text).toBe('👍');
    expect(r.message?.reactionMessage?.key?.id).toBe(sent!.key.id);
  });

  it('delivers a channel post to followers with its server id', async () => {
    const channel = emulator.createChannel({ name: 'News', followers: [account] });
    const upsert = nextUpsert((m) => m.key.remoteJid === channel.jid);
    const post = emulator.postToChannel(channel, 'breaking news');
    const msg = await upsert;
    expect(msg.message?.conversation).toBe('breaking news');
    expect(msg.key.server_id).toBe(String(post.serverId));
  });

  it('answers newsletter metadata, follow, unfollow and create queries', async () => {
    const channel = emulator.createChannel({ name: 'Tech', description: 'all about tech' });
    const meta = await client.sock.newsletterMetadata('jid', channel.jid);
    expect(meta?.id).toBe(channel.jid);
    await client.sock.newsletterFollow(channel.jid);
    expect(channel.followers.has(account.phone)).toBe(true);
    await client.sock.newsletterUnfollow(channel.jid);
    expect(channel.followers.has(account.phone)).toBe(false);
    const created = await client.sock.newsletterCreate('Mine', 'my channel');
    expect(created.name).toBe('Mine');
    expect(emulator.world.channels.get(created.id)?.owner).toBe(account.phone);
  });

  it('needed no retry receipt and no NACK for any of these messages', () => {
    expect(emulator.stats()).toMatchObject({ retryReceipts: 0, nacks: 0, retryReceiptsFromDevices: 0, contactResends: 0 });
  });
});
