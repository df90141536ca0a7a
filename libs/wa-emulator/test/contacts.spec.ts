import { USyncQuery, USyncUser, type WAMessage } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaEmulator, type Account, type TestClient } from '../src';
import { linkedClient } from './helpers';

const JPEG = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(64, 1), Buffer.from('ffd9', 'hex')]);

/** Contact queries answered as WhatsApp does, to unmodified Baileys: usync (contact, lid, status), pictures with privacy, block list, business profiles, LID-only senders. */
describe('contacts', () => {
  let emulator: WaEmulator;
  let account: Account;
  let client: TestClient;

  beforeAll(async () => {
    emulator = await WaEmulator.start();
    emulator.trustInThisProcess();
    account = emulator.addAccount({ name: 'Gateway' });
    client = await linkedClient(emulator, account);
  });
  afterAll(async () => {
    client?.end();
    await emulator.stop();
  });

  it('answers a contact + lid usync query per number, counted once', async () => {
    const ana = emulator.addContact({ name: 'Ana' });
    emulator.resetCounters();
    const q = new USyncQuery().withContactProtocol().withLIDProtocol();
    q.withUser(new USyncUser().withPhone(`+${ana.phone}`)).withUser(new USyncUser().withPhone('+15558880000'));
    const result = await client.sock.executeUSyncQuery(q);
    expect(result?.list).toEqual([
      { id: ana.pnJid, contact: true, lid: ana.lidJid },
      { id: '15558880000@s.whatsapp.net', contact: false },
    ]);
    expect(emulator.contactsStats()).toMatchObject({ usyncQueries: 1, contactQueries: 1, contactQueryUsers: 2 });
    expect(await client.sock.onWhatsApp(ana.phone)).toEqual([{ jid: ana.pnJid, exists: true }]);
  });

  it('about text (usync status): set, none, hidden by privacy', async () => {
    const [set, none, hidden] = [emulator.addContact(), emulator.addContact(), emulator.addContact()];
    emulator.profile(set).setAbout('At the gym', 1_700_000_000);
    emulator.profile(hidden).setAbout('private').aboutVisibleTo('none');
    const [a] = (await client.sock.fetchStatus(set.pnJid)) as any[];
    expect(a.status).toEqual({ status: 'At the gym', setAt: new Date(1_700_000_000_000) });
    expect(((await client.sock.fetchStatus(none.pnJid)) as any[])[0].status.status).toBeNull();
    expect(((await client.sock.fetchStatus(hidden.pnJid)) as any[])[0].status.status).toBe('');
  });

  it('profile pictures: url on the media host, 404 without one, 401 when hidden', async () => {
    const c = emulator.addContact();
    await expect(client.sock.profilePictureUrl(c.pnJid, 'image')).rejects.toMatchObject({ message: 'item-not-found', data: 404 });
    emulator.profile(c).setPicture(JPEG);
    const url = await client.sock.profilePictureUrl(c.lidJid, 'image');
    const res = await fetch(url!);
    expect(Buffer.from(await res.arrayBuffer()).equals(JPEG)).toBe(true);
    emulator.profile(c).pictureVisibleTo('none');
    await expect(client.sock.profilePictureUrl(c.pnJid, 'image')).rejects.toMatchObject({ message: 'not-authorized', data: 401 });
  });

  it('block list: block needs the LID and the number; get lists both', async () => {
    const c = emulator.addContact();
    await client.sock.signalRepository.lidMapping.storeLIDPNMappings([{ lid: c.lidJid, pn: c.pnJid }]);
    await client.sock.updateBlockStatus(c.pnJid, 'block');
    expect(emulator.profile(account).blocked()).toEqual([{ lid: c.lid, phone: c.phone }]);
    expect(await client.sock.fetchBlocklist()).toEqual([c.lidJid]);
    // A block naming a LID without its number is refused, as WhatsApp does.
    await expect(client.sock.query({ tag: 'iq', attrs: { xmlns: 'blocklist', to: 's.whatsapp.net', type: 'set' }, content: [{ tag: 'item', attrs: { action: 'block', jid: c.lidJid } }] })).rejects.toMatchObject({ message: 'bad-request', data: 400 });
    await client.sock.updateBlockStatus(c.lidJid, 'unblock');
    expect(await client.sock.fetchBlocklist()).toEqual([]);
  });

  it('business profiles for business accounts only', async () => {
    const shop = emulator.addContact();
    emulator.profile(shop).setBusiness({ description: 'Shoes', category: 'Retail' });
    expect(await client.sock.getBusinessProfile(shop.pnJid)).toMatchObject({ wid: shop.pnJid, description: 'Shoes', category: 'Retail' });
    expect(await client.sock.getBusinessProfile(emulator.addContact().pnJid)).toBeUndefined();
  });

  it('a contact with a hidden number writes from its LID without sender_pn; revealed, with it', async () => {
    const c = emulator.addContact({ name: 'Hidden' });
    emulator.profile(c).hidePhone();
    const isFrom = (id: string) => (u: { messages: WAMessage[] }) => u.messages.some((m) => m.key.id === id);
    const firstSeen = client.next('messages.upsert', (u) => u.messages.some((m) => m.key.remoteJid === c.lidJid));
    const first = await emulator.contact(c).sendText(account, 'who am I');
    const [m1] = (await firstSeen).messages;
    expect(m1.key.id).toBe(first.id);
    expect((m1.key as { remoteJidAlt?: string }).remoteJidAlt).toBeUndefined();
    emulator.profile(c).revealPhone();
    const second = emulator.contact(c).sendText(account, 'it is me');
    const u2 = await client.next('messages.upsert', (u) => u.messages.some((m) => (m.key as { remoteJidAlt?: string }).remoteJidAlt === c.pnJid));
    expect(isFrom((await second).id)(u2)).toBe(true);
  });
});
