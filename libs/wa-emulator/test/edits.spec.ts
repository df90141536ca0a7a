import { generateWAMessageFromContent, proto } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaEmulator, type Account, type Contact, type TestClient } from '../src';
import { currentText, EDIT_WINDOW_SECONDS } from '../src/server/edits';
import { linkedClient } from './helpers';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('message edits from a linked device to a contact', () => {
  let emulator: WaEmulator;
  let account: Account;
  let carol: Contact;
  let client: TestClient;

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

  const received = (id: string) => emulator.contact(carol).waitForMessage((m) => m.id === id);

  /** Sends an edit as a raw protocolMessage (what Baileys' `edit` option cannot express: a caption edit, a missing attribute). */
  async function relayEdit(targetId: string, editedMessage: proto.IMessage, opts: { fromMe?: boolean; markEdit?: boolean } = {}): Promise<string> {
    const msg = generateWAMessageFromContent(
      carol.pnJid,
      {
        protocolMessage: {
          key: { remoteJid: carol.pnJid, fromMe: opts.fromMe ?? true, id: targetId },
          type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
          editedMessage,
          timestampMs: Date.now(),
        },
      },
      { userJid: client.sock.user!.id },
    );
    await client.sock.relayMessage(carol.pnJid, msg.message!, { messageId: msg.key.id!, additionalAttributes: opts.markEdit === false ? {} : { edit: '1' } });
    return msg.key.id!;
  }

  it('a text edited with Baileys is shown edited by the contact', async () => {
    const sent = await client.sock.sendMessage(carol.pnJid, { text: 'helo' });
    const original = await received(sent!.key.id!);
    const edit = await client.sock.sendMessage(carol.pnJid, { text: 'hello', edit: sent!.key });
    await received(edit!.key.id!);
    expect(original.edits?.map((e) => e.text)).toEqual(['hello']);
    expect(currentText(original)).toBe('hello');
    expect(carol.ignoredEdits).toEqual([]);
  });

  it('a caption is edited by the same media type carrying the new caption', async () => {
    const sent = await client.sock.sendMessage(carol.pnJid, { image: PNG, caption: 'old caption', mimetype: 'image/png' });
    const original = await received(sent!.key.id!);
    await received(await relayEdit(sent!.key.id!, { imageMessage: { caption: 'new caption' } }));
    expect(currentText(original)).toBe('new caption');
  });

  it('ignores edits a phone would ignore: late, of a text by a caption, without edit="1", of another author', async () => {
    const late = await client.sock.sendMessage(carol.pnJid, { text: 'old' });
    const lateMsg = await received(late!.key.id!);
    lateMsg.t -= EDIT_WINDOW_SECONDS + 1; // sent 15 minutes and a second ago
    await received(await relayEdit(late!.key.id!, { conversation: 'too late' }));
    expect(currentText(lateMsg)).toBe('old');

    const text = await client.sock.sendMessage(carol.pnJid, { text: 'plain' });
    const textMsg = await received(text!.key.id!);
    await received(await relayEdit(text!.key.id!, { imageMessage: { caption: 'as caption' } }));
    await received(await relayEdit(text!.key.id!, { conversation: 'unmarked' }, { markEdit: false }));

    const fromCarol = await emulator.contact(carol).sendText(account, 'mine');
    const mine = await client.next('messages.upsert', (u) => u.messages.some((m) => m.key.id === fromCarol.id));
    expect(mine).toBeTruthy();
    await received(await relayEdit(fromCarol.id, { conversation: 'not yours' }, { fromMe: false }));
    expect(currentText(textMsg)).toBe('plain');

    expect(carol.ignoredEdits.map((e) => e.reason)).toEqual(['window_passed', 'type_mismatch', 'not_marked_edit', 'unknown_target']);
  });
});
