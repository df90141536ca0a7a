/**
 * Every event type the gateway records. Features record them through OutboxService; webhooks
 * subscribe to a subset (or "*"). Adding a type here makes it subscribable.
 */
export const EventTypes = {
  SESSION_CREATED: 'session.created',
  SESSION_STATUS: 'session.status',
  SESSION_QR: 'session.qr',
  SESSION_DELETED: 'session.deleted',
  MESSAGE_RECEIVED: 'message.received',
  MESSAGE_SENT: 'message.sent',
  MESSAGE_STATUS: 'message.status',
  MESSAGE_REVOKED: 'message.revoked',
  CHANNEL_POST: 'channel.post',
} as const;

export type EventType = (typeof EventTypes)[keyof typeof EventTypes];
export const EVENT_TYPES: readonly EventType[] = Object.values(EventTypes);
/** A webhook subscribed to "*" receives every type, including types added later. */
export const ALL_EVENTS = '*';

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** The wire shape of an event: SSE `data:` and webhook body. */
export interface EventPayload {
  /** Decimal string of a bigint: increases with commit order within an organization. */
  id: string;
  type: string;
  orgId: string;
  sessionId: string | null;
  occurredAt: string;
  data: Record<string, unknown>;
}
