import { encodeBigEndian, getBinaryNodeChild, KEY_BUNDLE_TYPE, type BinaryNode } from '@whiskeysockets/baileys';
import type { KeyBundle } from '../world/signal-party';
import type { World } from '../world/world';

/** `<identity>`, `<skey>` and (when there is one) `<key>`: the key part of a bundle as WhatsApp encodes it. */
export function bundleKeyNodes(b: KeyBundle): BinaryNode[] {
  const nodes: BinaryNode[] = [
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
    nodes.push({
      tag: 'key',
      attrs: {},
      content: [
        { tag: 'id', attrs: {}, content: encodeBigEndian(b.preKey.keyId, 3) },
        { tag: 'value', attrs: {}, content: b.preKey.publicKey },
      ],
    });
  }
  return nodes;
}

/** Key bundle node as Baileys' parseAndInjectE2ESessions reads it. */
export function bundleNode(jid: string, b: KeyBundle): BinaryNode {
  const [identity, skey, ...key] = bundleKeyNodes(b);
  const content: BinaryNode[] = [
    { tag: 'registration', attrs: {}, content: encodeBigEndian(b.registrationId, 4) },
    { tag: 'type', attrs: {}, content: KEY_BUNDLE_TYPE },
    identity,
    skey,
    ...key,
  ];
  return { tag: 'user', attrs: { jid }, content };
}

/** Bundle for any device jid of the world: a contact (device 0) or a linked companion device. */
export function bundleForJid(world: World, jid: string): KeyBundle | undefined {
  const party = world.resolve(jid);
  if (!party) return undefined;
  const device = Number(jid.split('@')[0].split(':')[1] ?? 0);
  if (party.kind === 'contact') return device === 0 && !party.contact.keysWithheld ? party.contact.signal.bundle() : undefined;
  return party.account.bundleFor(device);
}

export function bytesToUInt(b: Uint8Array | undefined): number {
  return b && b.length ? Buffer.from(b).readUIntBE(0, b.length) : 0;
}

const childBytes = (node: BinaryNode | undefined, tag: string): Buffer | undefined => {
  const c = getBinaryNodeChild(node, tag)?.content;
  return c instanceof Uint8Array ? Buffer.from(c) : undefined;
};

/**
 * The bundle a retry receipt carries (`<registration>` + `<keys>`: type, identity, key, skey), or
 * undefined when it has none or it is malformed.
 */
export function bundleFromRetryReceipt(receipt: BinaryNode): KeyBundle | undefined {
  const keys = getBinaryNodeChild(receipt, 'keys');
  if (!keys) return undefined;
  const type = childBytes(keys, 'type');
  const identityKey = childBytes(keys, 'identity');
  const skey = getBinaryNodeChild(keys, 'skey');
  const registration = childBytes(receipt, 'registration');
  const skeyValue = childBytes(skey, 'value');
  const skeySig = childBytes(skey, 'signature');
  const skeyId = childBytes(skey, 'id');
  if (!type || type[0] !== KEY_BUNDLE_TYPE[0] || identityKey?.length !== 32 || !registration) return undefined;
  if (skeyValue?.length !== 32 || !skeySig || !skeyId) return undefined;
  const bundle: KeyBundle = {
    registrationId: bytesToUInt(registration),
    identityKey,
    signedPreKey: { keyId: bytesToUInt(skeyId), publicKey: skeyValue, signature: skeySig },
  };
  const key = getBinaryNodeChild(keys, 'key');
  if (key) {
    const value = childBytes(key, 'value');
    const id = childBytes(key, 'id');
    if (value?.length !== 32 || !id) return undefined;
    bundle.preKey = { keyId: bytesToUInt(id), publicKey: value };
  }
  return bundle;
}
