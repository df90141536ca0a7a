import { WA_CERT_DETAILS } from '@whiskeysockets/baileys';

/**
 * Makes Baileys in this process accept a certificate chain signed by another root key (an
 * emulator's). Only for tests and the demo: the gateway calls it only when explicitly configured.
 */
export function trustRootOverride(publicKey: Uint8Array): void {
  (WA_CERT_DETAILS as { PUBLIC_KEY: Uint8Array }).PUBLIC_KEY = publicKey;
}
