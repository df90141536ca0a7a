import { memo, useEffect, useId, useMemo, useReducer, useRef, useState } from 'react';
import { GatewayStreamError, streamEvents, type EventType } from '../../client/src';
import { describeFailure, errorText, gatewayOrigin, type GatewayEvent } from './api';
import './features.css';

/** How many events are kept (shown, and held while paused): the oldest go first. */
const LIMIT = 500;
/** Checkbox changes are gathered this long before the stream is opened again with the new types. */
const REFILTER_MS = 400;
/** Events that arrive together are added to the list in one render. */
const FLUSH_MS = 100;

/** The capability each type needs (as src/events/event-types.ts: EVENT_CAPABILITY). */
const NEEDS: Record<EventType, 'manage' | 'send' | null> = {
  'session.created': null,
  'session.status': null,
  'session.qr': 'manage',
  'session.deleted': null,
  'message.received': 'send',
  'message.sent': 'send',
  'message.status': 'send',
  'message.reaction': 'send',
  'message.revoked': 'send',
  'message.edited': 'send',
  'poll.vote': 'send',
  'group.joined': 'send',
  'group.left': 'send',
  'group.updated': 'send',
  'group.participants': 'send',
  'channel.post': 'send',
  'presence.update': 'send',
};
const ALL_TYPES = Object.keys(NEEDS) as EventType[];
/** What every key may read: the fallback when the gateway refuses the wider set (403). */
const BASE_TYPES = ALL_TYPES.filter((t) => NEEDS[t] === null);

const GROUPS: { legend: string; name: string; types: EventType[] }[] = [
  { legend: 'Session events', name: 'session', types: ALL_TYPES.filter((t) => t.startsWith('session.')) },
  { legend: 'Message events', name: 'message', types: ALL_TYPES.filter((t) => t.startsWith('message.') || t.startsWith('poll.')) },
  { legend: 'Group events', name: 'group', types: ALL_TYPES.filter((t) => t.startsWith('group.')) },
  { legend: 'Channel events', name: 'channel', types: ALL_TYPES.filter((t) => t.startsWith('channel.')) },
  { legend: 'Presence events', name: 'presence', types: ALL_TYPES.filter((t) => t.startsWith('presence.')) },
];

type StreamState =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'reconnecting' }
  | { kind: 'off'; reason: string };

/**
 * Pausing keeps the stream open: events that arrive while paused are counted ("N new events while
 * paused") and held (the newest LIMIT of them), then shown on resume. Closing the stream and
 * resuming it with Last-Event-ID would make the gateway replay the whole gap in one burst and
 * would give up the count; holding them here costs little (bounded) and nothing is missed.
 */
interface Buffer {
  /** Newest first, at most LIMIT. */
  shown: GatewayEvent[];
  /** Arrived while paused, newest first, at most LIMIT. */
  held: GatewayEvent[];
  /** How many arrived while paused (may exceed what is held). */
  heldCount: number;
  paused: boolean;
}

type BufferAction = { kind: 'add'; events: GatewayEvent[]; count: number } | { kind: 'pause' } | { kind: 'resume' } | { kind: 'clear' };

function withoutKnown(events: GatewayEvent[], ...lists: GatewayEvent[][]): GatewayEvent[] {
  const known = new Set(lists.flatMap((l) => l.map((e) => e.id)));
  return events.filter((e) => !known.has(e.id));
}

function buffer(state: Buffer, action: BufferAction): Buffer {
  switch (action.kind) {
    case 'add': {
      const fresh = withoutKnown([...action.events].reverse(), state.shown, state.held);
      if (state.paused) return { ...state, held: [...fresh, ...state.held].slice(0, LIMIT), heldCount: state.heldCount + action.count };
      return { ...state, shown: [...fresh, ...state.shown].slice(0, LIMIT) };
    }
    case 'pause':
      return { ...state, paused: true };
    case 'resume':
      return { shown: [...state.held, ...state.shown].slice(0, LIMIT), held: [], heldCount: 0, paused: false };
    case 'clear':
      return { ...state, shown: [], held: [], heldCount: 0 };
  }
}

/**
 * "Live events": the organization's events as they happen, on a stream of its own (the token in
 * the Authorization header), filtered by type, newest first, with pause/resume and a bounded
 * buffer. Each row shows its time, type, session and the event's data as JSON.
 */
