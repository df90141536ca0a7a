/**
 * Runs the emulator standalone (demo, benchmarks, a gateway in another process).
 *   npm run emulator -- [--port 7878] [--media-port 7879] [--state-dir data/wa-emulator]
 *                       [--accounts 2] [--contacts 3]
 * The state dir keeps the Noise root key and the media CA across restarts, so a gateway process
 * configured once keeps trusting the emulator.
 */
import { Curve } from '@whiskeysockets/baileys';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WaEmulator } from './emulator';
import { createMediaTls } from './media/media-ca';
import type { KeyPair } from './types';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.WA_EMULATOR_PORT ?? '7878' },
    'media-port': { type: 'string', default: process.env.WA_EMULATOR_MEDIA_PORT ?? '0' },
    'state-dir': { type: 'string', default: process.env.WA_EMULATOR_STATE_DIR ?? 'data/wa-emulator' },
    accounts: { type: 'string', default: '0' },
    contacts: { type: 'string', default: '0' },
  },
});

function loadOrCreateState(dir: string): { rootKey: KeyPair; mediaCa: { caPem: string; caKeyPem: string }; caFile: string } {
  mkdirSync(dir, { recursive: true });
  const rootFile = join(dir, 'root-key.json');
  const caFile = join(dir, 'media-ca.pem');
  const caKeyFile = join(dir, 'media-ca.key.pem');
  let rootKey: KeyPair;
  if (existsSync(rootFile)) {
    const j = JSON.parse(readFileSync(rootFile, 'utf8'));
    rootKey = { public: Buffer.from(j.public, 'base64'), private: Buffer.from(j.private, 'base64') };
  } else {
    rootKey = Curve.generateKeyPair();
    const j = { public: Buffer.from(rootKey.public).toString('base64'), private: Buffer.from(rootKey.private).toString('base64') };
    writeFileSync(rootFile, JSON.stringify(j), { mode: 0o600 });
  }
  if (!existsSync(caFile) || !existsSync(caKeyFile)) {
    const tls = createMediaTls();
    writeFileSync(caFile, tls.caPem);
    writeFileSync(caKeyFile, tls.caKeyPem, { mode: 0o600 });
  }
  return { rootKey, mediaCa: { caPem: readFileSync(caFile, 'utf8'), caKeyPem: readFileSync(caKeyFile, 'utf8') }, caFile: resolve(caFile) };
}

async function main(): Promise<void> {
  const state = loadOrCreateState(values['state-dir']!);
  const emulator = await WaEmulator.start({
    port: Number(values.port),
    mediaPort: Number(values['media-port']),
    rootKey: state.rootKey,
    mediaCa: state.mediaCa,
  });
  for (let i = 0; i < Number(values.accounts); i++) emulator.addAccount();
  for (let i = 0; i < Number(values.contacts); i++) emulator.addContact();
  const rootB64 = emulator.rootPublicKey.toString('base64');
  console.log(`WhatsApp emulator (TEST ONLY) listening
  websocket : ${emulator.url}
  admin api : ${emulator.adminUrl}/state
  media     : https://${emulator.media.host}
  accounts  : ${[...emulator.world.accounts.keys()].join(', ') || '-'}
  contacts  : ${[...emulator.world.contacts.keys()].join(', ') || '-'}
Run a gateway against it with:
  WA_EMULATOR_ROOT_KEY=${rootB64} NODE_EXTRA_CA_CERTS=${state.caFile} \\
    node --import ./libs/wa-emulator/preload-trust.mjs dist/src/main.js`);
  const stop = async () => {
    await emulator.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
