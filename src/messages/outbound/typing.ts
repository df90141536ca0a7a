/** The oldest queued message of one chat of a session: the only one of that chat that may leave next. */
export interface QueueHead {
  id: string;
  orgId: string;
  chatJid: string;
  /** How long the chat shows typing before the message leaves (0: none). */
  typingMs: number;
  /** A voice note: the chat shows `recording` instead of `composing`. */
  recording: boolean;
}

/**
 * When queued messages with `typingMs` may leave. A chat's head message starts its typing the first
 * time the worker sees it, and becomes ready once that time has passed; meanwhile the heads of the
 * session's other chats go (paced as usual), so one chat's typing never holds another's messages.
 * Messages of one chat keep their order: only a chat's head is considered. The times live in
 * memory: after a restart a message waiting on its typing shows it again from the start.
 */
export class TypingSchedule {
  /** Message id → when its typing ends (epoch ms). */
  private readonly until = new Map<string, number>();

  /**
   * The first head (oldest first) ready to leave, starting the typing of every head that has not
   * started it (`start` is called once per message); `wakeAt`: when the next typing ends, if no
   * head is ready.
   */
  pick(heads: QueueHead[], now: number, start: (head: QueueHead) => void): { ready?: QueueHead; wakeAt?: number } {
    let ready: QueueHead | undefined;
    let wakeAt: number | undefined;
    for (const h of heads) {
      if (h.typingMs > 0) {
        let end = this.until.get(h.id);
        if (end === undefined) {
          this.until.set(h.id, (end = now + h.typingMs));
          start(h);
        }
        if (end > now) {
          wakeAt = wakeAt === undefined ? end : Math.min(wakeAt, end);
          continue;
        }
      }
      ready ??= h;
    }
    return ready ? { ready } : { wakeAt };
  }

  /** The message left (or failed for good): forget it. */
  done(id: string): void {
    this.until.delete(id);
  }
}
