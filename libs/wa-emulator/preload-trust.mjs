// TEST ONLY preload: makes the Baileys of this process trust the WhatsApp emulator instead of
// WhatsApp. Use: WA_EMULATOR_ROOT_KEY=<base64> node --import ./libs/wa-emulator/preload-trust.mjs app.js
// Optional WA_EMULATOR_MEDIA_CA=<PEM file> also trusts the emulator's media CA in this process
// (NODE_EXTRA_CA_CERTS=<same file> does the same at the Node level and is preferred).
import { readFileSync } from 'node:fs';

const rootKey = process.env.WA_EMULATOR_ROOT_KEY;
if (!rootKey) {
  process.stderr.write('[wa-emulator] preload-trust: WA_EMULATOR_ROOT_KEY is not set; nothing trusted\n');
} else {
  const key = Buffer.from(rootKey, 'base64');
  if (key.length !== 32) throw new Error('WA_EMULATOR_ROOT_KEY must be a base64 32-byte public key');
  const { WA_CERT_DETAILS } = await import('@whiskeysockets/baileys');
  WA_CERT_DETAILS.PUBLIC_KEY = key;
  process.stderr.write(
    '\n*** WARNING: Baileys in this process now trusts the WhatsApp EMULATOR root key, not WhatsApp. ***\n' +
      '*** TEST ONLY: this process cannot talk to the real WhatsApp servers.                      ***\n\n',
  );
}

const caFile = process.env.WA_EMULATOR_MEDIA_CA;
if (caFile) {
  const pem = readFileSync(caFile, 'utf8');
  const https = await import('node:https');
  const { rootCertificates } = await import('node:tls');
  const { Agent, setGlobalDispatcher } = await import('undici');
  const ca = [...rootCertificates, pem];
  https.globalAgent.options.ca = ca;
  setGlobalDispatcher(new Agent({ connect: { ca } }));
  process.stderr.write(`[wa-emulator] media CA from ${caFile} trusted for https and fetch (TEST ONLY)\n`);
}
