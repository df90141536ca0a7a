import { EventEmitter } from 'node:events';
import { InboundMessage, StatusUpdate, WhatsAppConnection } from '@app/whatsapp';

export interface RuntimeEventMap {
  /**
   * Messages arrived on a session this process runs (live or offline backlog). A listener that
   * stores them passes `hold` the promise of its commit: WhatsApp gets their receipts only then.
   */
  messages: [{ sessionId: string; orgId: string; messages: InboundMessage[]; live: boolean; hold: (stored: Promise<unknown>) => void }];
  /** Delivery receipts for messages. */
  statuses: [{ sessionId: string; orgId: string; updates: StatusUpdate[] }];
  /** A session became connected in this process (e.g. to flush its outbound queue). */
  connected: [{ sessionId: string; orgId: string; connection: WhatsAppConnection }];
}

/**
 * In-process bus from the supervisor (which owns the sockets) to the features that store what
 * arrives. Listeners must not throw; they are awaited in order for backpressure where it matters.
 */
export class SessionRuntimeEvents extends EventEmitter<RuntimeEventMap> {}
