import type { BinaryNode } from '@whiskeysockets/baileys';
import type { World } from '../world/world';
import type { MediaStore } from '../media/media-store';
import type { KeyPair } from '../types';
import type { Connection } from './connection';

/** Shared server state every connection and handler reads. */
export interface ServerContext {
  world: World;
  media: MediaStore;
  staticKey: KeyPair;
  certChain: Uint8Array;
  /** QR ref -> connection waiting to be paired. */
  pendingRefs: Map<string, Connection>;
  /** Connections that asked for a pairing code, by phone digits. */
  pendingLinkCodes: Map<string, Connection>;
  /** Delay before automatic receipts (see stanzas.ts). */
  receiptDelayMs: number;
  /** Per-type handlers for client stanzas; filled by the server. */
  handleStanza(conn: Connection, node: BinaryNode): Promise<void>;
}

export const S_WA = 's.whatsapp.net';
export const nowSeconds = () => Math.floor(Date.now() / 1000);

let idSeq = 0;
const idPrefix = Math.random().toString(16).slice(2, 8).toUpperCase();
/** Short unique ids for server-originated stanzas and messages. */
export const nextId = (prefix = 'E') => `${prefix}${idPrefix}${(++idSeq).toString(16).toUpperCase()}`;
