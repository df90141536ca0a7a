import { getMediaKeys, type MediaType } from '@whiskeysockets/baileys';
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/** Encrypted media blobs kept in memory, addressed by their direct path. */
export class MediaStore {
  readonly auth = randomBytes(16).toString('base64url');
  /** host:port the clients upload to and download from (set once the HTTPS server listens). */
  host = '127.0.0.1:0';
  private readonly blobs = new Map<string, Buffer>();

  put(encrypted: Buffer, kind = 'm'): { directPath: string; url: string } {
    const directPath = `/v/t62.${kind}/${randomBytes(12).toString('hex')}.enc`;
    this.blobs.set(directPath, encrypted);
    return { directPath, url: `https://${this.host}${directPath}` };
  }

  get(path: string): Buffer | undefined {
    return this.blobs.get(path.split('?')[0]);
  }

  get size(): number {
    return this.blobs.size;
  }
}

export interface EncryptedMedia {
  mediaKey: Buffer;
  file: Buffer;
  fileSha256: Buffer;
  fileEncSha256: Buffer;
  fileLength: number;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();

/** WhatsApp media encryption: AES-256-CBC with keys from HKDF(mediaKey), then a 10-byte HMAC. */
export async function encryptMedia(plain: Buffer, type: MediaType): Promise<EncryptedMedia> {
  const mediaKey = randomBytes(32);
  const { cipherKey, iv, macKey } = (await getMediaKeys(mediaKey, type)) as Record<'cipherKey' | 'iv' | 'macKey', Buffer>;
  const c = createCipheriv('aes-256-cbc', cipherKey, iv);
  const enc = Buffer.concat([c.update(plain), c.final()]);
  const mac = createHmac('sha256', macKey).update(iv).update(enc).digest().subarray(0, 10);
  const file = Buffer.concat([enc, mac]);
  return { mediaKey, file, fileSha256: sha256(plain), fileEncSha256: sha256(file), fileLength: plain.length };
}

export async function decryptMedia(file: Buffer, mediaKey: Uint8Array, type: MediaType): Promise<Buffer> {
  const { cipherKey, iv, macKey } = (await getMediaKeys(Buffer.from(mediaKey), type)) as Record<'cipherKey' | 'iv' | 'macKey', Buffer>;
  const enc = file.subarray(0, file.length - 10);
  const mac = createHmac('sha256', macKey).update(iv).update(enc).digest().subarray(0, 10);
  if (!mac.equals(file.subarray(file.length - 10))) throw new Error('media MAC mismatch');
  const d = createDecipheriv('aes-256-cbc', cipherKey, iv);
  return Buffer.concat([d.update(enc), d.final()]);
}
