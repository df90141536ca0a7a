import { Confirm } from './Confirm';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { call, errorText, markOnce, newIdempotencyKey, run, type GatewayClient, type Session } from './api';
import type { Capabilities } from './capabilities';
import { STATUS_HELP, STATUS_WORDS, lastErrorWords } from './format';
import { field, str, useEvents, type EventHub } from './live';
import { PairingCode } from './PairingCode';
import { PairingQr, type LiveQr } from './PairingQr';
import { LoadMore, PagesStatus, usePages } from './usePages';

const PAGE = 50;

interface Props {
  client: GatewayClient;
  caps: Capabilities;
  hub: EventHub;
  selectedId: string | null;
  onOpen: (s: Session) => void;
  /** A session changed (null: deleted). */
  onChanged: (s: Session | null, id: string) => void;
}

export function SessionsPanel({ client, caps, hub, selectedId, onOpen, onChanged }: Props) {
  const fetchPage = useCallback(async (cursor?: string) => {
    const page = await call(client.GET('/api/v1/sessions', { params: { query: { limit: PAGE, cursor } } }));
    // Signed in, the sessions are the first screen: ready once they are listed.
    if (!cursor) markOnce('dashboard:sessions-ready');
    return page;
  }, [client]);
  const pages = usePages({
    fetchPage,
    keyOf: (s: Session) => s.id,
    // Keep rows of later pages already loaded; the first page is the fresh truth for its rows (one
    // newer than its last row and not on it is gone, as is every other row when it is the only page).
    reload: 'merge',
    keepLater: (s, page) => page.nextCursor !== '' && s.createdAt < (page.items.at(-1)?.createdAt ?? ''),
  });
  const { items: sessions, setItems: setSessions, latest: current, cursor, reload: loadFirst } = pages;
  const [qrs, setQrs] = useState<Record<string, LiveQr>>({});
  const [announce, setAnnounce] = useState('');
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;

  const upsert = useCallback((s: Session) => {
    setSessions((list) => {
      const rest = (list ?? []).filter((x) => x.id !== s.id);
      return [...rest, s].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    });
    onChangedRef.current(s, s.id);
  }, [setSessions]);

  const remove = useCallback((id: string) => {
    setSessions((list) => (list ?? []).filter((x) => x.id !== id));
    setQrs(({ [id]: _gone, ...rest }) => rest);
    onChangedRef.current(null, id);
  }, [setSessions]);

  const fetchOne = useCallback(
    (id: string) => {
      call(client.GET('/api/v1/sessions/{session}', { params: { path: { session: id } } })).then(upsert, () => undefined);
    },
    [client, upsert],
  );

  useEffect(() => hub.onFirstOpen(() => void loadFirst()), [hub, loadFirst]);

  useEvents(
    hub,
    (event) => {
      const id = event.sessionId;
      if (!id) return;
      switch (event.type) {
        case 'session.created':
          fetchOne(id);
          break;
        case 'session.deleted':
          remove(id);
          break;
        case 'session.qr': {
          const qr = str(field(event, 'qr'));
          if (qr) setQrs((m) => ({ ...m, [id]: { qr, expiresAt: str(field(event, 'expiresAt')) ?? '' } }));
          break;
        }
        case 'session.status': {
          const status = str(field(event, 'status')) as Session['status'] | undefined;
          if (!status) break;
          if (status !== 'pairing') setQrs(({ [id]: _old, ...rest }) => rest);
          const before = current.current?.find((s) => s.id === id);
          if (before) {
            const next: Session = {
              ...before,
              status,
              lastError: (field(event, 'lastError') as string | null | undefined) ?? null,
              phoneNumber: (field(event, 'phoneNumber') as string | null | undefined) ?? before.phoneNumber,
              jid: (field(event, 'jid') as string | null | undefined) ?? before.jid,
              updatedAt: event.occurredAt,
            };
            setSessions((list) => (list ?? []).map((s) => (s.id === id ? next : s)));
            onChangedRef.current(next, id);
          }
          // A session this page has not seen yet, or one that just connected (its name on WhatsApp).
          if (!before || status === 'connected') fetchOne(id);
          break;
        }
        default:
          break;
      }
    },
    [fetchOne, remove, setSessions],
  );

  return (
    <section className="panel panel-sessions" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Sessions</h2>
      {caps.manage ? (
        <CreateSession
          client={client}
          onCreated={(s) => {
            upsert(s);
            setAnnounce(`Session ${s.name} created.`);
          }}
        />
      ) : (
        <p className="note">This key can read sessions but not create or control them: that needs the “manage” capability.</p>
      )}
      <p className="visually-hidden" role="status">
        {announce}
      </p>
      <PagesStatus pages={pages} what="sessions" />
      {sessions?.length === 0 && (
        <p className="empty">
          No sessions yet.{' '}
          {caps.manage ? 'Create one above to link a WhatsApp number.' : 'Someone with the “manage” capability can create one.'}
        </p>
      )}
      {sessions && sessions.length > 0 && (
        <ul className="session-list" aria-label="Sessions">
          {sessions.map((s) => (
            <SessionRow
              key={s.id}
              client={client}
              caps={caps}
              session={s}
              liveQr={qrs[s.id]}
              selected={s.id === selectedId}
              onOpen={() => onOpen(s)}
              onUpdated={upsert}
              onDeleted={() => {
                remove(s.id);
                setAnnounce(`Session ${s.name} deleted.`);
              }}
            />
          ))}
        </ul>
      )}
      {cursor && sessions && <LoadMore pages={pages} label="Load more sessions" />}
    </section>
  );
}

