import { EventEmitter } from 'node:events';
import { FeatureEvents, FeatureEvent, WhatsAppConnection } from '@app/whatsapp';

/** Which session (of which organization) an event belongs to. */
export interface SessionScope {
  sessionId: string;
  orgId: string;
}

/**
 * What the sessions of this process report to the features: every feature event of the engine
 * (FeatureEvents: messages, receipts, ...) with the session it belongs to, and `connected` when a
 * session's connection opens here (e.g. to flush its outbound queue).
 */
export type SessionEventMap = { [E in FeatureEvent]: [FeatureEvents[E] & SessionScope] } & {
  connected: [SessionScope & { connection: WhatsAppConnection }];
};

/**
 * In-process bus from the supervisor (which owns the sockets) to the features. Listeners must not
 * throw; a listener that stores messages passes `hold` its commit (see FeatureEvents.messages).
 */
export class SessionRuntimeEvents extends EventEmitter<SessionEventMap> {}
