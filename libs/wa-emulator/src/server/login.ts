import { proto } from '@whiskeysockets/baileys';
import { randomBytes } from 'node:crypto';
import { deliver } from '../world/world';
import type { Connection } from './connection';
import { nextId, nowSeconds, S_WA, type ServerContext } from './context';

const QR_REFS = 6;

/** After the handshake: a ClientPayload with devicePairingData registers, without it logs in. */
export function onClientPayload(conn: Connection, ctx: ServerContext, payload: proto.ClientPayload): void {
  if (Date.now() < ctx.world.refuseUntil) return conn.drop();
  if (payload.devicePairingData) return startRegistration(conn, ctx, payload.devicePairingData);
  login(conn, ctx, payload);
}

function startRegistration(conn: Connection, ctx: ServerContext, d: proto.ClientPayload.IDevicePairingRegistrationData): void {
  if (!d.eIdent || !d.eRegid || !d.eSkeyId || !d.eSkeyVal || !d.eSkeySig) return conn.fail(400);
  let platform = 'web';
  try {
    if (d.deviceProps) platform = proto.DeviceProps.decode(d.deviceProps).os || platform;
  } catch {
    /* keep default */
  }
  const refs = Array.from({ length: QR_REFS }, () => `2@${randomBytes(18).toString('base64')}`);
  conn.registration = {
    noiseKey: conn.clientStaticKey!,
    identityKey: Buffer.from(d.eIdent),
    registrationId: Buffer.from(d.eRegid).readUIntBE(0, d.eRegid.length),
    signedPreKey: {
      keyId: Buffer.from(d.eSkeyId).readUIntBE(0, d.eSkeyId.length),
      publicKey: Buffer.from(d.eSkeyVal),
      signature: Buffer.from(d.eSkeySig),
    },
    platform,
    refs,
  };
  for (const r of refs) ctx.pendingRefs.set(r, conn);
  conn.sendNode({
    tag: 'iq',
    attrs: { from: S_WA, type: 'set', id: nextId('PD'), xmlns: 'md' },
    content: [
      { tag: 'pair-device', attrs: {}, content: refs.map((r) => ({ tag: 'ref', attrs: {}, content: Buffer.from(r) })) },
    ],
  });
  ctx.world.emit('connection', conn, 'registering');
}

function login(conn: Connection, ctx: ServerContext, payload: proto.ClientPayload): void {
  const phone = String(payload.username ?? '');
  const account = ctx.world.accounts.get(phone);
  const device = account?.devices.get(payload.device ?? 0);
  // Unknown or unlinked device, or different noise key: WhatsApp answers 401 (logged out).
  if (!account || !device || !conn.clientStaticKey || !device.noiseKey.equals(conn.clientStaticKey)) {
    return conn.fail(401);
  }
  // A frozen device (PhoneApi.freeze) cannot log in until it is unfrozen: the client sees a lost connection.
  if (device.frozen) return conn.drop();
  if (device.conn && device.conn !== conn) device.conn.kick(440, 'replaced');
  device.conn = conn;
  conn.account = account;
  conn.device = device;
  conn.sendNode({
    tag: 'success',
    attrs: {
      t: String(nowSeconds()),
      lid: `${account.lid}:${device.id}@lid`,
      display_name: account.name,
      location: 'emu',
      creation: String(nowSeconds()),
      props: '1',
      abprops: '1',
    },
  });
  const queued = device.offline.splice(0);
  for (const node of queued) deliver(device, node);
  // Ends Baileys' offline buffering: it flushes its event buffer on this.
  conn.sendNode({ tag: 'ib', attrs: { from: S_WA }, content: [{ tag: 'offline', attrs: { count: String(queued.length) } }] });
  ctx.world.emit('connection', conn, 'open');
}
