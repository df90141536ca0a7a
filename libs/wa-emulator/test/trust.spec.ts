import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Curve, generateSignalPubKey, proto, WA_CERT_DETAILS } from '@whiskeysockets/baileys';
import * as libsignal from 'libsignal';

const { curve } = libsignal as unknown as { curve: { verifySignature(k: Uint8Array, m: Uint8Array, s: Uint8Array): boolean } };
import { connectBaileys, isEmulatorRootTrusted, trustEmulatorRoot, WaEmulator } from '../src';
import { buildCertChain } from '../src/trust/certificate-chain';

describe('trusting the emulator root', () => {
  let emulator: WaEmulator;

  beforeAll(async () => {
    emulator = await WaEmulator.start();
  });

  afterAll(() => emulator.stop());

  it('signs its certificate chain with its own root, which is not the WhatsApp root', () => {
    // Checked with libsignal directly: Baileys' Curve.verify currently ignores a false result.
    const chain = proto.CertChain.decode(buildCertChain(emulator.rootKey, Curve.generateKeyPair()));
    const { details, signature } = chain.intermediate!;
    const verify = (key: Uint8Array) => curve.verifySignature(generateSignalPubKey(key), details!, signature!);
    expect(verify(emulator.rootPublicKey)).toBe(true);
    expect(verify(WA_CERT_DETAILS.PUBLIC_KEY)).toBe(false);
  });

  it('after trustEmulatorRoot a Baileys client gets a QR', async () => {
    expect(isEmulatorRootTrusted(emulator.rootPublicKey)).toBe(false);
    trustEmulatorRoot(emulator.rootPublicKey);
    const client = connectBaileys(emulator);
    const { qr } = await client.next('connection.update', (u) => !!u.qr);
    expect(qr).toBeTruthy();
    client.end();
  });

  it('the preload module trusts the root from WA_EMULATOR_ROOT_KEY in a separate process and says so', () => {
    const root = emulator.rootPublicKey.toString('base64');
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        resolve(__dirname, '../preload-trust.mjs'),
        '--input-type=module',
        '-e',
        "const { WA_CERT_DETAILS } = await import('@whiskeysockets/baileys'); console.log(Buffer.from(WA_CERT_DETAILS.PUBLIC_KEY).toString('base64'))",
      ],
      { env: { ...process.env, WA_EMULATOR_ROOT_KEY: root }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: resolve(__dirname, '../../..') },
    );
    expect(out.trim()).toBe(root);
  });
});
