import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/config';
import { loadOrCreateSecret } from './secrets';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for secrets at rest: the WhatsApp state of every session and the signing secrets of
 * webhooks. The row's identity (e.g. session, type and key id; or `webhook/<id>/secret`) is the
 * additional authenticated data, so a value copied to another row fails to decrypt.
 * Layout: iv (12) | tag (16) | ciphertext.
 */
export class StateCipher {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the WhatsApp state key must be 32 bytes');
    this.key = key;
  }

  encrypt(plaintext: string, aad: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decrypt(data: Buffer, aad: string): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(data.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

/**
 * The cipher under the gateway's one data key: WA_STATE_KEY (base64 of 32 bytes) when set, else a
 * key generated once under DATA_DIR (base64url). Every module that encrypts builds it here, so
 * they all use the same key.
 */
export function createStateCipher(config: Pick<AppConfig, 'dataDir' | 'whatsapp'>): StateCipher {
  const configured = config.whatsapp.stateKey;
  const key = configured ?? loadOrCreateSecret(config.dataDir, 'wa-state-key');
  return new StateCipher(Buffer.from(key, configured ? 'base64' : 'base64url'));
}
