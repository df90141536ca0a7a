import { Confirm } from './Confirm';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import type { Schemas } from '../../client/src';
import { call, errorText, run, type GatewayClient, type Session } from './api';
import { OneTimeSecret, When } from './OneTimeSecret';
import { LoadMore, PagesStatus, usePages } from './usePages';
import './admin.css';

type Webhook = Schemas['WebhookDto'];
type Delivery = Schemas['DeliveryDto'];
type Attempt = Schemas['DeliveryAttemptDto'];
type EventType = Schemas['EventType'];

const PAGE = 50;
const ALL = '*';

/** What each event type means; a Record, so a type added to the API must be described here. */
const EVENT_HELP: Record<EventType, string> = {
  'session.created': 'A session was created.',
  'session.status': 'A session connected, disconnected, is pairing…',
  'session.qr': 'A new pairing QR code.',
  'session.deleted': 'A session was deleted.',
  'message.received': 'A message arrived.',
  'message.sent': 'A message was sent.',
  'message.status': 'Sent, delivered or read receipts.',
  'message.revoked': 'A message was deleted for everyone.',
  'message.edited': 'A message was edited.',
  'message.reaction': 'Someone reacted to a message.',
  'poll.vote': 'Someone voted in a poll.',
  'channel.post': 'A post in a followed channel.',
  'group.joined': 'The session joined a group.',
  'group.left': 'The session left a group.',
  'group.updated': 'A group’s name, description or settings changed.',
  'group.participants': 'People joined, left or changed role in a group.',
  'presence.update': 'A subscribed contact came online, went offline or is typing.',
};

const EVENT_TYPES = Object.keys(EVENT_HELP) as EventType[];

const EVENT_GROUPS: { label: string; needs?: string; types: EventType[] }[] = [
  { label: 'Session events', types: EVENT_TYPES.filter((t) => t.startsWith('session.')) },
  { label: 'Message events', needs: 'send', types: EVENT_TYPES.filter((t) => t.startsWith('message.') || t === 'poll.vote') },
  { label: 'Group events', needs: 'send', types: EVENT_TYPES.filter((t) => t.startsWith('group.')) },
  { label: 'Channel events', needs: 'send', types: EVENT_TYPES.filter((t) => t.startsWith('channel.')) },
  { label: 'Presence events', needs: 'send', types: EVENT_TYPES.filter((t) => t.startsWith('presence.')) },
];

