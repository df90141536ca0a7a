import { encodeBigEndian, KEY_BUNDLE_TYPE, type BinaryNode } from '@whiskeysockets/baileys';
import type { KeyBundle } from '../world/signal-party';
import type { World } from '../world/world';

/** Key bundle node as Baileys' parseAndInjectE2ESessions reads it. */
export function bundleNode(jid: string, b: KeyBundle): BinaryNode {
  const content: BinaryNode[] = [
    { tag: 'registration', attrs: {}, content: encodeBigEndian(b.registrationId, 4) },
    { tag: 'type', attrs: {}, content: KEY_BUNDLE_TYPE },
    { tag: 'identity', attrs: {}, content: b.identityKey },
    {
      tag: 'skey',
      attrs: {},
      content: [
        { tag: 'id', attrs: {}, content: encodeBigEndian(b.signedPreKey.keyId, 3) },
        { tag: 'value', attrs: {}, content: b.signedPreKey.publicKey },
        { tag: 'signature', attrs: {}, content: b.signedPreKey.signature },
      ],
    },
  ];
  if (b.preKey) {
    content.push({
      tag: 'key',
      attrs: {},
      content: [
        { tag: 'id', attrs: {}, content: encodeBigEndian(b.preKey.keyId, 3) },
        { tag: 'value', attrs: {}, content: b.preKey.publicKey },
      ],
    });
  }
  return { tag: 'user', attrs: { jid }, content };
}

/** Bundle for any device jid of the world: a contact (device 0) or a linked companion device. */
export function bundleForJid(world: World, jid: string): KeyBundle | undefined {
  const party = world.resolve(jid);
  if (!party) return undefined;
  const device = Number(jid.split('@')[0].split(':')[1] ?? 0);
  if (party.kind === 'contact') return device === 0 ? party.contact.signal.bundle() : undefined;
  return party.account.bundleFor(device);
}

export function bytesToUInt(b: Uint8Array | undefined): number {
  return b && b.length ? Buffer.from(b).readUIntBE(0, b.length) : 0;
}