export function EventsTail({ token, caps }: { token: string; caps: { manage: boolean; send: boolean } }) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [limited, setLimited] = useState(false);
  const available = useMemo(
    () => ALL_TYPES.filter((t) => (limited ? BASE_TYPES.includes(t) : NEEDS[t] === null || caps[NEEDS[t]])),
    [limited, caps.manage, caps.send], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const [selected, setSelected] = useState<ReadonlySet<EventType>>(() => new Set(ALL_TYPES));
  const wanted = available.filter((t) => selected.has(t));
  const wantedKey = wanted.join(',');

  // The stream asks the gateway for the chosen types only (it filters them at the source). A change
  // of the choice opens a new stream, from now on: resuming with Last-Event-ID would replay, for
  // newly chosen types, everything since the last event seen, possibly hours of it. What the list
  // already holds is filtered on screen at once.
  const [streamKey, setStreamKey] = useState(wantedKey);
  useEffect(() => {
    if (wantedKey === streamKey) return;
    const timer = setTimeout(() => setStreamKey(wantedKey), REFILTER_MS);
    return () => clearTimeout(timer);
  }, [wantedKey, streamKey]);

  const [state, dispatch] = useReducer(buffer, { shown: [], held: [], heldCount: 0, paused: false });
  const [stream, setStream] = useState<StreamState>({ kind: 'connecting' });
  const [attempt, setAttempt] = useState(0);

  const inbox = useRef<GatewayEvent[]>([]);
  const inboxCount = useRef(0);
  const flushTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(flushTimer.current), []);

  useEffect(() => {
    const types = streamKey ? (streamKey.split(',') as EventType[]) : [];
    if (!types.length) {
      setStream({ kind: 'idle' });
      return;
    }
    const ctrl = new AbortController();
    setStream({ kind: 'connecting' });
    const flush = () => {
      flushTimer.current = undefined;
      const events = inbox.current;
      const count = inboxCount.current;
      inbox.current = [];
      inboxCount.current = 0;
      if (count) dispatch({ kind: 'add', events, count });
    };
    (async () => {
      try {
        const events = streamEvents({
          baseUrl: gatewayOrigin(),
          token,
          types,
          signal: ctrl.signal,
          onOpen: () => setStream({ kind: 'live' }),
          onRetry: () => setStream({ kind: 'reconnecting' }),
        });
        for await (const event of events) {
          inbox.current.push(event);
          inboxCount.current += 1;
          if (inbox.current.length > LIMIT) inbox.current.splice(0, inbox.current.length - LIMIT);
          flushTimer.current ??= setTimeout(flush, FLUSH_MS);
        }
      } catch (err) {
        if (ctrl.signal.aborted) return;
        // Capabilities were probed at sign-in; if the key may read less now, fall back to the
        // session types every key may read (as live.ts does).
        if (err instanceof GatewayStreamError && err.status === 403 && types.some((t) => !BASE_TYPES.includes(t))) {
          setLimited(true);
          return;
        }
        setStream({ kind: 'off', reason: err instanceof GatewayStreamError ? describeFailure(err.status, err.body) : errorText(err) });
      }
    })();
    return () => ctrl.abort();
  }, [token, streamKey, attempt]);

  useEffect(() => heading.current?.focus(), []);

  const visible = state.shown.filter((e) => selected.has(e.type));
  const unavailable = ALL_TYPES.filter((t) => !available.includes(t));

  function toggle(type: EventType, on: boolean) {
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });
  }

  return (
    <section className="events-tail" aria-labelledby={headingId}>
      <div className="events-head">
        <h2 id={headingId} ref={heading} tabIndex={-1}>
          Live events
        </h2>
        <div className="events-actions">
          <button type="button" className={state.paused ? 'button primary' : 'button secondary'} onClick={() => dispatch({ kind: state.paused ? 'resume' : 'pause' })}>
            {state.paused ? 'Resume' : 'Pause'}
          </button>
          <button type="button" className="button secondary" onClick={() => dispatch({ kind: 'clear' })} disabled={!state.shown.length && !state.heldCount}>
            Clear
          </button>
        </div>
      </div>

      <StatusLine stream={stream} types={wanted.length} paused={state.paused} />
      {stream.kind === 'off' && (
        <div className="error" role="alert">
          <p>The event stream stopped. {stream.reason}</p>
          <button type="button" className="button secondary" onClick={() => setAttempt((n) => n + 1)}>
            Reconnect
          </button>
        </div>
      )}
      {state.paused && (
        <p className="note events-held">
          {state.heldCount} new event{state.heldCount === 1 ? '' : 's'} while paused
          {state.heldCount > LIMIT ? ` (the newest ${LIMIT} are shown on resume)` : ''}.
        </p>
      )}

      <details className="events-filter" open>
        <summary>
          Event types <span className="muted">({wanted.length} of {available.length} chosen)</span>
        </summary>
        <fieldset className="events-types">
          <legend className="visually-hidden">Event types</legend>
          <div className="events-filter-actions">
            <button type="button" className="button link" onClick={() => setSelected(new Set(ALL_TYPES))}>
              Select all
            </button>
            <button type="button" className="button link" onClick={() => setSelected(new Set())}>
              Select none
            </button>
          </div>
          <div className="events-groups">
            {GROUPS.map((g) => {
              const types = g.types.filter((t) => available.includes(t));
              if (!types.length) return null;
              return (
                <fieldset key={g.name} className="events-group" data-group={g.name}>
                  <legend>{g.legend}</legend>
                  {types.map((t) => (
                    <label key={t} className="check">
                      <input type="checkbox" checked={selected.has(t)} onChange={(e) => toggle(t, e.target.checked)} />
                      <code>{t}</code>
                    </label>
                  ))}
                </fieldset>
              );
            })}
          </div>
          {limited ? (
            <p className="muted small">The gateway refused the wider set of event types for this key: only session events can be followed.</p>
          ) : (
            unavailable.length > 0 && (
              <p className="muted small">
                {!caps.send && 'Message, poll, group and channel events need the “send” capability. '}
                {!caps.manage && 'Pairing QR codes (session.qr) need the “manage” capability.'}
              </p>
            )
          )}
        </fieldset>
      </details>

      <p className="muted small events-count">
        {visible.length === state.shown.length
          ? `${visible.length} event${visible.length === 1 ? '' : 's'}, newest first (the last ${LIMIT} are kept).`
          : `${visible.length} of ${state.shown.length} events match the chosen types, newest first (the last ${LIMIT} are kept).`}
      </p>
      {visible.length === 0 ? (
        <p className="empty">{state.shown.length ? 'No event of the chosen types yet.' : 'No events yet. They appear here as they happen.'}</p>
      ) : (
        <ol className="event-list" aria-label="Events, newest first">
          {visible.map((e) => (
            <EventRow key={e.id} event={e} />
          ))}
        </ol>
      )}
    </section>
  );
}