/** The operator's webhooks: list, create, edit, rotate the secret, delete, and each one's delivery log. Needs `manage`. */
export function WebhooksPage({ client }: { client: GatewayClient }) {
  const uid = useId();
  const fetchPage = useCallback((cursor?: string) => call(client.GET('/api/v1/webhooks', { params: { query: { limit: PAGE, cursor } } })), [client]);
  const pages = usePages({ fetchPage, keyOf: (w: Webhook) => w.id });
  const { items: webhooks, setItems: setWebhooks, cursor } = pages;
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [announce, setAnnounce] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  // Session names for the filter; without them the filter is a plain id field.
  useEffect(() => {
    let alive = true;
    call(client.GET('/api/v1/sessions', { params: { query: { limit: 200 } } })).then(
      (page) => alive && setSessions(page.items),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [client]);

  const upsert = useCallback((w: Webhook) => {
    setWebhooks((list) => {
      const cur = list ?? [];
      return cur.some((x) => x.id === w.id) ? cur.map((x) => (x.id === w.id ? w : x)) : [w, ...cur];
    });
  }, []);

  const sessionName = useCallback(
    (id: string) => {
      const s = sessions?.find((x) => x.id === id);
      return s ? s.name : `session ${id}`;
    },
    [sessions],
  );

  return (
    <section className="panel admin-page" aria-labelledby={`${uid}-heading`}>
      <div className="admin-inner">
        <div className="panel-head admin-head">
          <h2 id={`${uid}-heading`} ref={heading} tabIndex={-1}>
            Webhooks
          </h2>
          <button
            ref={addButton}
            type="button"
            className={adding ? 'button secondary' : 'button primary'}
            aria-expanded={adding}
            aria-controls={adding ? `${uid}-create` : undefined}
            onClick={() => setAdding((a) => !a)}
          >
            Add webhook
          </button>
        </div>
        <p className="muted admin-lead">
          The gateway sends each event as an HTTP POST to your URL, signed with the webhook’s secret (Standard Webhooks), and retries when your server does
          not answer with 2xx.
        </p>

        {created && (
          <OneTimeSecret
            headingLevel="h3"
            title="Webhook created: copy its signing secret"
            label="Signing secret"
            value={created.secret}
            advice={`Store it with the receiver at ${created.url} to check the webhook-signature header. If it is lost, rotate the secret.`}
            onDone={() => {
              setCreated(null);
              heading.current?.focus();
            }}
          />
        )}

        {adding && (
          <div id={`${uid}-create`} className="admin-form-wrap">
            <WebhookForm
              client={client}
              sessions={sessions}
              headingLevel="h3"
              onSaved={(w, secret) => {
                upsert(w);
                setAdding(false);
                setAnnounce('Webhook created.');
                if (secret) setCreated({ url: w.url, secret });
                else addButton.current?.focus();
              }}
              onCancel={() => {
                setAdding(false);
                addButton.current?.focus();
              }}
            />
          </div>
        )}

        <p className="visually-hidden" role="status">
          {announce}
        </p>
        <PagesStatus pages={pages} what="webhooks" />
        {webhooks?.length === 0 && <p className="empty">No webhooks yet. Add one to receive events at your own URL.</p>}
        {webhooks && webhooks.length > 0 && (
          <ul className="admin-list" aria-label="Webhooks">
            {webhooks.map((w) => (
              <WebhookRow
                key={w.id}
                client={client}
                webhook={w}
                sessions={sessions}
                sessionName={sessionName}
                onUpdated={upsert}
                onAnnounce={setAnnounce}
                onDeleted={() => {
                  setWebhooks((list) => (list ?? []).filter((x) => x.id !== w.id));
                  setAnnounce(`Webhook ${w.url} deleted.`);
                  heading.current?.focus();
                }}
              />
            ))}
          </ul>
        )}
        {cursor && webhooks && <LoadMore pages={pages} label="Load more webhooks" />}
      </div>
    </section>
  );
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && Boolean(u.hostname);
  } catch {
    return false;
  }
}

function sameTypes(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Create (no `webhook`) or edit (PATCH of what changed) a webhook. */
function WebhookForm(props: {
  client: GatewayClient;
  sessions: Session[] | null;
  webhook?: Webhook;
  headingLevel: 'h3' | 'h4';
  onSaved: (w: Webhook, secret?: string) => void;
  onCancel: () => void;
}) {
  const { client, sessions, webhook } = props;
  const uid = useId();
  const editing = Boolean(webhook);
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [all, setAll] = useState(webhook ? webhook.events.includes(ALL) : false);
  const [types, setTypes] = useState<Set<string>>(() => new Set(webhook?.events.filter((e) => e !== ALL) ?? []));
  const [sessionId, setSessionId] = useState(webhook?.sessionId ?? '');
  const [enabled, setEnabled] = useState(webhook?.enabled ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ url?: string; events?: string }>({});
  const urlField = useRef<HTMLInputElement>(null);
  const allBox = useRef<HTMLInputElement>(null);
  useEffect(() => urlField.current?.focus(), []);

  function toggle(t: string, on: boolean) {
    setTypes((cur) => {
      const next = new Set(cur);
      if (on) next.add(t);
      else next.delete(t);
      return next;
    });
    if (on) setProblems((p) => ({ ...p, events: undefined }));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = url.trim();
    const events = all ? [ALL] : EVENT_TYPES.filter((t) => types.has(t));
    const found: { url?: string; events?: string } = {};
    if (!trimmed) found.url = 'Enter the address that should receive the events, e.g. https://example.com/hooks/whatsapp.';
    else if (!isHttpUrl(trimmed)) found.url = 'Enter a full web address that starts with https:// (or http://).';
    if (!events.length) found.events = 'Choose at least one event type, or “Every event type”.';
    setProblems(found);
    if (found.url || found.events) {
      setError(null);
      if (found.url) urlField.current?.focus();
      else allBox.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (!webhook) {
        const made = await call(
          client.POST('/api/v1/webhooks', { body: { url: trimmed, events, ...(sessionId.trim() ? { sessionId: sessionId.trim() } : {}) } }),
        );
        const { secret, ...rest } = made;
        props.onSaved(rest, secret);
        return;
      }
      const body: Schemas['UpdateWebhookDto'] = {};
      if (trimmed !== webhook.url) body.url = trimmed;
      if (!sameTypes(events, webhook.events)) body.events = events;
      const sid = sessionId.trim() || null;
      if (sid !== webhook.sessionId) body.sessionId = sid;
      if (enabled !== webhook.enabled) body.enabled = enabled;
      if (Object.keys(body).length === 0) {
        props.onSaved(webhook);
        return;
      }
      const updated = await call(client.PATCH('/api/v1/webhooks/{webhook}', { params: { path: { webhook: webhook.id } }, body }));
      props.onSaved(updated);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
      urlField.current?.focus();
    }
  }

  const Heading = props.headingLevel;
  const knownSession = !sessionId || sessions?.some((s) => s.id === sessionId);
  const describe = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;
  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-labelledby={`${uid}-title`}>
      <Heading id={`${uid}-title`} className="form-title">
        {editing ? 'Edit webhook' : 'New webhook'}
      </Heading>

      <div className="field">
        <label htmlFor={`${uid}-url`}>Webhook URL</label>
        <input
          ref={urlField}
          id={`${uid}-url`}
          type="url"
          inputMode="url"
          value={url}
          maxLength={2048}
          autoComplete="off"
          spellCheck={false}
          placeholder="https://example.com/hooks/whatsapp"
          onChange={(e) => {
            setUrl(e.target.value);
            if (problems.url) setProblems((p) => ({ ...p, url: undefined }));
          }}
          aria-invalid={problems.url ? true : undefined}
          aria-describedby={describe(problems.url && `${uid}-url-problem`, `${uid}-url-help`)}
        />
        {problems.url && (
          <p id={`${uid}-url-problem`} className="error small field-problem">
            {problems.url}
          </p>
        )}
        <p id={`${uid}-url-help`} className="muted small field-help">
          An http(s) address on the public internet. Each event is POSTed to it as JSON.
        </p>
      </div>

      <fieldset className="event-types" aria-describedby={problems.events ? `${uid}-events-problem` : undefined}>
        <legend>Event types</legend>
        {problems.events && (
          <p id={`${uid}-events-problem`} className="error small field-problem">
            {problems.events}
          </p>
        )}
        <div className="check-item check-all">
          <input
            ref={allBox}
            type="checkbox"
            id={`${uid}-all`}
            checked={all}
            aria-describedby={`${uid}-all-help`}
            onChange={(e) => {
              setAll(e.target.checked);
              if (e.target.checked) setProblems((p) => ({ ...p, events: undefined }));
            }}
          />
          <label htmlFor={`${uid}-all`}>Every event type (*)</label>
          <span id={`${uid}-all-help`} className="muted small">
            Everything this key may read, including types added later.
          </span>
        </div>
        {EVENT_GROUPS.map((g) => (
          <fieldset key={g.label} className="event-group" disabled={all}>
            <legend>
              {g.label}
              {g.needs && <span className="muted small legend-note"> · need the “{g.needs}” capability</span>}
            </legend>
            <div className="check-grid">
              {g.types.map((t) => (
                <div className="check-item" key={t}>
                  <input
                    type="checkbox"
                    id={`${uid}-${t}`}
                    checked={all || types.has(t)}
                    aria-describedby={`${uid}-${t}-help`}
                    onChange={(e) => toggle(t, e.target.checked)}
                  />
                  <label htmlFor={`${uid}-${t}`}>
                    <code>{t}</code>
                  </label>
                  <span id={`${uid}-${t}-help`} className="muted small">
                    {EVENT_HELP[t]}
                  </span>
                </div>
              ))}
            </div>
          </fieldset>
        ))}
      </fieldset>

      <div className="field">
        <label htmlFor={`${uid}-session`}>Session filter</label>
        {sessions ? (
          <select id={`${uid}-session`} value={sessionId} onChange={(e) => setSessionId(e.target.value)} aria-describedby={`${uid}-session-help`}>
            <option value="">All sessions</option>
            {!knownSession && <option value={sessionId}>Session {sessionId}</option>}
            {sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
                {s.phoneNumber ? ` (+${s.phoneNumber})` : ''}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={`${uid}-session`}
            type="text"
            value={sessionId}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setSessionId(e.target.value)}
            aria-describedby={`${uid}-session-help`}
          />
        )}
        <p id={`${uid}-session-help`} className="muted small field-help">
          {sessions ? 'Only events of one session, or of every session.' : 'A session id for events of that session only; empty for every session.'}
        </p>
      </div>

      {editing && (
        <div className="check-item">
          <input type="checkbox" id={`${uid}-enabled`} checked={enabled} onChange={(e) => setEnabled(e.target.checked)} aria-describedby={`${uid}-enabled-help`} />
          <label htmlFor={`${uid}-enabled`}>Enabled</label>
          <span id={`${uid}-enabled-help`} className="muted small">
            When off, no events are sent and pending deliveries fail.
          </span>
        </div>
      )}

      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {editing ? (busy ? 'Saving…' : 'Save changes') : busy ? 'Creating…' : 'Create webhook'}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

type RowAction = 'delete' | 'rotate' | 'disable' | 'enable';

const CONFIRM: Record<Exclude<RowAction, 'enable'>, { text: string; button: string }> = {
  delete: { text: 'Delete this webhook? It stops receiving events at once, and its delivery log is erased.', button: 'Delete webhook' },
  rotate: {
    text: 'Rotate the signing secret? A new secret is made and shown once. The current one keeps signing too for 24 hours, so the receiver has a day to switch.',
    button: 'Rotate secret now',
  },
  disable: { text: 'Disable this webhook? No events are sent to it and pending deliveries fail, until you enable it again.', button: 'Disable webhook' },
};

function WebhookRow(props: {
  client: GatewayClient;
  webhook: Webhook;
  sessions: Session[] | null;
  sessionName: (id: string) => string;
  onUpdated: (w: Webhook) => void;
  onDeleted: () => void;
  onAnnounce: (text: string) => void;
}) {
  const { client, webhook: w, sessionName } = props;
  const uid = useId();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState<Exclude<RowAction, 'enable'> | null>(null);
  const [busy, setBusy] = useState<RowAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const lastTrigger = useRef<HTMLButtonElement | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);

  function ask(action: Exclude<RowAction, 'enable'>, e: MouseEvent<HTMLButtonElement>) {
    lastTrigger.current = e.currentTarget;
    setError(null);
    setConfirming(action);
  }

  function cancel() {
    setConfirming(null);
    lastTrigger.current?.focus();
  }

  async function act(action: RowAction) {
    setConfirming(null);
    setBusy(action);
    setError(null);
    const path = { params: { path: { webhook: w.id } } };
    // Back to the button that started it once it is enabled again (not after a delete, nor when
    // the new secret's box takes the focus).
    let refocus = true;
    try {
      if (action === 'delete') {
        await run(client.DELETE('/api/v1/webhooks/{webhook}', path));
        refocus = false;
        props.onDeleted();
        return;
      }
      if (action === 'rotate') {
        const { secret: fresh, ...rest } = await call(client.POST('/api/v1/webhooks/{webhook}:rotateSecret', path));
        refocus = false;
        props.onUpdated(rest);
        setSecret(fresh);
        props.onAnnounce('Signing secret rotated.');
      } else {
        const updated = await call(client.PATCH('/api/v1/webhooks/{webhook}', { ...path, body: { enabled: action === 'enable' } }));
        props.onUpdated(updated);
        props.onAnnounce(action === 'enable' ? 'Webhook enabled.' : 'Webhook disabled.');
      }
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
      if (refocus) requestAnimationFrame(() => lastTrigger.current?.focus());
    }
  }

  const all = w.events.includes(ALL);
  const deliveriesId = `${uid}-deliveries`;
  return (
    <li className="admin-item webhook" data-webhook-id={w.id} data-enabled={String(w.enabled)}>
      <div className="item-head">
        <h3 id={`${uid}-url`} className="item-title webhook-url">
          {w.url}
        </h3>
        <span className={w.enabled ? 'state state-ok' : 'state state-off'} data-testid="webhook-state">
          {w.enabled ? 'Enabled' : 'Disabled'}
        </span>
      </div>
      {!w.enabled && w.disabledReason && (
        <p className="last-error small">
          <strong>Disabled:</strong> {w.disabledReason}
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>Events</dt>
          <dd>
            {all ? (
              'Every event type (*)'
            ) : (
              <ul className="chips" aria-label="Event types">
                {w.events.map((t) => (
                  <li key={t} className="chip">
                    <code>{t}</code>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Sessions</dt>
          <dd>{w.sessionId ? `Only ${sessionName(w.sessionId)}` : 'All sessions'}</dd>
        </div>
        <div>
          <dt>Acts with</dt>
          <dd>{w.capabilities.length ? w.capabilities.join(', ') : 'no capabilities'} (of whoever last saved it)</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <When iso={w.createdAt} />
          </dd>
        </div>
      </dl>

      <div className="actions" role="group" aria-label={`Actions for webhook ${w.url}`}>
        <button
          type="button"
          className={showDeliveries ? 'button primary' : 'button secondary'}
          aria-expanded={showDeliveries}
          aria-controls={showDeliveries ? deliveriesId : undefined}
          onClick={() => setShowDeliveries((v) => !v)}
        >
          Deliveries
        </button>
        <button
          ref={editButton}
          type="button"
          className="button secondary"
          aria-expanded={editing}
          onClick={() => {
            setConfirming(null);
            setEditing((v) => !v);
          }}
          disabled={busy !== null}
        >
          Edit
        </button>
        <button type="button" className="button secondary" onClick={(e) => ask('rotate', e)} disabled={busy !== null}>
          {busy === 'rotate' ? 'Rotating…' : 'Rotate secret'}
        </button>
        {w.enabled ? (
          <button type="button" className="button secondary" onClick={(e) => ask('disable', e)} disabled={busy !== null}>
            {busy === 'disable' ? 'Disabling…' : 'Disable'}
          </button>
        ) : (
          <button
            type="button"
            className="button secondary"
            onClick={(e) => {
              lastTrigger.current = e.currentTarget;
              void act('enable');
            }}
            disabled={busy !== null}
          >
            {busy === 'enable' ? 'Enabling…' : 'Enable'}
          </button>
        )}
        <button type="button" className="button danger-outline" onClick={(e) => ask('delete', e)} disabled={busy !== null}>
          {busy === 'delete' ? 'Deleting…' : 'Delete'}
        </button>
      </div>

      {confirming && (
        <Confirm question={CONFIRM[confirming].text} confirmLabel={CONFIRM[confirming].button} onConfirm={() => void act(confirming)} onCancel={cancel} />
      )}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      {secret && (
        <OneTimeSecret
          headingLevel="h4"
          title="Secret rotated: copy the new signing secret"
          label="Signing secret"
          value={secret}
          advice="Give it to the receiver now; the previous secret stops signing in 24 hours."
          onDone={() => {
            setSecret(null);
            lastTrigger.current?.focus();
          }}
        />
      )}
      {editing && (
        <div className="admin-form-wrap nested">
          <WebhookForm
            client={client}
            sessions={props.sessions}
            webhook={w}
            headingLevel="h4"
            onSaved={(updated) => {
              props.onUpdated(updated);
              setEditing(false);
              props.onAnnounce('Webhook saved.');
              editButton.current?.focus();
            }}
            onCancel={() => {
              setEditing(false);
              editButton.current?.focus();
            }}
          />
        </div>
      )}
      {showDeliveries && <DeliveriesLog id={deliveriesId} client={client} webhook={w} sessionName={sessionName} />}
    </li>
  );
}

const DELIVERY_STATUS: Record<Delivery['status'], { words: string; cls: string }> = {
  pending: { words: 'Pending', cls: 'state state-wait' },
  succeeded: { words: 'Delivered', cls: 'state state-ok' },
  failed: { words: 'Failed', cls: 'state state-bad' },
};

/** The delivery log of one webhook, newest first, with every attempt. */
function DeliveriesLog({ id, client, webhook, sessionName }: { id: string; client: GatewayClient; webhook: Webhook; sessionName: (id: string) => string }) {
  const fetchPage = useCallback(
    (cursor?: string) =>
      call(client.GET('/api/v1/webhooks/{webhook}/deliveries', { params: { path: { webhook: webhook.id }, query: { limit: PAGE, cursor } } })),
    [client, webhook.id],
  );
  const pages = usePages({ fetchPage, keyOf: (d: Delivery) => d.id });
  const { items, cursor, error, loadingFirst, loadingMore, reload } = pages;
  const [refreshing, setRefreshing] = useState(false);
  const [status, setStatus] = useState('');
  const busy = loadingFirst || loadingMore;
  // A load under way hides the problem of the last one.
  const problem = busy ? null : error;

  async function refresh() {
    setStatus('');
    setRefreshing(true);
    if (await reload()) setStatus('Deliveries refreshed.');
    setRefreshing(false);
  }

  useEffect(() => {
    if (loadingMore) setStatus('');
  }, [loadingMore]);

  const caption = `Deliveries to ${webhook.url}, newest first`;
  return (
    <div id={id} className="deliveries">
      <div className="deliveries-head">
        <p className="deliveries-title">Delivery log</p>
        <button type="button" className="button secondary" onClick={() => void refresh()} disabled={busy}>
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <p className="visually-hidden" role="status">
        {status}
      </p>
      <PagesStatus pages={{ ...pages, error: problem }} what="deliveries" retry={() => void (items ? refresh() : reload())} />
      {items?.length === 0 && (
        <p className="empty">
          No deliveries yet. Each event this webhook subscribes to shows up here, with every attempt to deliver it.
          {!webhook.enabled && ' This webhook is disabled: enable it to receive events.'}
        </p>
      )}
      {items && items.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={`${caption} (scrolls sideways)`}>
          <table className="admin-table deliveries-table">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Attempt</th>
                <th scope="col">HTTP status</th>
                <th scope="col">Latency</th>
                <th scope="col">Response</th>
              </tr>
            </thead>
            {items.map((d) => (
              <DeliveryRows key={d.id} delivery={d} sessionName={webhook.sessionId ? undefined : sessionName} />
            ))}
          </table>
        </div>
      )}
      {cursor && items && (
        <LoadMore pages={pages} label="Load more deliveries" disabled={busy} />
      )}
    </div>
  );
}

function DeliveryRows({ delivery: d, sessionName }: { delivery: Delivery; sessionName?: (id: string) => string }) {
  const st = DELIVERY_STATUS[d.status] ?? { words: d.status, cls: 'state' };
  const log = d.attemptLog;
  const span = Math.max(1, log.length);
  const head = (
    <>
      <th scope="rowgroup" rowSpan={span} className="event-cell">
        <code>{d.eventType}</code>{' '}
        <span className="muted small block">
          Event {d.eventId} · <When iso={d.createdAt} precise />
        </span>
        {sessionName && d.sessionId && <span className="muted small block"> {sessionName(d.sessionId)}</span>}
      </th>
      <td rowSpan={span}>
        <span className={st.cls}>{st.words}</span>
        {d.status === 'pending' && d.nextAttemptAt && (
          <span className="muted small block">
            {' '}
            Next try <When iso={d.nextAttemptAt} precise />
          </span>
        )}
      </td>
      <td rowSpan={span} className="num">
        {d.attempts}
      </td>
    </>
  );
  return (
    <tbody data-delivery-id={d.id} data-status={d.status}>
      {log.length === 0 ? (
        <tr>
          {head}
          <td colSpan={4} className="muted">
            Not tried yet.
          </td>
        </tr>
      ) : (
        log.map((a, i) => (
          <tr key={a.attempt}>
            {i === 0 && head}
            <AttemptCells attempt={a} />
          </tr>
        ))
      )}
    </tbody>
  );
}

/** What the receiver answered (its body's start), or why there was no answer (timeout, unreachable). */
function excerpt(a: Attempt): string {
  if (a.response) return a.response;
  return a.statusCode === null ? (a.error ?? '') : '';
}

function AttemptCells({ attempt: a }: { attempt: Attempt }) {
  const text = excerpt(a);
  const ok = a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300;
  return (
    <>
      <td className="num">
        {a.attempt}{' '}
        <span className="muted small block">
          <When iso={a.startedAt} precise />
        </span>
      </td>
      <td className={ok ? 'num http-ok' : 'num http-bad'}>{a.statusCode ?? 'No answer'}</td>
      <td className="num">{a.durationMs.toLocaleString()} ms</td>
      <td className="excerpt">
        {text ? (
          <code>{text}</code>
        ) : (
          <>
            <span aria-hidden="true">—</span>
            <span className="visually-hidden">empty answer</span>
          </>
        )}
      </td>
    </>
  );
}
