import { encodeBinaryNode, decodeBinaryNode, NOISE_WA_HEADER, type BinaryNode } from '@whiskeysockets/baileys';
import type WebSocket from 'ws';
import { encodeFrame, FrameReader, NoiseServerHandshake, type TransportCipher } from '../transport/noise-server';
import { requeueUnreceipted, type Account, type DeviceLink, type LinkedDevice } from '../world/world';
import type { SignedPreKey } from '../types';
import { nextId, nowSeconds, S_WA, type ServerContext } from './context';
import { onClientPayload } from './login';

/** Keys a registering (not yet linked) client presented in its ClientPayload. */
export interface PendingRegistration {
  noiseKey: Buffer;
  identityKey: Buffer;
  registrationId: number;
  signedPreKey: SignedPreKey;
  platform: string;
  refs: string[];
}

let connSeq = 0;

/** One client WebSocket: Noise handshake, then encrypted binary nodes both ways. */
export class Connection implements DeviceLink {
  readonly id = ++connSeq;
  account?: Account;
  device?: LinkedDevice;
  registration?: PendingRegistration;
  /** Set when the client asked for a pairing code (companion_hello). */
  linkCode?: { phone: string; wrapped: Buffer; ref: string };
  /** Resolves the phone's wait for the client's companion_finish. */
  onCompanionFinish?: (iq: BinaryNode) => void;
  clientStaticKey?: Buffer;
  closed = false;
  private readonly reader = new FrameReader();
  private headerSeen = false;
  private handshake?: NoiseServerHandshake;
  private transport?: TransportCipher;
  private chain: Promise<void> = Promise.resolve();
  private readonly waiters = new Map<string, (node: BinaryNode) => void>();

  constructor(
    readonly ws: WebSocket,
    private readonly ctx: ServerContext,
  ) {
    ws.on('message', (data: Buffer) => this.onData(data));
    ws.on('close', () => this.onClosed());
    ws.on('error', () => this.onClosed());
  }

  private onData(data: Buffer): void {
    if (!this.headerSeen) {
      // The first client bytes are the 4-byte WA header, then ordinary frames.
      if (data.length < 4 || !data.subarray(0, 4).equals(NOISE_WA_HEADER)) return this.drop();
      this.headerSeen = true;
      data = data.subarray(4);
    }
    try {
      this.reader.push(data, (frame) => this.onFrame(frame));
    } catch {
      this.drop();
    }
  }

  private onFrame(frame: Buffer): void {
    if (this.transport) {
      // Decrypt now (counters must follow arrival order), handle in order on the chain.
      const plain = this.transport.decrypt(frame);
      // A frozen device's connection (PhoneApi.freeze): what the client sends is lost.
      if (this.device?.frozen) return;
      this.chain = this.chain.then(async () => {
        if (this.closed) return;
        const node = await decodeBinaryNode(plain);
        await this.dispatch(node);
      }).catch(() => undefined);
      return;
    }
    if (!this.handshake) {
      this.handshake = new NoiseServerHandshake(this.ctx.staticKey, this.ctx.certChain);
      this.sendRaw(this.handshake.onClientHello(frame));
      return;
    }
    const { clientStaticKey, payload, transport } = this.handshake.onClientFinish(frame);
    this.transport = transport;
    this.clientStaticKey = clientStaticKey;
    onClientPayload(this, this.ctx, payload);
  }

  private async dispatch(node: BinaryNode): Promise<void> {
    if (node.tag === 'iq' && (node.attrs.type === 'result' || node.attrs.type === 'error')) {
      const w = this.waiters.get(node.attrs.id);
      if (w) {
        this.waiters.delete(node.attrs.id);
        w(node);
      }
      return;
    }
    await this.ctx.handleStanza(this, node);
  }

  private sendRaw(bytes: Uint8Array): void {
    if (!this.closed) this.ws.send(encodeFrame(bytes));
  }

  sendNode(node: BinaryNode): void {
    // Frozen: nothing reaches the client; messages stay unreceipted and go at its next login.
    if (this.closed || !this.transport || this.device?.frozen) return;
    this.ws.send(encodeFrame(this.transport.encrypt(encodeBinaryNode(node))));
  }

  /** Server-initiated iq; resolves with the client's result/error node. */
  query(node: BinaryNode, timeoutMs = 10_000): Promise<BinaryNode> {
    const id = node.attrs.id ?? nextId('Q');
    node.attrs.id = id;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new Error(`client did not answer iq ${id}`));
      }, timeoutMs);
      this.waiters.set(id, (n) => {
        clearTimeout(timer);
        resolve(n);
      });
      this.sendNode(node);
    });
  }

  /** Ends the stream with a stream error the client maps to a DisconnectReason. */
  kick(code: number, reason?: string): void {
    if (this.closed) return;
    const content: BinaryNode[] = [];
    if (code === 440 || reason === 'replaced') content.push({ tag: 'conflict', attrs: { type: 'replaced' } });
    else if (code === 401) content.push({ tag: 'conflict', attrs: { type: 'device_removed' } });
    this.sendNode({ tag: 'stream:error', attrs: { code: String(code) }, content });
    this.close();
  }

  /** Answers the login with a failure (e.g. 401 for an unlinked device) and closes. */
  fail(reason: number): void {
    this.sendNode({ tag: 'failure', attrs: { reason: String(reason), location: 'emu', t: String(nowSeconds()) } });
    this.close();
  }

  /** Closes the TCP connection without any stanza: the client sees a lost connection. */
  drop(): void {
    if (this.closed) return;
    this.ws.terminate();
    this.onClosed();
  }

  private close(): void {
    // Let queued frames flush before the close handshake.
    this.ws.close();
    this.onClosed();
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.device?.conn === this) {
      this.device.conn = undefined;
      requeueUnreceipted(this.device);
    }
    for (const r of this.registration?.refs ?? []) this.ctx.pendingRefs.delete(r);
    for (const [phone, c] of this.ctx.pendingLinkCodes) if (c === this) this.ctx.pendingLinkCodes.delete(phone);
    this.waiters.clear();
    this.ctx.world.emit('connection', this, 'closed');
  }

  sendIqResult(request: BinaryNode, content?: BinaryNode[]): void {
    this.sendNode({ tag: 'iq', attrs: { id: request.attrs.id, type: 'result', from: S_WA }, content });
  }

  sendIqError(request: BinaryNode, code: number, text: string): void {
    this.sendNode({
      tag: 'iq',
      attrs: { id: request.attrs.id, type: 'error', from: S_WA },
      content: [{ tag: 'error', attrs: { code: String(code), text } }],
    });
  }
}
