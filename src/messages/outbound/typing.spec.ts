import { describe, expect, it } from 'vitest';
import { QueueHead, TypingSchedule } from './typing';

const head = (id: string, chatJid: string, typingMs = 0, recording = false): QueueHead => ({ id, orgId: 'o', chatJid, typingMs, recording });

describe('TypingSchedule', () => {
  it('without typing the oldest head is ready', () => {
    const t = new TypingSchedule();
    expect(t.pick([head('a', 'x'), head('b', 'y')], 0, () => undefined)).toEqual({ ready: head('a', 'x') });
  });

  it('a typing head waits its time while other chats go; typing starts once', () => {
    const t = new TypingSchedule();
    const started: string[] = [];
    const heads = [head('a', 'x', 3000), head('b', 'y')];
    expect(t.pick(heads, 1000, (h) => started.push(h.id)).ready?.id).toBe('b');
    expect(t.pick([heads[0]], 2000, (h) => started.push(h.id))).toEqual({ wakeAt: 4000 });
    expect(started).toEqual(['a']);
    expect(t.pick([heads[0]], 4000, (h) => started.push(h.id)).ready?.id).toBe('a');
    t.done('a');
    expect(started).toEqual(['a']);
  });

  it('starts the typing of every head it sees, and wakes at the earliest end', () => {
    const t = new TypingSchedule();
    const started: string[] = [];
    expect(t.pick([head('a', 'x', 5000), head('b', 'y', 2000, true)], 0, (h) => started.push(h.id))).toEqual({ wakeAt: 2000 });
    expect(started).toEqual(['a', 'b']);
    expect(t.pick([head('a', 'x', 5000), head('b', 'y', 2000, true)], 2500, () => undefined).ready?.id).toBe('b');
  });
});
