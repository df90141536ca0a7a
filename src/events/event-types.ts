import type { Capability } from '../auth/decorators';

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
  MESSAGE_EDITED: 'message.edited',
  MESSAGE_REACTION: 'message.reaction',
  POLL_VOTE: 'poll.vote',
  CHANNEL_POST: 'channel.post',
  GROUP_JOINED: 'group.joined',
  GROUP_LEFT: 'group.left',
  GROUP_UPDATED: 'group.updated',
  GROUP_PARTICIPANTS: 'group.participants',
  PRESENCE_UPDATE: 'presence.update',
} as const;

export type EventType = (typeof EventTypes)[keyof typeof EventTypes];
export const EVENT_TYPES: readonly EventType[] = Object.values(EventTypes);
/** A webhook subscribed to "*" receives every type, including types added later. */
export const ALL_EVENTS = '*';

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * The capability a principal needs to see an event of each type: the one that reads the same
 * data over REST (message text and channel posts: `send`, like GET .../chats; a pairing QR:
 * `manage`, like GET .../qr; a session's lifecycle: any principal, like GET /sessions).
 * SSE streams, their replays and webhooks all apply it. A new type must be listed here.
 */
export const EVENT_CAPABILITY: Record<EventType, Capability | null> = {
  'session.created': null,
  'session.status': null,
  'session.qr': 'manage',
  'session.deleted': null,
  'message.received': 'send',
  'message.sent': 'send',
  'message.status': 'send',
  'message.revoked': 'send',
  'message.edited': 'send',
  'message.reaction': 'send',
  'poll.vote': 'send',
  'channel.post': 'send',
  // Groups are read with `send` (GET .../groups), like chats.
  'group.joined': 'send',
  'group.left': 'send',
  'group.updated': 'send',
  'group.participants': 'send',
  // Contacts' presence is read with `send` (GET .../contacts/{id}/presence).
  'presence.update': 'send',
};

/** Whether a principal with these capabilities may see events of this type. */
export function mayReadEventType(capabilities: readonly string[], type: string): boolean {
  if (!isEventType(type)) return false;
  const required = EVENT_CAPABILITY[type];
  return required === null || capabilities.includes(required);
}

/** Every event type a principal with these capabilities may see. */
export function readableEventTypes(capabilities: readonly string[]): EventType[] {
  return EVENT_TYPES.filter((t) => mayReadEventType(capabilities, t));
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
