import {
  Curve,
  WA_ADV_ACCOUNT_SIG_PREFIX,
  aesDecryptCTR,
  aesDecryptGCM,
  aesEncryptCTR,
  derivePairingCodeKey,
  getBinaryNodeChild,
  getBinaryNodeChildBuffer,
  hkdf,
  hmacSign,
  proto,
  type BinaryNode,
} from '@whiskeysockets/baileys';
import { randomBytes, randomInt } from 'node:crypto';
import type { Account } from '../world/world';
import type { Connection } from './connection';
import { nextId, nowSeconds, S_WA, type ServerContext } from './context';

/**
 * The phone confirms a registering client: signs its ADV identity with the account key, sends
 * pair-success, waits for pair-device-sign, records the device and asks for a restart (515).
 */
export async function completePairing(ctx: ServerContext, conn: Connection, account: Account, advSecret: Buffer): Promise<number> {
  const reg = conn.registration;
  if (!reg || conn.closed) throw new Error('connection is not waiting to be paired');
  const deviceId = account.nextDeviceId++;
  const details = proto.ADVDeviceIdentity.encode({ rawId: randomInt(1, 2 ** 31), timestamp: nowSeconds(), keyIndex: deviceId }).finish();
  const accountSignature = Curve.sign(account.identity.private, Buffer.concat([WA_ADV_ACCOUNT_SIG_PREFIX, details, reg.identityKey]));
  const signed = proto.ADVSignedDeviceIdentity.encode({
    details,
    accountSignatureKey: account.identity.public,
    accountSignature,
  }).finish();
  const identityHmac = proto.ADVSignedDeviceIdentityHMAC.encode({ details: signed, hmac: hmacSign(signed, advSecret) }).finish();
  const reply = await conn.query({
    tag: 'iq',
    attrs: { from: S_WA, type: 'set', xmlns: 'md', id: nextId('PS') },
    content: [
      {
        tag: 'pair-success',
        attrs: {},
        content: [
          { tag: 'device-identity', attrs: {}, content: identityHmac },
          { tag: 'platform', attrs: { name: 'android' } },
          { tag: 'device', attrs: { jid: `${account.phone}:${deviceId}@s.whatsapp.net`, lid: `${account.lid}:${deviceId}@lid` } },
        ],
      },
    ],
  });
  if (reply.attrs.type !== 'result' || !getBinaryNodeChild(reply, 'pair-device-sign')) {
    throw new Error('client rejected pair-success');
  }
  for (const r of reg.refs) ctx.pendingRefs.delete(r);
  account.devices.set(deviceId, {
    id: deviceId,
    keyIndex: deviceId,
    noiseKey: reg.noiseKey,
    identityKey: reg.identityKey,
    registrationId: reg.registrationId,
    signedPreKey: reg.signedPreKey,
    preKeys: new Map(),
    platform: reg.platform,
    offline: [],
    unreceipted: new Map(),
  });
  conn.registration = undefined;
  ctx.world.emit('paired', account, deviceId);
  // WhatsApp makes a freshly paired client reconnect with its new identity.
  conn.kick(515);
  return deviceId;
}

/** QR text: [https://wa.me/settings/linked_devices#]ref,noiseKeyB64,identityKeyB64,advSecretB64,platform */
export async function scanQr(ctx: ServerContext, account: Account, qr: string): Promise<number> {
  const [ref, noiseB64, identityB64, advB64] = qr.slice(qr.indexOf('#') + 1).split(',');
  const conn = ctx.pendingRefs.get(ref);
  if (!conn?.registration) throw new Error('QR code is not (or no longer) valid');
  const reg = conn.registration;
  if (!reg.noiseKey.equals(Buffer.from(noiseB64, 'base64')) || !reg.identityKey.equals(Buffer.from(identityB64, 'base64'))) {
    throw new Error('QR keys do not match the connection');
  }
  return completePairing(ctx, conn, account, Buffer.from(advB64, 'base64'));
}

