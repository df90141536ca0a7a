import { describe, expect, it } from 'vitest';
import { nextRetryDelayMs, parseRetryAfter } from './retry-policy';

describe('nextRetryDelayMs', () => {
  const schedule = [5_000, 300_000, 1_800_000];
  it('follows the schedule with ±20% jitter and ends after the last retry', () => {
    expect(nextRetryDelayMs(schedule, 1, undefined, () => 0.5)).toBe(5_000);
    expect(nextRetryDelayMs(schedule, 2, undefined, () => 0)).toBe(240_000);
    expect(nextRetryDelayMs(schedule, 3, undefined, () => 1)).toBe(2_160_000);
    expect(nextRetryDelayMs(schedule, 4)).toBeUndefined();
    expect(nextRetryDelayMs([], 1)).toBeUndefined();
  });
  it('honours a longer Retry-After, never a shorter one, capped at a day', () => {
    expect(nextRetryDelayMs(schedule, 1, 60_000, () => 0.5)).toBe(60_000);
    expect(nextRetryDelayMs(schedule, 1, 1_000, () => 0.5)).toBe(5_000);
    expect(nextRetryDelayMs(schedule, 1, 10 * 86_400_000, () => 0.5)).toBe(86_400_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
