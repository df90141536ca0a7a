/**
 * Delay between two sends of one session: 1/rate seconds plus a random jitter, so a burst of
 * API calls leaves the number as a human-like trickle (bursts get numbers banned).
 * rate 0 = no pacing.
 */
export function sendInterval(ratePerSecond: number, jitterMs: number, random: () => number = Math.random): number {
  if (ratePerSecond <= 0) return 0;
  return 1000 / ratePerSecond + Math.floor(random() * (jitterMs + 1));
}

/** Retry delay after a failed attempt: 1 s, 2 s, 4 s ... at most 60 s. */
export function retryDelay(attempts: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));
}
