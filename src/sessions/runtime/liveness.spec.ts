import type { ConnectionLiveness } from '@app/whatsapp';
import { describe, expect, it } from 'vitest';
import { stalled, stallReason } from './liveness';

const idle = (lastReceivedAt: number): ConnectionLiveness => ({
  inbound: { count: 0 },
  sends: { count: 0 },
  keepAlive: { count: 0 },
  lastReceivedAt,
});

describe('the liveness watchdog rule', () => {
  it('an idle connection never stalls, however long it received nothing', () => {
    expect(stalled(idle(0), 1_000_000, 60_000)).toBeUndefined();
  });

  it('work that waits stalls only after the whole window without progress', () => {
    const live = { ...idle(0), sends: { count: 1, stalledSince: 10_000 } };
    expect(stalled(live, 69_999, 60_000)).toBeUndefined();
    expect(stalled(live, 70_000, 60_000)).toEqual({ since: 10_000, sends: 1, inbound: 0, keepAlive: 0 });
  });

  it('received stanzas that are not handled stall, even while frames keep arriving', () => {
    const live = { ...idle(99_000), inbound: { count: 12, stalledSince: 20_000 } };
    expect(stalled(live, 90_000, 60_000)).toEqual({ since: 20_000, sends: 0, inbound: 12, keepAlive: 0 });
  });

  it('an unanswered keep-alive stalls only if nothing at all arrived since it was sent', () => {
    const waiting = { count: 1, stalledSince: 5_000 };
    expect(stalled({ ...idle(4_000), keepAlive: waiting }, 70_000, 60_000)).toMatchObject({ since: 5_000, keepAlive: 1 });
    expect(stalled({ ...idle(6_000), keepAlive: waiting }, 70_000, 60_000)).toBeUndefined();
  });

  it('says why in words, with the sends that waited', () => {
    expect(stallReason({ since: 0, sends: 1, inbound: 0, keepAlive: 0 }, 57, 61_000)).toBe('no progress for 61 s while 57 sends were waiting; reconnecting');
    expect(stallReason({ since: 0, sends: 1, inbound: 0, keepAlive: 1 }, 0, 60_400)).toBe('no progress for 60 s while 1 send was waiting and a keep-alive was not answered; reconnecting');
    expect(stallReason({ since: 0, sends: 0, inbound: 1, keepAlive: 0 }, 0, 3_000)).toBe('no progress for 3 s while 1 incoming stanza was waiting to be handled; reconnecting');
  });
});