function CreateSession({ client, onCreated }: { client: GatewayClient; onCreated: (s: Session) => void }) {
  const [name, setName] = useState('');
  const [start, setStart] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const idem = useRef<{ key: string; body: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Give the session a name, e.g. “support”.');
      input.current?.focus();
      return;
    }
    const body = JSON.stringify({ name: trimmed, start });
    // The same key when the same form is submitted again after a failure that may have gone through.
    if (idem.current?.body !== body) idem.current = { key: newIdempotencyKey(), body };
    setBusy(true);
    setError(null);
    try {
      const created = await call(
        client.POST('/api/v1/sessions', { body: { name: trimmed, start }, params: { header: { 'Idempotency-Key': idem.current.key } } }),
      );
      idem.current = null;
      setName('');
      onCreated(created);
    } catch (err) {
      setError(errorText(err));
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="create-session" onSubmit={submit} noValidate aria-labelledby="create-session-heading">
      <h3 id="create-session-heading" className="visually-hidden">
        New session
      </h3>
      <label htmlFor="session-name">Session name</label>
      <div className="row">
        <input
          ref={input}
          id="session-name"
          value={name}
          maxLength={100}
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-errormessage={error ? 'create-session-error' : undefined}
        />
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create session'}
        </button>
      </div>
      <label className="check">
        <input type="checkbox" checked={start} onChange={(e) => setStart(e.target.checked)} />
        Start pairing right away (shows a QR code)
      </label>
      {error && (
        <p id="create-session-error" className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

type Action = 'start' | 'stop' | 'logout' | 'delete';

const CONFIRM: Partial<Record<Action, string>> = {
  logout: 'Log out? The phone unlinks this device; linking again needs a new QR scan.',
  delete: 'Delete this session? It is logged out and everything stored for it (chats, messages) is erased.',
};

function SessionRow(props: {
  client: GatewayClient;
  caps: Capabilities;
  session: Session;
  liveQr?: LiveQr;
  selected: boolean;
  onOpen: () => void;
  onUpdated: (s: Session) => void;
  onDeleted: () => void;
}) {
  const { client, caps, session: s, liveQr, selected } = props;
  const [busy, setBusy] = useState<Action | null>(null);
  const [confirming, setConfirming] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const nameId = `session-${s.id}-name`;

  async function act(action: Action) {
    if (CONFIRM[action] && confirming !== action) {
      setConfirming(action);
      return;
    }
    setConfirming(null);
    setBusy(action);
    setError(null);
    const path = { params: { path: { session: s.id } } };
    try {
      if (action === 'delete') {
        await run(client.DELETE('/api/v1/sessions/{session}', path));
        props.onDeleted();
        return;
      }
      const updated =
        action === 'start'
          ? await call(client.POST('/api/v1/sessions/{session}:start', path))
          : action === 'stop'
            ? await call(client.POST('/api/v1/sessions/{session}:stop', path))
            : await call(client.POST('/api/v1/sessions/{session}:logout', path));
      props.onUpdated(updated);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  const canStart = ['stopped', 'failed', 'logged_out', 'reconnecting'].includes(s.status);
  const canStop = ['starting', 'pairing', 'connected', 'reconnecting'].includes(s.status);
  const canLogout = s.status !== 'logged_out' && Boolean(s.jid || s.phoneNumber);

  return (
    <li className={selected ? 'session selected' : 'session'} data-session-id={s.id} data-status={s.status}>
      <div className="session-head">
        <h3 id={nameId} className="session-name">
          {s.name}
        </h3>
        <span className={`badge badge-${s.status}`} data-testid="session-status">
          {STATUS_WORDS[s.status]}
        </span>
      </div>
      <p className="muted small">
        {s.phoneNumber ? `+${s.phoneNumber}` : 'No number linked yet'}
        {s.pushName ? ` · ${s.pushName}` : ''}
      </p>
      <p className="small">{STATUS_HELP[s.status]}</p>
      {s.lastError && s.status !== 'connected' && (
        <p className="last-error small">
          <strong>Last problem:</strong> {lastErrorWords(s.lastError)}
        </p>
      )}
      {s.status === 'pairing' &&
        (caps.manage ? (
          <PairingQr client={client} session={s} live={liveQr} />
        ) : (
          <p className="note small">Waiting to be linked. The QR code is shown to keys with the “manage” capability.</p>
        ))}
      {caps.manage && !s.jid && s.status !== 'connected' && <PairingCode client={client} session={s} />}
      <div className="actions" role="group" aria-label={`Actions for ${s.name}`}>
        <button type="button" className={selected ? 'button primary' : 'button secondary'} onClick={props.onOpen} aria-pressed={selected}>
          {caps.send ? 'Chats' : 'Select'}
        </button>
        {caps.manage && (
          <>
            {canStart && (
              <button type="button" className="button secondary" onClick={() => void act('start')} disabled={busy !== null}>
                {busy === 'start' ? 'Starting…' : 'Start'}
              </button>
            )}
            {canStop && (
              <button type="button" className="button secondary" onClick={() => void act('stop')} disabled={busy !== null}>
                {busy === 'stop' ? 'Stopping…' : 'Stop'}
              </button>
            )}
            {canLogout && (
              <button type="button" className="button secondary" onClick={() => void act('logout')} disabled={busy !== null}>
                {busy === 'logout' ? 'Logging out…' : 'Log out'}
              </button>
            )}
            <button type="button" className="button danger-outline" onClick={() => void act('delete')} disabled={busy !== null}>
              {busy === 'delete' ? 'Deleting…' : 'Delete'}
            </button>
          </>
        )}
      </div>
      {confirming && (
        <Confirm
          question={CONFIRM[confirming]}
          confirmLabel={confirming === 'delete' ? `Delete ${s.name}` : `Log out ${s.name}`}
          onConfirm={() => void act(confirming)}
          onCancel={() => setConfirming(null)}
        />
      )}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
