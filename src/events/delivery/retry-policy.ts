/** Cap on an honoured Retry-After, so a receiver cannot park a delivery for ever. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * When to try again after failed attempt number `attempts` (1-based), or undefined when that was
 * the last one. Exponential schedule (Standard Webhooks by default) with ±20% jitter so retries
 * of many deliveries after an outage do not arrive in one burst; a Retry-After from the receiver
 * postpones further but never brings a retry forward.
 */
export function nextRetryDelayMs(schedule: number[], attempts: number, retryAfterMs?: number, random = Math.random): number | undefined {
  if (attempts > schedule.length) return undefined;
  const base = schedule[attempts - 1];
  const jittered = Math.round(base * (0.8 + 0.4 * random()));
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** Retry-After as delta-seconds or an HTTP date → milliseconds from now. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
