import { Curve, generateSignalPubKey, signedKeyPair } from '@whiskeysockets/baileys';
import { ProtocolAddress, SessionBuilder, SessionCipher, SessionRecord, type SignalStorage } from 'libsignal';
import { randomInt } from 'node:crypto';
import type { KeyPair, SignedPreKey } from '../types';

/** A public key bundle as the emulator hands it out: what `<iq xmlns=encrypt><key>` answers carry. */
export interface KeyBundle {
  registrationId: number;
  identityKey: Buffer; // 32 bytes, no 0x05 prefix
  signedPreKey: SignedPreKey;
  preKey?: { keyId: number; publicKey: Buffer };
}

/**
 * A real Signal identity held by the emulator (an emulated contact): identity key, signed prekey,
 * one-time prekeys minted on demand, and in-memory sessions with the companion devices it talks to.
 */
export class SignalParty {
  readonly registrationId = randomInt(1, 16380);
  readonly identity: KeyPair = Curve.generateKeyPair();
  private readonly signedPreKey = signedKeyPair(this.identity, randomInt(1, 1 << 20));
  private readonly preKeys = new Map<number, KeyPair>();
  private nextPreKeyId = 1;
  private readonly sessions = new Map<string, Uint8Array>();

  private readonly storage: SignalStorage = {
    loadSession: async (id) => {
      const s = this.sessions.get(id);
      return s ? SessionRecord.deserialize(s) : undefined;
    },
    storeSession: async (id, record) => {
      this.sessions.set(id, record.serialize());
    },
    isTrustedIdentity: () => true,
    loadPreKey: async (id) => {
      const k = this.preKeys.get(Number(id));
      return k ? { privKey: Buffer.from(k.private), pubKey: generateSignalPubKey(k.public) as Buffer } : undefined;
    },
    removePreKey: (id) => {
      this.preKeys.delete(Number(id));
    },
    loadSignedPreKey: () => ({
      privKey: Buffer.from(this.signedPreKey.keyPair.private),
      pubKey: generateSignalPubKey(this.signedPreKey.keyPair.public) as Buffer,
    }),
    getOurRegistrationId: () => this.registrationId,
    getOurIdentity: () => ({
      privKey: Buffer.from(this.identity.private),
      pubKey: generateSignalPubKey(this.identity.public) as Buffer,
    }),
  };

  /** Bundle with a fresh one-time prekey (each fetch consumes one, like the real server). */
  bundle(): KeyBundle {
    const keyId = this.nextPreKeyId++;
    const pair = Curve.generateKeyPair();
    this.preKeys.set(keyId, pair);
    return {
      registrationId: this.registrationId,
      identityKey: Buffer.from(this.identity.public),
      signedPreKey: {
        keyId: this.signedPreKey.keyId,
        publicKey: Buffer.from(this.signedPreKey.keyPair.public),
        signature: Buffer.from(this.signedPreKey.signature),
      },
      preKey: { keyId, publicKey: Buffer.from(pair.public) },
    };
  }

  hasSession(address: ProtocolAddress): boolean {
    return this.sessions.has(address.toString());
  }

  /** Encrypts for a remote device, first building a session from its bundle when none exists. */
  async encrypt(
    address: ProtocolAddress,
    plaintext: Uint8Array,
    bundleFor: () => KeyBundle | undefined,
  ): Promise<{ type: 'pkmsg' | 'msg'; ciphertext: Buffer }> {
    if (!this.sessions.has(address.toString())) {
      const b = bundleFor();
      if (!b) throw new Error(`no key bundle for ${address.toString()}`);
      await new SessionBuilder(this.storage, address).initOutgoing({
        registrationId: b.registrationId,
        identityKey: generateSignalPubKey(b.identityKey),
        signedPreKey: {
          keyId: b.signedPreKey.keyId,
          publicKey: generateSignalPubKey(b.signedPreKey.publicKey),
          signature: b.signedPreKey.signature,
        },
        preKey: b.preKey
          ? { keyId: b.preKey.keyId, publicKey: generateSignalPubKey(b.preKey.publicKey) }
          : (undefined as never),
      });
    }
    const { type, body } = await new SessionCipher(this.storage, address).encrypt(plaintext);
    return { type: type === 3 ? 'pkmsg' : 'msg', ciphertext: Buffer.from(body, 'binary') };
  }

  async decrypt(address: ProtocolAddress, type: string, ciphertext: Uint8Array): Promise<Buffer> {
    const cipher = new SessionCipher(this.storage, address);
    return type === 'pkmsg' ? cipher.decryptPreKeyWhisperMessage(ciphertext) : cipher.decryptWhisperMessage(ciphertext);
  }

  /**
   * TESTING: replaces the session with a remote device by one that device never saw (built from
   * its identity and signed prekey, no one-time prekey) and marks it as answered, so that what is
   * encrypted next goes out as a plain `msg` the device cannot decrypt ("No matching sessions
   * found for message"): the two sides' sessions have diverged. A retry receipt from the device
   * ends it (the contact re-sends with a fresh session, see resendToDevice).
   */
  async divergeSession(address: ProtocolAddress, bundle: KeyBundle): Promise<void> {
    const id = address.toString();
    this.sessions.delete(id);
    await new SessionBuilder(this.storage, address).initOutgoing({
      registrationId: bundle.registrationId,
      identityKey: generateSignalPubKey(bundle.identityKey),
      signedPreKey: {
        keyId: bundle.signedPreKey.keyId,
        publicKey: generateSignalPubKey(bundle.signedPreKey.publicKey),
        signature: bundle.signedPreKey.signature,
      },
      preKey: undefined as never,
    });
    const record = SessionRecord.deserialize(this.sessions.get(id)!) as unknown as { getOpenSession(): { pendingPreKey?: unknown } | undefined };
    const open = record.getOpenSession();
    if (open) delete open.pendingPreKey;
    this.sessions.set(id, (record as unknown as SessionRecord).serialize());
  }

  /** Forgets the session with one remote device: the next encrypt builds a new one from a bundle. */
  dropSession(address: ProtocolAddress): boolean {
    return this.sessions.delete(address.toString());
  }

  /** Forgets sessions whose address starts with `prefix` (e.g. all devices of one account); returns how many. */
  dropSessionsWith(prefix: string): number {
    let n = 0;
    for (const k of [...this.sessions.keys()]) if (k.startsWith(prefix) && this.sessions.delete(k)) n++;
    return n;
  }
}

export { ProtocolAddress };
