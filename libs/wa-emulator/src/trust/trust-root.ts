import { WA_CERT_DETAILS } from '@whiskeysockets/baileys';

/**
 * Makes the Baileys loaded in THIS process accept Noise certificates signed by the emulator root.
 * TEST ONLY: after this call the process would also reject the real WhatsApp servers.
 * WA_CERT_DETAILS is a mutable export of Baileys that the handshake reads at verification time.
 */
export function trustEmulatorRoot(publicKey: Uint8Array | string): void {
  const key = typeof publicKey === 'string' ? Buffer.from(publicKey, 'base64') : Buffer.from(publicKey);
  if (key.length !== 32) throw new Error('emulator root public key must be 32 bytes');
  (WA_CERT_DETAILS as { PUBLIC_KEY: Buffer }).PUBLIC_KEY = key;
}

/** True when the process currently trusts the given emulator root. */
export function isEmulatorRootTrusted(publicKey: Uint8Array): boolean {
  return Buffer.from(WA_CERT_DETAILS.PUBLIC_KEY).equals(Buffer.from(publicKey));
}
