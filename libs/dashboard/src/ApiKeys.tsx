import { Confirm } from './Confirm';
import { useCallback, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Schemas } from '../../client/src';
import { call, errorText, run, type GatewayClient } from './api';
import { OneTimeSecret, When } from './OneTimeSecret';
import { loadToken } from './token';
import { LoadMore, PagesStatus, usePages } from './usePages';
import './admin.css';

type ApiKey = Schemas['ApiKeyDto'];
type Capability = ApiKey['capabilities'][number];

const PAGE = 50;

const CAPABILITY_HELP: Record<Capability, string> = {
  send: 'Read chats, messages and groups; send messages.',
  manage: 'Create, start, stop and delete sessions; see pairing codes; manage webhooks.',
  admin: 'Create and revoke API keys.',
};
const CAPABILITIES = Object.keys(CAPABILITY_HELP) as Capability[];

/** The organization's API keys: list, create (the key is shown once), revoke. Needs `admin`. */
export function ApiKeysPage({ client }: { client: GatewayClient }) {
  const uid = useId();
  const fetchPage = useCallback((cursor?: string) => call(client.GET('/api/v1/api-keys', { params: { query: { limit: PAGE, cursor } } })), [client]);
  const pages = usePages({ fetchPage, keyOf: (k: ApiKey) => k.id });
  const { items: keys, setItems: setKeys, cursor } = pages;
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [announce, setAnnounce] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  // The key this tab is signed in with (a JWT matches no prefix): marked, and warned about.
  const ownToken = useMemo(() => loadToken(), []);

  return (
    <section className="panel admin-page" aria-labelledby={`${uid}-heading`}>
      <div className="admin-inner">
        <div className="panel-head admin-head">
          <h2 id={`${uid}-heading`} ref={heading} tabIndex={-1}>
            API keys
          </h2>
        </div>
        <p className="muted admin-lead">
          Each service or person that calls the gateway should have its own key, with only the capabilities it needs. Revoking a key takes effect on its next
          request.
        </p>

        <CreateKey
          client={client}
          onCreated={(made) => {
            const { key, ...rest } = made;
            setKeys((list) => [rest, ...(list ?? []).filter((k) => k.id !== rest.id)]);
            setCreated({ name: rest.name, key });
            setAnnounce(`API key ${rest.name} created.`);
          }}
        />

        {created && (
          <OneTimeSecret
            headingLevel="h3"
            title={`API key “${created.name}” created: copy it now`}
            label="New API key"
            value={created.key}
            advice="Store it somewhere safe, such as a password manager or the secret store of the service that uses it. Anyone who has it can call the gateway with its capabilities. If it is lost, revoke it and create another."
            onDone={() => {
              setCreated(null);
              heading.current?.focus();
            }}
          />
        )}

        <p className="visually-hidden" role="status">
          {announce}
        </p>
        <PagesStatus pages={pages} what="API keys" />
        {keys?.length === 0 && <p className="empty">No API keys yet. Create one above for each service that calls the gateway.</p>}
        {keys && keys.length > 0 && (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="API keys (scrolls sideways)">
            <table className="admin-table keys-table">
              <caption>Active API keys, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key starts with</th>
                  <th scope="col">Capabilities</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <KeyRow
                    key={k.id}
                    client={client}
                    apiKey={k}
                    own={Boolean(ownToken && k.prefix && ownToken.startsWith(k.prefix))}
                    onRevoked={(own) => {
                      setKeys((list) => (list ?? []).filter((x) => x.id !== k.id));
                      setAnnounce(`API key ${k.name} revoked.`);
                      heading.current?.focus();
                      // The key of this tab: the next call answers 401 and the app signs out.
                      if (own) void call(client.GET('/api/v1/api-keys', { params: { query: { limit: 1 } } })).catch(() => undefined);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {cursor && keys && <LoadMore pages={pages} label="Load more keys" />}
      </div>
    </section>
  );
}

function CreateKey({ client, onCreated }: { client: GatewayClient; onCreated: (k: Schemas['CreatedApiKeyDto']) => void }) {
  const uid = useId();
  const [name, setName] = useState('');
  const [caps, setCaps] = useState<Set<Capability>>(() => new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nameProblem, setNameProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setNameProblem('Give the key a name that says who uses it, e.g. “billing service”.');
      setError(null);
      input.current?.focus();
      return;
    }
    setNameProblem(null);
    setBusy(true);
    setError(null);
    try {
      const made = await call(client.POST('/api/v1/api-keys', { body: { name: trimmed, capabilities: CAPABILITIES.filter((c) => caps.has(c)) } }));
      setName('');
      setCaps(new Set());
      onCreated(made);
    } catch (err) {
      setError(errorText(err));
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-labelledby={`${uid}-title`}>
      <h3 id={`${uid}-title`} className="form-title">
        New API key
      </h3>
      <div className="field">
        <label htmlFor={`${uid}-name`}>Key name</label>
        <input
          ref={input}
          id={`${uid}-name`}
          type="text"
          value={name}
          maxLength={100}
          autoComplete="off"
          placeholder="billing service"
          onChange={(e) => {
            setName(e.target.value);
            if (nameProblem) setNameProblem(null);
          }}
          aria-invalid={nameProblem ? true : undefined}
          aria-describedby={nameProblem ? `${uid}-name-problem` : undefined}
        />
        {nameProblem && (
          <p id={`${uid}-name-problem`} className="error small field-problem">
            {nameProblem}
          </p>
        )}
      </div>
      <fieldset className="event-types" aria-describedby={`${uid}-caps-help`}>
        <legend>Capabilities</legend>
        <p id={`${uid}-caps-help`} className="muted small field-help">
          A key can only be given capabilities your own key has. With none it can only list sessions and their status.
        </p>
        <div className="check-grid">
          {CAPABILITIES.map((c) => (
            <div className="check-item" key={c}>
              <input
                type="checkbox"
                id={`${uid}-${c}`}
                checked={caps.has(c)}
                aria-describedby={`${uid}-${c}-help`}
                onChange={(e) =>
                  setCaps((cur) => {
                    const next = new Set(cur);
                    if (e.target.checked) next.add(c);
                    else next.delete(c);
                    return next;
                  })
                }
              />
              <label htmlFor={`${uid}-${c}`}>
                <code>{c}</code>
              </label>
              <span id={`${uid}-${c}-help`} className="muted small">
                {CAPABILITY_HELP[c]}
              </span>
            </div>
          ))}
        </div>
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create API key'}
        </button>
      </div>
    </form>
  );
}

function KeyRow({ client, apiKey: k, own, onRevoked }: { client: GatewayClient; apiKey: ApiKey; own: boolean; onRevoked: (own: boolean) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);

  async function revoke() {
    setConfirming(false);
    setBusy(true);
    setError(null);
    try {
      await run(client.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: k.id } } }));
      onRevoked(own);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
      requestAnimationFrame(() => revokeButton.current?.focus());
    }
  }

  return (
    <tr data-api-key-id={k.id} data-own={own ? 'true' : undefined}>
      <th scope="row" className="key-name">
        {k.name}
        {own && <span className="tag own-tag"> Signed in with this key</span>}
      </th>
      <td>
        <code>{k.prefix}…</code>
      </td>
      <td>
        {k.capabilities.length ? (
          <ul className="chips" aria-label={`Capabilities of ${k.name}`}>
            {k.capabilities.map((c) => (
              <li key={c} className="chip">
                <code>{c}</code>
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">None (reads sessions only)</span>
        )}
      </td>
      <td>
        <When iso={k.createdAt} />
      </td>
      <td>{k.lastUsedAt ? <When iso={k.lastUsedAt} /> : <span className="muted">Never</span>}</td>
      <td className="key-actions">
        {confirming ? (
          <Confirm
            question={
              <>
                Revoke “{k.name}”? Anything that uses it is refused from its next request.
                {own && ' This is the key you are signed in with: you will be signed out.'}
              </>
            }
            confirmLabel="Revoke key"
            onConfirm={() => void revoke()}
            onCancel={() => {
              setConfirming(false);
              // The Revoke button is back after this render.
              requestAnimationFrame(() => revokeButton.current?.focus());
            }}
          />
        ) : (
          <button
            ref={revokeButton}
            type="button"
            className="button danger-outline"
            onClick={() => {
              setError(null);
              setConfirming(true);
            }}
            disabled={busy}
          >
            {busy ? 'Revoking…' : 'Revoke'}
            <span className="visually-hidden"> {k.name}</span>
          </button>
        )}
        {error && (
          <p className="error small" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}