/** Client asked for a pairing code (companion_hello): remember it until the phone enters the code. */
export function onCompanionHello(ctx: ServerContext, conn: Connection, iq: BinaryNode, reg: BinaryNode): void {
  const phone = (reg.attrs.jid ?? '').split('@')[0].split(':')[0];
  const wrapped = getBinaryNodeChildBuffer(reg, 'link_code_pairing_wrapped_companion_ephemeral_pub');
  if (!phone || !wrapped || !conn.registration) return conn.sendIqError(iq, 400, 'bad-request');
  const ref = randomBytes(16).toString('hex');
  conn.linkCode = { phone, wrapped: Buffer.from(wrapped), ref };
  ctx.pendingLinkCodes.set(phone, conn);
  conn.sendIqResult(iq, [
    { tag: 'link_code_companion_reg', attrs: {}, content: [{ tag: 'link_code_pairing_ref', attrs: {}, content: Buffer.from(ref) }] },
  ]);
  ctx.world.emit('pairing-code-requested', phone);
}

/** The phone owner types the 8-character code shown by the client. */
export async function enterPairingCode(ctx: ServerContext, account: Account, code: string): Promise<number> {
  const conn = ctx.pendingLinkCodes.get(account.phone);
  if (!conn?.linkCode || conn.closed) throw new Error(`no client is waiting for a pairing code for ${account.phone}`);
  const { wrapped, ref } = conn.linkCode;
  const companionEphemeral = aesDecryptCTR(
    wrapped.subarray(48, 80),
    await derivePairingCodeKey(code, wrapped.subarray(0, 32)),
    wrapped.subarray(32, 48),
  );
  const primaryEphemeral = Curve.generateKeyPair();
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const wrappedPrimary = Buffer.concat([
    salt,
    iv,
    aesEncryptCTR(primaryEphemeral.public, await derivePairingCodeKey(code, salt), iv),
  ]);
  const finish = new Promise<BinaryNode>((resolve) => (conn.onCompanionFinish = resolve));
  conn.sendNode({
    tag: 'notification',
    attrs: { from: S_WA, type: 'link_code_companion_reg', id: nextId('LC'), t: String(nowSeconds()) },
    content: [
      {
        tag: 'link_code_companion_reg',
        attrs: { stage: 'primary_hello' },
        content: [
          { tag: 'link_code_pairing_wrapped_primary_ephemeral_pub', attrs: {}, content: wrappedPrimary },
          { tag: 'primary_identity_pub', attrs: {}, content: account.identity.public },
          { tag: 'link_code_pairing_ref', attrs: {}, content: Buffer.from(ref) },
        ],
      },
    ],
  });
  const iq = await finish;
  const reg = getBinaryNodeChild(iq, 'link_code_companion_reg')!;
  const bundle = Buffer.from(getBinaryNodeChildBuffer(reg, 'link_code_pairing_wrapped_key_bundle') ?? []);
  const companionShared = Curve.sharedKey(primaryEphemeral.private, companionEphemeral);
  const bundleKey = Buffer.from(
    hkdf(companionShared, 32, { salt: bundle.subarray(0, 32), info: 'link_code_pairing_key_bundle_encryption_key' }),
  );
  let plain: Buffer;
  try {
    plain = aesDecryptGCM(bundle.subarray(44), bundleKey, bundle.subarray(32, 44), Buffer.alloc(0));
  } catch {
    conn.sendIqError(iq, 401, 'wrong-code');
    throw new Error('pairing code does not match');
  }
  conn.sendIqResult(iq);
  ctx.pendingLinkCodes.delete(account.phone);
  const companionIdentity = plain.subarray(0, 32);
  const random = plain.subarray(64, 96);
  const identityShared = Curve.sharedKey(account.identity.private, companionIdentity);
  const advSecret = Buffer.from(hkdf(Buffer.concat([companionShared, identityShared, random]), 32, { info: 'adv_secret' }));
  return completePairing(ctx, conn, account, advSecret);
}
