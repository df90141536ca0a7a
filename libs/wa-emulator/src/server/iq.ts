import { getBinaryNodeChild, getBinaryNodeChildren, type BinaryNode } from '@whiskeysockets/baileys';
import type { Connection } from './connection';
import type { ServerContext } from './context';
import { handleGroupIq } from './groups-iq';
import { bundleForJid, bundleNode, bytesToUInt } from './key-bundles';
import { answerMex } from './newsletters';
import { onCompanionHello } from './pairing';
import { handleProfilePictureSet, handleStatusIq } from './profile';
import { handleAppStateIq } from './app-state';
import { answerUsync } from './usync';
import { handleContactsIq } from './contacts-iq';

const PRIVACY_DEFAULTS: Record<string, string> = {
  readreceipts: 'all',
  last: 'all',
  online: 'all',
  profile: 'all',
  status: 'all',
  groupadd: 'all',
  calladd: 'all',
};

/** Answers client iqs. Anything the emulator does not model gets an empty result. */
export async function handleIq(ctx: ServerContext, conn: Connection, iq: BinaryNode): Promise<void> {
  if (handleContactsIq(ctx, conn, iq)) return;
  const first = Array.isArray(iq.content) ? (iq.content[0] as BinaryNode | undefined) : undefined;
  switch (iq.attrs.xmlns) {
    case 'encrypt':
      return handleEncrypt(ctx, conn, iq, first);
    case 'usync':
      return conn.sendIqResult(iq, answerUsync(ctx.world, iq));
    case 'md':
      return handleMd(ctx, conn, iq, first);
    case 'w:m':
      return conn.sendIqResult(iq, [
        {
          tag: 'media_conn',
          attrs: { auth: ctx.media.auth, ttl: '3600', auth_ttl: '3600', max_buckets: '4' },
          content: [{ tag: 'host', attrs: { hostname: ctx.media.host, maxContentLengthBytes: String(100 * 1024 * 1024) } }],
        },
      ]);
    case 'w:g2':
      return handleGroupIq(ctx, conn, iq);
    case 'w:mex':
      return conn.sendIqResult(iq, answerMex(ctx, conn, first));
    case 'privacy':
      if (iq.attrs.type === 'get') {
        return conn.sendIqResult(iq, [
          {
            tag: 'privacy',
            attrs: {},
            content: Object.entries(PRIVACY_DEFAULTS).map(([name, value]) => ({ tag: 'category', attrs: { name, value } })),
          },
        ]);
      }
      return conn.sendIqResult(iq);
    case 'status':
      return handleStatusIq(ctx, conn, iq);
    case 'w:sync:app:state':
      return handleAppStateIq(ctx, conn, iq);
    case 'w:profile:picture':
      if (handleProfilePictureSet(ctx, conn, iq)) return;
      return conn.sendIqResult(iq);
    case 'blocklist':
      return conn.sendIqResult(iq, iq.attrs.type === 'get' ? [{ tag: 'list', attrs: {} }] : undefined);
    default:
      // passive, abt, w:p (ping), w:stats, w:sync:app:state, w:profile:picture, ...: empty answers.
      return conn.sendIqResult(iq);
  }
}

function handleEncrypt(ctx: ServerContext, conn: Connection, iq: BinaryNode, first: BinaryNode | undefined): void {
  const device = conn.device;
  if (first?.tag === 'count') {
    return conn.sendIqResult(iq, [{ tag: 'count', attrs: { value: String(device?.preKeys.size ?? 0) } }]);
  }
  if (first?.tag === 'digest') {
    return conn.sendIqResult(iq, [{ tag: 'digest', attrs: {} }]);
  }
  if (first?.tag === 'key') {
    const users = getBinaryNodeChildren(first, 'user')
      .map((u) => {
        const b = bundleForJid(ctx.world, u.attrs.jid);
        return b ? bundleNode(u.attrs.jid, b) : undefined;
      })
      .filter((n): n is BinaryNode => !!n);
    return conn.sendIqResult(iq, [{ tag: 'list', attrs: {}, content: users }]);
  }
  if (iq.attrs.type === 'set' && device) {
    // Prekey upload (registration, identity, list of keys, signed prekey) or signed prekey rotation.
    const list = getBinaryNodeChild(iq, 'list');
    for (const k of getBinaryNodeChildren(list, 'key')) {
      const id = bytesToUInt(getBinaryNodeChild(k, 'id')?.content as Uint8Array);
      const value = getBinaryNodeChild(k, 'value')?.content as Uint8Array | undefined;
      if (value) device.preKeys.set(id, Buffer.from(value));
    }
    const skey = getBinaryNodeChild(iq, 'skey') ?? getBinaryNodeChild(getBinaryNodeChild(iq, 'rotate'), 'skey');
    if (skey) {
      device.signedPreKey = {
        keyId: bytesToUInt(getBinaryNodeChild(skey, 'id')?.content as Uint8Array),
        publicKey: Buffer.from(getBinaryNodeChild(skey, 'value')?.content as Uint8Array),
        signature: Buffer.from(getBinaryNodeChild(skey, 'signature')?.content as Uint8Array),
      };
    }
    const reg = getBinaryNodeChild(iq, 'registration')?.content as Uint8Array | undefined;
    if (reg) device.registrationId = bytesToUInt(reg);
    ctx.world.emit('prekeys', conn.account, device);
  }
  conn.sendIqResult(iq);
}

function handleMd(ctx: ServerContext, conn: Connection, iq: BinaryNode, first: BinaryNode | undefined): void {
  if (first?.tag === 'link_code_companion_reg') {
    if (first.attrs.stage === 'companion_hello') return onCompanionHello(ctx, conn, iq, first);
    if (first.attrs.stage === 'companion_finish' && conn.onCompanionFinish) {
      const resolve = conn.onCompanionFinish;
      conn.onCompanionFinish = undefined;
      return resolve(iq);
    }
  }
  if (first?.tag === 'remove-companion-device' && conn.account && conn.device) {
    // The client logged itself out: the device is no longer linked.
    conn.account.devices.delete(conn.device.id);
    ctx.world.emit('unlinked', conn.account, conn.device.id);
  }
  conn.sendIqResult(iq);
}
