/** A Curve25519 key pair as Baileys represents it: 32-byte public key without the 0x05 prefix. */
export type { KeyPair } from '@whiskeysockets/baileys';

export interface SignedPreKey {
  keyId: number;
  publicKey: Buffer;
  signature: Buffer;
}
