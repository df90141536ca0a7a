import { Waiting } from './port';

/**
 * Counts work of one kind a connection waits for, and since when none of it finished while some
 * waited: the clock starts when the first piece starts waiting and restarts each time a piece
 * finishes while others still wait (progress); it stops when nothing waits.
 */
export class WaitTracker {
  private count = 0;
  private stalledSince?: number;

  constructor(private readonly clock: () => number = Date.now) {}

  start(): void {
    if (this.count === 0) this.stalledSince = this.clock();
    this.count++;
  }

  done(): void {
    if (this.count === 0) return;
    this.count--;
    this.stalledSince = this.count ? this.clock() : undefined;
  }

  get(): Waiting {
    return { count: this.count, stalledSince: this.stalledSince };
  }
}

/** A WaitTracker for work identified by a key (a message id): each key waits at most once. */
export class KeyedWaitTracker {
  private readonly keys = new Set<string>();
  private readonly tracker: WaitTracker;

  constructor(clock: () => number = Date.now) {
    this.tracker = new WaitTracker(clock);
  }

  start(key: string): void {
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.tracker.start();
  }

  done(key: string): void {
    if (this.keys.delete(key)) this.tracker.done();
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  get(): Waiting {
    return this.tracker.get();
  }
}