function StatusLine({ stream, types, paused }: { stream: StreamState; types: number; paused: boolean }) {
  let text: string;
  switch (stream.kind) {
    case 'idle':
      text = 'Not listening: choose at least one event type.';
      break;
    case 'connecting':
      text = 'Connecting to the event stream…';
      break;
    case 'live':
      text = `Live: receiving ${types} event type${types === 1 ? '' : 's'}${paused ? ' (paused: new events are held)' : ''}.`;
      break;
    case 'reconnecting':
      text = 'Connection lost; reconnecting…';
      break;
    case 'off':
      text = 'Stopped.';
      break;
  }
  return (
    <p className={`live events-status live-${stream.kind === 'live' ? 'on' : stream.kind === 'off' ? 'off' : 'wait'}`} role="status" data-state={stream.kind}>
      <span className="dot" aria-hidden="true" />
      {text}
    </p>
  );
}

const dayFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const clockFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function clock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toDateString() === new Date().toDateString() ? clockFmt.format(d) : `${dayFmt.format(d)} ${clockFmt.format(d)}`;
}

/** The data on one line, cut short: enough to tell events apart without opening them. */
function preview(data: GatewayEvent['data']): string {
  const line = JSON.stringify(data) ?? '';
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

const EventRow = memo(function EventRow({ event: e }: { event: GatewayEvent }) {
  return (
    <li className="event-row" data-type={e.type} data-event-id={e.id} data-session-id={e.sessionId ?? ''}>
      <div className="event-head">
        <time dateTime={e.occurredAt} title={e.occurredAt}>
          {clock(e.occurredAt)}
        </time>
        <code className="event-type">{e.type}</code>
        <span className="event-session">
          {e.sessionId ? (
            <>
              <span className="muted">Session </span>
              <code>{e.sessionId}</code>
            </>
          ) : (
            <span className="muted">Organization</span>
          )}
        </span>
      </div>
      <details className="event-data">
        <summary>
          Data<span className="visually-hidden"> of {e.type} event {e.id}</span>
          <code className="event-preview"> {preview(e.data)}</code>
        </summary>
        <pre>{JSON.stringify(e.data, null, 2)}</pre>
      </details>
    </li>
  );
});
