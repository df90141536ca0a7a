import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles per attempt, with jitter in the upper half, and stays under the cap', () => {
    expect(backoffDelay(0, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(0, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(4000);
    expect(backoffDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffDelay(30, 1000, 60_000, () => 0)).toBe(30_000);
  });
});
