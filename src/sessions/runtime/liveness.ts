import { ConnectionLiveness } from '@app/whatsapp';

/** What of a connection waited without progress for the watchdog's window (see SessionSupervisor.checkLiveness). */
export interface Stall {
  /** Since when nothing moved. */
  since: number;
  /** How much of each kind waited (0: that kind did not stall). */
  sends: number;
  inbound: number;
  keepAlive: number;
}

/** What of `live` has waited without progress for `windowMs` (undefined: nothing). */
export function stalled(live: ConnectionLiveness, now: number, windowMs: number): Stall | undefined {
  const over = (since: number | undefined) => since !== undefined && now - since >= windowMs;
  // A keep-alive counts as unanswered only if nothing at all arrived since it was sent.
  const keepAliveSince = live.keepAlive.stalledSince !== undefined && live.lastReceivedAt <= live.keepAlive.stalledSince ? live.keepAlive.stalledSince : undefined;
  const stall: Stall = {
    since: now,
    sends: over(live.sends.stalledSince) ? live.sends.count : 0,
    inbound: over(live.inbound.stalledSince) ? live.inbound.count : 0,
    keepAlive: over(keepAliveSince) ? live.keepAlive.count : 0,
  };
  if (!stall.sends && !stall.inbound && !stall.keepAlive) return undefined;
  for (const since of [stall.sends && live.sends.stalledSince, stall.inbound && live.inbound.stalledSince, stall.keepAlive && keepAliveSince]) {
    if (since) stall.since = Math.min(stall.since, since);
  }
  return stall;
}

/**
 * The watchdog's `lastError`: `no progress for 60 s while 3 sends were waiting; reconnecting`.
 * `queued`: the session's messages waiting in the outbound queue (at least those the connection
 * was sending).
 */
export function stallReason(stall: Stall, queued: number, now: number): string {
  const waiting: string[] = [];
  const sends = Math.max(queued, stall.sends);
  if (sends) waiting.push(`${sends} ${sends === 1 ? 'send was' : 'sends were'} waiting`);
  if (stall.inbound) waiting.push(`${stall.inbound} incoming ${stall.inbound === 1 ? 'stanza was' : 'stanzas were'} waiting to be handled`);
  if (stall.keepAlive) waiting.push('a keep-alive was not answered');
  return `no progress for ${Math.round((now - stall.since) / 1000)} s while ${waiting.join(' and ')}; reconnecting`;
}
