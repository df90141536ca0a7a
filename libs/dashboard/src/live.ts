import { useEffect, useState } from 'react';
import { GatewayStreamError, streamEvents, type EventType } from '../../client/src';
import { gatewayOrigin, type GatewayEvent } from './api';
import type { Capabilities } from './capabilities';

type Listener = (event: GatewayEvent) => void;

/** One event stream per tab, fanned out to the screens that listen. */
export class EventHub {
  private readonly listeners = new Set<Listener>();
  private readonly openListeners = new Set<() => void>();
  /** The stream has been open at least once (events from then on are not missed). */
  opened = false;

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  /** Called once when the stream first opens: data loaded before then may have missed events. */
  onFirstOpen(fn: () => void): () => void {
    if (this.opened) return () => undefined;
    this.openListeners.add(fn);
    return () => void this.openListeners.delete(fn);
  }

  emit(event: GatewayEvent): void {
    for (const fn of [...this.listeners]) {
      try {
        fn(event);
      } catch (err) {
        console.error('event handler failed', err);
      }
    }
  }

  markOpen(): void {
    if (this.opened) return;
    this.opened = true;
    for (const fn of [...this.openListeners]) fn();
    this.openListeners.clear();
  }
}

const SESSION_TYPES: EventType[] = ['session.created', 'session.status', 'session.deleted'];
const MANAGE_TYPES: EventType[] = ['session.qr'];
const SEND_TYPES: EventType[] = ['message.received', 'message.sent', 'message.status', 'message.reaction', 'message.revoked', 'message.edited', 'channel.post'];

export type LiveState =
  | { kind: 'connecting' }
  | { kind: 'live'; limited: boolean }
  | { kind: 'retrying' }
  | { kind: 'off'; reason: string };

/**
 * Keeps the event stream open while signed in, asking only for the types this key may read; a
 * refusal of the wider set (403) falls back to the session types every key may read.
 */
export function useLiveEvents(token: string, caps: Capabilities, hub: EventHub, onUnauthorized: () => void): LiveState {
  const [state, setState] = useState<LiveState>({ kind: 'connecting' });
  useEffect(() => {
    const ctrl = new AbortController();
    let types = [...SESSION_TYPES, ...(caps.manage ? MANAGE_TYPES : []), ...(caps.send ? SEND_TYPES : [])];
    let limited = false;
    (async () => {
      for (;;) {
        try {
          const events = streamEvents({
            baseUrl: gatewayOrigin(),
            token,
            types,
            signal: ctrl.signal,
            onOpen: () => {
              setState({ kind: 'live', limited });
              hub.markOpen();
            },
            onRetry: () => setState({ kind: 'retrying' }),
          });
          for await (const event of events) hub.emit(event);
          return;
        } catch (err) {
          if (ctrl.signal.aborted) return;
          if (err instanceof GatewayStreamError && err.status === 403 && types.length > SESSION_TYPES.length) {
            types = SESSION_TYPES;
            limited = true;
            continue;
          }
          if (err instanceof GatewayStreamError && err.status === 401) {
            onUnauthorized();
            return;
          }
          setState({ kind: 'off', reason: err instanceof Error ? err.message : 'the stream was refused' });
          return;
        }
      }
    })();
    return () => ctrl.abort();
    // The stream follows the key and its capabilities only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token, caps.manage, caps.send, hub]);
  return state;
}

/** Subscribes a screen to the hub for as long as it is shown. */
export function useEvents(hub: EventHub, fn: Listener, deps: unknown[]): void {
  useEffect(() => hub.subscribe(fn), [hub, ...deps]); // eslint-disable-line react-hooks/exhaustive-deps
}

/** `event.data` as a record of unknowns, read with the helpers below. */
export function field(event: GatewayEvent, name: string): unknown {
  return (event.data as Record<string, unknown>)[name];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
