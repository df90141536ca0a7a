import { createCipheriv, createDecipheriv } from 'node:crypto';
import { Curve, NOISE_MODE, NOISE_WA_HEADER, hkdf, proto, sha256 } from '@whiskeysockets/baileys';
import type { KeyPair } from '../types';

const EMPTY = Buffer.alloc(0);
const TAG_LEN = 16;

function gcmEncrypt(plain: Uint8Array, key: Uint8Array, iv: Uint8Array, aad: Uint8Array): Buffer {
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
}

function gcmDecrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array, aad: Uint8Array): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, iv);
  const body = data.subarray(0, data.length - TAG_LEN);
  d.setAAD(aad);
  d.setAuthTag(data.subarray(data.length - TAG_LEN));
  return Buffer.concat([d.update(body), d.final()]);
}

function counterIv(counter: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeUInt32BE(counter >>> 0, 8);
  return iv;
}

/** Transport keys after the handshake: AES-GCM with counter IVs and empty AAD, one counter per direction. */
export class TransportCipher {
  private readCounter = 0;
  private writeCounter = 0;
  constructor(
    private readonly encKey: Buffer,
    private readonly decKey: Buffer,
  ) {}
  encrypt(plain: Uint8Array): Buffer {
    return gcmEncrypt(plain, this.encKey, counterIv(this.writeCounter++), EMPTY);
  }
  decrypt(data: Uint8Array): Buffer {
    return gcmDecrypt(data, this.decKey, counterIv(this.readCounter++), EMPTY);
  }
}

export interface HandshakeResult {
  clientStaticKey: Buffer;
  payload: proto.ClientPayload;
  transport: TransportCipher;
}

/**
 * The responder side of Noise XX exactly as Baileys' makeNoiseHandler runs the initiator side:
 * same hash/salt chaining, same order of DH mixes, so both ends derive identical keys.
 */
export class NoiseServerHandshake {
  private hash: Buffer;
  private salt: Buffer;
  private key: Buffer;
  private counter = 0;
  private readonly ephemeral: KeyPair = Curve.generateKeyPair();
  private clientEphemeral?: Buffer;

  constructor(
    private readonly staticKey: KeyPair,
    private readonly certChain: Uint8Array,
  ) {
    const mode = Buffer.from(NOISE_MODE);
    this.hash = mode.byteLength === 32 ? mode : sha256(mode);
    this.salt = this.hash;
    this.key = this.hash;
    this.authenticate(NOISE_WA_HEADER);
  }

  private authenticate(data: Uint8Array): void {
    this.hash = sha256(Buffer.concat([this.hash, data]));
  }

  private mixIntoKey(data: Uint8Array): void {
    const out = Buffer.from(hkdf(Buffer.from(data), 64, { salt: this.salt, info: '' }));
    this.salt = out.subarray(0, 32);
    this.key = out.subarray(32);
    this.counter = 0;
  }

  private encrypt(plain: Uint8Array): Buffer {
    const out = gcmEncrypt(plain, this.key, counterIv(this.counter++), this.hash);
    this.authenticate(out);
    return out;
  }

  private decrypt(data: Uint8Array): Buffer {
    const out = gcmDecrypt(data, this.key, counterIv(this.counter++), this.hash);
    this.authenticate(data);
    return out;
  }

  /** Consumes the client hello, returns the encoded server hello to send back. */
  onClientHello(frame: Uint8Array): Buffer {
    const msg = proto.HandshakeMessage.decode(frame);
    const clientEphemeral = msg.clientHello?.ephemeral;
    if (!clientEphemeral || clientEphemeral.length !== 32) throw new Error('bad client hello');
    this.clientEphemeral = Buffer.from(clientEphemeral);
    this.authenticate(this.clientEphemeral);
    this.authenticate(this.ephemeral.public);
    this.mixIntoKey(Curve.sharedKey(this.ephemeral.private, this.clientEphemeral));
    const staticEnc = this.encrypt(this.staticKey.public);
    this.mixIntoKey(Curve.sharedKey(this.staticKey.private, this.clientEphemeral));
    const payloadEnc = this.encrypt(this.certChain);
    return Buffer.from(
      proto.HandshakeMessage.encode({
        serverHello: { ephemeral: this.ephemeral.public, static: staticEnc, payload: payloadEnc },
      }).finish(),
    );
  }

  /** Consumes the client finish: the client's static (noise) key and its ClientPayload. */
  onClientFinish(frame: Uint8Array): HandshakeResult {
    const msg = proto.HandshakeMessage.decode(frame);
    const fin = msg.clientFinish;
    if (!fin?.static || !fin.payload) throw new Error('bad client finish');
    const clientStaticKey = this.decrypt(fin.static);
    this.mixIntoKey(Curve.sharedKey(this.ephemeral.private, clientStaticKey));
    const payload = proto.ClientPayload.decode(this.decrypt(fin.payload));
    const out = Buffer.from(hkdf(Buffer.alloc(0), 64, { salt: this.salt, info: '' }));
    // The client writes with the first half and reads with the second: mirror it.
    const transport = new TransportCipher(out.subarray(32), out.subarray(0, 32));
    return { clientStaticKey, payload, transport };
  }
}

/** Splits a byte stream into 3-byte-length-prefixed frames. */
export class FrameReader {
  private buf: Buffer = EMPTY;
  push(data: Buffer, onFrame: (frame: Buffer) => void): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    while (this.buf.length >= 3) {
      const size = (this.buf[0] << 16) | (this.buf[1] << 8) | this.buf[2];
      if (this.buf.length < size + 3) return;
      const frame = this.buf.subarray(3, size + 3);
      this.buf = this.buf.subarray(size + 3);
      onFrame(frame);
    }
  }
}

export function encodeFrame(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(3 + data.length);
  out[0] = (data.length >>> 16) & 0xff;
  out[1] = (data.length >>> 8) & 0xff;
  out[2] = data.length & 0xff;
  out.set(data, 3);
  return out;
}
