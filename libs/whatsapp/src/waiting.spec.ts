import { describe, expect, it } from 'vitest';
import { KeyedWaitTracker, WaitTracker } from './waiting';

describe('WaitTracker', () => {
  it('stalls from the first start, restarts its clock at each finish while others wait, stops when none waits', () => {
    let now = 1000;
    const w = new WaitTracker(() => now);
    expect(w.get()).toEqual({ count: 0, stalledSince: undefined });
    w.start();
    now = 1500;
    w.start(); // a second piece does not restart the clock: nothing finished
    expect(w.get()).toEqual({ count: 2, stalledSince: 1000 });
    now = 3000;
    w.done(); // progress
    expect(w.get()).toEqual({ count: 1, stalledSince: 3000 });
    now = 4000;
    w.done();
    expect(w.get()).toEqual({ count: 0, stalledSince: undefined });
    w.done(); // more finishes than starts are ignored
    expect(w.get().count).toBe(0);
  });

  it('keyed: a key waits once and finishes once', () => {
    let now = 0;
    const w = new KeyedWaitTracker(() => now);
    w.start('a');
    w.start('a');
    now = 10;
    w.start('b');
    expect(w.get()).toEqual({ count: 2, stalledSince: 0 });
    w.done('x');
    expect(w.get()).toEqual({ count: 2, stalledSince: 0 });
    now = 20;
    w.done('a');
    w.done('a');
    expect(w.get()).toEqual({ count: 1, stalledSince: 20 });
    expect(w.has('b')).toBe(true);
  });
});
