import {
  Curve,
  DEFAULT_CONNECTION_CONFIG,
  NOISE_WA_HEADER,
  generateLoginNode,
  makeNoiseHandler,
  proto,
  signedKeyPair,
  type BinaryNode,
} from '@whiskeysockets/baileys';
import pino from 'pino';
import { WebSocket } from 'ws';
import type { DeviceKeys } from '../api/phone-api';
import type { KeyPair } from '../types';

const silent = pino({ level: 'silent' });

let shared: { identity: KeyPair; spk: ReturnType<typeof signedKeyPair> } | undefined;

/**
 * Keys of a minimal companion device: enough to link it and for contacts to encrypt to it.
 * Raw clients never decrypt, so they share one identity: XEdDSA signing costs ~12 ms in JS.
 */
export function makeRawDeviceKeys(preKeyCount = 4): { keys: DeviceKeys; noise: KeyPair } {
  const noise = Curve.generateKeyPair();
  if (!shared) {
    const identity = Curve.generateKeyPair();
    shared = { identity, spk: signedKeyPair(identity, 1) };
  }
  const { identity, spk } = shared;
  const preKeys = new Map<number, Buffer>();
  for (let i = 1; i <= preKeyCount; i++) preKeys.set(i, Buffer.from(Curve.generateKeyPair().public));
  return {
    noise,
    keys: {
      noiseKey: Buffer.from(noise.public),
      identityKey: Buffer.from(identity.public),
      registrationId: 1 + Math.floor(Math.random() * 16000),
      signedPreKey: { keyId: 1, publicKey: Buffer.from(spk.keyPair.public), signature: Buffer.from(spk.signature) },
      preKeys,
    },
  };
}

/**
 * A light client for load tests: Baileys' own Noise initiator and login payload, no Signal,
 * no event machinery. It counts the message stanzas it receives (it cannot decrypt them).
 */
export class RawClient {
  received = 0;
  private ws?: WebSocket;
  /** Called on every received message stanza (e.g. to detect the end of a burst). */
  onMessage?: () => void;

  constructor(
    private readonly url: string,
    private readonly noise: KeyPair,
    private readonly jid: string,
  ) {}

  /** Connects, handshakes and resolves after the server's `success`. */
  connect(): Promise<void> {
    const ephemeral = Curve.generateKeyPair();
    const handler = makeNoiseHandler({ keyPair: ephemeral, NOISE_HEADER: NOISE_WA_HEADER, logger: silent as never });
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url, { perMessageDeflate: false });
      this.ws = ws;
      let stage: 'hello' | 'open' = 'hello';
      const send = (bytes: Uint8Array) => ws.send(handler.encodeFrame(bytes));
      ws.on('error', reject);
      ws.on('close', () => reject(new Error('closed before login')));
      ws.on('open', () => send(proto.HandshakeMessage.encode({ clientHello: { ephemeral: ephemeral.public } }).finish()));
      ws.on('message', (data: Buffer) => {
        void handler.decodeFrame(data, (frame: Uint8Array | BinaryNode) => {
          if (stage === 'hello') {
            stage = 'open';
            const hs = proto.HandshakeMessage.decode(frame as Uint8Array);
            const keyEnc = handler.processHandshake(hs, this.noise);
            const login = generateLoginNode(this.jid, DEFAULT_CONNECTION_CONFIG as never);
            const payloadEnc = handler.encrypt(proto.ClientPayload.encode(login).finish());
            send(proto.HandshakeMessage.encode({ clientFinish: { static: keyEnc, payload: payloadEnc } }).finish());
            void handler.finishInit();
            return;
          }
          const node = frame as BinaryNode;
          if (node.tag === 'success') resolve();
          else if (node.tag === 'failure' || node.tag === 'stream:error') reject(new Error(`login failed: ${node.tag}`));
          else if (node.tag === 'message') {
            this.received++;
            this.onMessage?.();
          }
        });
      });
    });
  }

  close(): void {
    this.ws?.removeAllListeners('close');
    this.ws?.on('error', () => undefined);
    this.ws?.terminate();
  }
}
