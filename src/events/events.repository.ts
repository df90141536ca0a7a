import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventPayload } from './event-types';

export interface EventFilter {
  sessionId?: string;
  types?: string[];
}

export interface EventBatch {
  /** Matching events, in id order. */
  events: EventPayload[];
  /** The highest id scanned (matching or not): where the next read starts. */
  position: string;
  /** Whether the batch was full (more may follow at once). */
  full: boolean;
}

interface EventRow {
  id: string;
  match: boolean;
  type: string | null;
  session_id: string | null;
  occurred_at: Date | null;
  data: Record<string, unknown> | null;
}

/** Reads of the outbox, always within one organization. */
@Injectable()
export class EventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether the session exists in this organization (another organization's is as absent). */
  async sessionExists(orgId: string, sessionId: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM sessions WHERE org_id = $1 AND id = $2`, [orgId, sessionId]);
    return rows.length > 0;
  }

  async latestId(orgId: string): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT max(id)::text AS id FROM events WHERE org_id = $1`, [orgId]);
    return row?.id ?? '0';
  }

  /**
   * The organization's events after `afterId`. Filters apply in SQL, but every scanned id counts
   * for the position, so a stream with a narrow filter does not rescan what it skipped.
   */
  async readAfter(orgId: string, afterId: string, filter: EventFilter, limit: number): Promise<EventBatch> {
    const rows: EventRow[] = await this.dataSource.query(
      `WITH batch AS (
         SELECT * FROM events WHERE org_id = $1 AND id > $2::bigint ORDER BY id LIMIT $3
       ), marked AS (
         SELECT *, (($4::text IS NULL OR session_id = $4) AND ($5::text[] IS NULL OR type = ANY($5))) AS match FROM batch
       )
       SELECT id::text AS id, match,
              CASE WHEN match THEN type END AS type, CASE WHEN match THEN session_id END AS session_id,
              CASE WHEN match THEN occurred_at END AS occurred_at, CASE WHEN match THEN data END AS data
       FROM marked ORDER BY marked.id`,
      [orgId, afterId, limit, filter.sessionId ?? null, filter.types?.length ? filter.types : null],
    );
    return {
      events: rows.filter((r) => r.match).map((r) => toPayload(orgId, r)),
      position: rows.length ? rows[rows.length - 1].id : afterId,
      full: rows.length === limit,
    };
  }
}

function toPayload(orgId: string, r: EventRow): EventPayload {
  return {
    id: r.id,
    type: r.type!,
    orgId,
    sessionId: r.session_id,
    occurredAt: new Date(r.occurred_at!).toISOString(),
    data: r.data ?? {},
  };
}
