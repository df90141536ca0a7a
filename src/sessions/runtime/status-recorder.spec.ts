import { describe, expect, it } from 'vitest';
import { SessionEntity } from '../entities/session.entity';
import type { RuntimePatch, SessionsRepository } from '../sessions.repository';
import { StatusRecorder } from './status-recorder';

/** A sessions table of one row whose database can be switched off, recording each status event. */
function fakeRepo() {
  const row = Object.assign(new SessionEntity(), { id: 's1', orgId: 'o', status: 'connected', lastError: null, updatedAt: new Date(1000) });
  const events: { status: string; previous: string; lastError: string | null }[] = [];
  let up = true;
  let clock = 2000;
  const repo = {
    applyRuntime: async (id: string, patch: RuntimePatch, _extra?: unknown, unlessChangedSince?: Date) => {
      if (!up) throw new Error('connect ECONNREFUSED');
      if (id !== row.id) return undefined;
      if (unlessChangedSince && row.updatedAt.getTime() !== unlessChangedSince.getTime()) return undefined;
      const before = row.status;
      Object.assign(row, patch, { updatedAt: new Date(clock++) });
      if (patch.status) events.push({ status: row.status, previous: before, lastError: row.lastError });
      return Object.assign(new SessionEntity(), row);
    },
  };
  return {
    row,
    events,
    repo: repo as unknown as SessionsRepository,
    setUp: (v: boolean) => (up = v),
    /** Another writer (a user, another process) changes the row. */
    touch: () => (row.updatedAt = new Date(clock++)),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('StatusRecorder', () => {
  it('writes at once while the database answers, and shows nothing over the row', async () => {
    const db = fakeRepo();
    const rec = new StatusRecorder(db.repo, () => true);
    await rec.write('s1', { status: 'reconnecting', lastError: 'x' });
    expect(db.row.status).toBe('reconnecting');
    expect(rec.overlay(db.row)).toBe(db.row);
  });

  it('keeps what the database refused, in order, shows it over the stale row, and writes each change with its event once it answers', async () => {
    const db = fakeRepo();
    const rec = new StatusRecorder(db.repo, () => true);
    await rec.write('s1', { status: 'connected', lastError: null });
    db.setUp(false);
    await rec.write('s1', { status: 'reconnecting', lastError: 'database lost' }); // resolves, not rejects
    await rec.write('s1', { status: 'connected', lastError: null });
    expect(db.row.status).toBe('connected'); // stale: the database never heard of the drop
    const shown = rec.overlay(Object.assign(new SessionEntity(), db.row, { status: 'connected' }));
    expect(shown.status).toBe('connected');
    expect(rec.knows('s1')).toBe(true);
    db.setUp(true);
    rec.retryNow();
    await settle();
    expect(db.events.slice(1).map((e) => `${e.previous}->${e.status}`)).toEqual(['connected->reconnecting', 'reconnecting->connected']);
    expect(rec.overlay(db.row)).toBe(db.row);
  });

  it('shows the refused change over the stored row until it is written', async () => {
    const db = fakeRepo();
    const rec = new StatusRecorder(db.repo, () => true);
    db.setUp(false);
    await rec.write('s1', { status: 'reconnecting', lastError: 'database lost' });
    const shown = rec.overlay(db.row);
    expect(shown).not.toBe(db.row);
    expect({ status: shown.status, lastError: shown.lastError }).toEqual({ status: 'reconnecting', lastError: 'database lost' });
    expect(shown.updatedAt.getTime()).toBeGreaterThan(db.row.updatedAt.getTime());
    expect(db.row.status).toBe('connected');
  });

  it('retries by itself until the database takes it', async () => {
    const db = fakeRepo();
    const rec = new StatusRecorder(db.repo, () => true);
    db.setUp(false);
    await rec.write('s1', { status: 'reconnecting', lastError: 'database lost' });
    db.setUp(true);
    await new Promise((r) => setTimeout(r, 600)); // first retry after 250 ms
    expect(db.row.status).toBe('reconnecting');
    expect(rec.knows('s1')).toBe(true);
  });

  it('without the lease, writes a kept change only if nobody wrote the row since; else drops it, outdated', async () => {
    const db = fakeRepo();
    let lease = true;
    const rec = new StatusRecorder(db.repo, () => lease);
    await rec.write('s1', { status: 'connected', lastError: null });
    db.setUp(false);
    lease = false;
    await rec.write('s1', { status: 'reconnecting', lastError: 'database lost' });
    db.setUp(true);
    db.touch(); // another process took the session over and wrote it
    rec.retryNow();
    await settle();
    expect(db.row.status).toBe('connected');
    expect(rec.overlay(db.row)).toBe(db.row);

    // Unchanged since: written.
    db.setUp(false);
    const rec2 = new StatusRecorder(db.repo, () => lease);
    lease = true;
    db.setUp(true);
    await rec2.write('s1', { status: 'connected', lastError: null });
    lease = false;
    db.setUp(false);
    await rec2.write('s1', { status: 'reconnecting', lastError: 'database lost' });
    db.setUp(true);
    rec2.retryNow();
    await settle();
    expect(db.row).toMatchObject({ status: 'reconnecting', lastError: 'database lost' });
  });

  it('keeps a bounded number of changes per session: the first and the latest, fields of those between folded forward', async () => {
    const db = fakeRepo();
    const rec = new StatusRecorder(db.repo, () => true);
    db.setUp(false);
    await rec.write('s1', { status: 'reconnecting', lastError: 'first' });
    await rec.write('s1', { status: 'reconnecting', lastError: 'second', phoneNumber: '1555' });
    for (let i = 0; i < 40; i++) await rec.write('s1', { status: 'reconnecting', lastError: `n${i}` });
    await rec.write('s1', { status: 'connected', lastError: null });
    db.setUp(true);
    rec.retryNow();
    await settle();
    expect(db.events.length).toBeLessThanOrEqual(16);
    expect(db.events[0]).toMatchObject({ status: 'reconnecting', lastError: 'first' });
    expect(db.row).toMatchObject({ status: 'connected', lastError: null, phoneNumber: '1555' });
  });
});
