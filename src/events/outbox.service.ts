import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId } from '../common/ids';
import { ALL_EVENTS, mayReadEventType } from './event-types';
import { NOTIFY_CHANNELS } from './events.notifier';

export interface NewEvent {
  type: string;
  orgId: string;
  sessionId?: string | null;
  data: Record<string, unknown>;
  occurredAt?: Date;
}


/** Namespace of the advisory locks below (first key of pg_advisory_xact_lock(int, int)). */
const ORG_EVENT_LOCK = 0x657674; // "evt"

/**
 * The outbox. Features call `record` inside the transaction that makes the change, with that
 * transaction's EntityManager: the event exists if and only if the change committed.
 *
 * Ordering, and why Last-Event-ID never skips an event: a plain identity column is assigned at
 * insert but becomes visible at commit, so a reader could see id 101 before a slower transaction
 * commits id 100 and then move past it. Here each transaction first takes a per-organization
 * transaction-scoped advisory lock, then inserts; the lock is released only after commit (after
 * the rows became visible). So within an organization ids are assigned in commit order: when a
 * reader sees id N of an org, every lower id of that org is already visible (or was rolled back
 * and never existed). Readers page with "org_id = $1 AND id > $last" and never miss one.
 * The cost is that event-writing transactions of one organization serialize from `record` to
 * commit, so callers should record their events last, just before committing.
 *
 * Webhook deliveries are fanned out here too, in the same transaction, so no separate dispatcher
 * with its own (gap-prone) cursor is needed, and a delivery exists exactly when its event does.
 * A webhook gets an event only when its capabilities (those of the principal that created or last
 * changed it) may read the type, like an SSE stream of that principal.
 */
@Injectable()
export class OutboxService {
  async record(manager: EntityManager, event: NewEvent): Promise<void> {
    await this.recordMany(manager, [event]);
  }

  /** Records several events (any organizations) in order, in the caller's transaction. */
  async recordMany(manager: EntityManager, events: NewEvent[]): Promise<string[]> {
    if (!events.length) return [];
    if (!manager.queryRunner?.isTransactionActive) {
      // Without a transaction the lock would be released at once and ordering would break.
      return manager.transaction((m) => this.recordMany(m, events));
    }
    const orgIds = [...new Set(events.map((e) => e.orgId))].sort();
    // Sorted lock order: two multi-org batches cannot deadlock each other.
    for (const orgId of orgIds) {
      await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2)), pg_notify($3, $2)`, [ORG_EVENT_LOCK, orgId, NOTIFY_CHANNELS.events]);
    }
    const now = new Date();
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO events (org_id, session_id, type, data, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])
       RETURNING id`,
      [
        events.map((e) => e.orgId),
        events.map((e) => e.sessionId ?? null),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data ?? {})),
        events.map((e) => (e.occurredAt ?? now).toISOString()),
      ],
    );
    // unnest + INSERT ... RETURNING keeps input order; identity values increase in that order.
    const ids = rows.map((r) => String(r.id));
    await this.fanOut(manager, events, ids, orgIds);
    return ids;
  }

  private async fanOut(manager: EntityManager, events: NewEvent[], ids: string[], orgIds: string[]): Promise<void> {
    const hooks: { id: string; org_id: string; event_types: string[]; capabilities: string[]; session_id: string | null }[] = await manager.query(
      `SELECT id, org_id, event_types, capabilities, session_id FROM webhooks WHERE org_id = ANY($1::text[]) AND enabled`,
      [orgIds],
    );
    if (!hooks.length) return;
    const cols: Record<'id' | 'webhook' | 'org' | 'event' | 'type' | 'session', (string | null)[]> = {
      id: [], webhook: [], org: [], event: [], type: [], session: [],
    };
    events.forEach((e, i) => {
      for (const h of hooks) {
        if (h.org_id !== e.orgId) continue;
        if (!h.event_types.includes(e.type) && !h.event_types.includes(ALL_EVENTS)) continue;
        // Only what the principal that set the webhook up may read ("*" included).
        if (!mayReadEventType(h.capabilities, e.type)) continue;
        if (h.session_id && h.session_id !== e.sessionId) continue;
        cols.id.push(newId());
        cols.webhook.push(h.id);
        cols.org.push(e.orgId);
        cols.event.push(ids[i]);
        cols.type.push(e.type);
        cols.session.push(e.sessionId ?? '');
      }
    });
    if (!cols.id.length) return;
    await manager.query(
      `WITH queued AS (
         INSERT INTO webhook_deliveries (id, webhook_id, org_id, event_id, event_type, session_key, status, attempts, next_attempt_at, created_at)
         SELECT d.id, d.webhook_id, d.org_id, d.event_id, d.event_type, d.session_key, 'pending', 0, now(), now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[])
           AS d(id, webhook_id, org_id, event_id, event_type, session_key)
       )
       SELECT pg_notify($7, '')`,
      [cols.id, cols.webhook, cols.org, cols.event, cols.type, cols.session, NOTIFY_CHANNELS.deliveries],
    );
  }
}
