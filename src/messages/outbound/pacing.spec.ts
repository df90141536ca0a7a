import { describe, expect, it } from 'vitest';
import { retryDelay, sendInterval } from './pacing';
import { newWaMessageId, WA_MESSAGE_ID_RE } from '@app/whatsapp';

describe('send pacing', () => {
  it('is off at rate 0', () => {
    expect(sendInterval(0, 1000)).toBe(0);
  });
  it('spaces sends by 1/rate plus a jitter within bounds', () => {
    expect(sendInterval(2, 300, () => 0)).toBe(500);
    expect(sendInterval(2, 300, () => 0.9999)).toBe(800);
    expect(sendInterval(1, 0, () => 0.5)).toBe(1000);
  });
  it('backs off retries exponentially up to a minute', () => {
    expect([1, 2, 3].map(retryDelay)).toEqual([1000, 2000, 4000]);
    expect(retryDelay(30)).toBe(60_000);
  });
});

describe('WhatsApp message ids', () => {
  it('look like the ids Baileys generates and do not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, newWaMessageId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(WA_MESSAGE_ID_RE);
  });
});
