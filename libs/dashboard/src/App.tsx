import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, errorText, makeClient, setUnauthorizedHandler, type GatewayClient, type Session } from './api';
import { probeCapabilities, type Capabilities } from './capabilities';
import { ChannelsPanel } from './Channels';
import { ChatList } from './Chats';
import { Conversation } from './Conversation';
import { chatTitle, isGroup } from './format';
import { GroupInfo } from './GroupInfo';
import { EventHub, useLiveEvents, type LiveState } from './live';
import { SessionsPanel } from './Sessions';
import { SignIn } from './SignIn';
import { clearToken, loadToken, saveToken } from './token';

// Screens an operator opens now and then: loaded on first use, not with the first screen.
const WebhooksPage = lazy(() => import('./Webhooks').then((m) => ({ default: m.WebhooksPage })));
const ApiKeysPage = lazy(() => import('./ApiKeys').then((m) => ({ default: m.ApiKeysPage })));
const EventsTail = lazy(() => import('./EventsTail').then((m) => ({ default: m.EventsTail })));

type Section = 'sessions' | 'webhooks' | 'api-keys' | 'events';

interface SignedIn {
  token: string;
  client: GatewayClient;
  caps: Capabilities;
}

type Boot = { kind: 'checking' } | { kind: 'signed-out'; notice?: string } | ({ kind: 'signed-in' } & SignedIn);

export function App() {
  const [boot, setBoot] = useState<Boot>(() => (loadToken() ? { kind: 'checking' } : { kind: 'signed-out' }));

  const signOut = useCallback((notice?: string) => {
    clearToken();
    setBoot({ kind: 'signed-out', notice });
  }, []);

  // A key kept from earlier in this tab: check it again (it may have been revoked since).
  useEffect(() => {
    if (boot.kind !== 'checking') return;
    const token = loadToken();
    if (!token) return setBoot({ kind: 'signed-out' });
    const client = makeClient(token);
    probeCapabilities(client).then(
      (caps) => setBoot({ kind: 'signed-in', token, client, caps }),
      (err) => {
        if (err instanceof ApiError && err.status === 401) signOut('Your key is no longer accepted. Sign in again.');
        else setBoot({ kind: 'signed-out', notice: errorText(err) });
      },
    );
  }, [boot.kind, signOut]);

  useEffect(() => {
    if (boot.kind !== 'signed-in') return;
    setUnauthorizedHandler(() => signOut('Your key is no longer accepted (it may have been revoked). Sign in again.'));
    return () => setUnauthorizedHandler(undefined);
  }, [boot.kind, signOut]);

  const signIn = useCallback(async (token: string) => {
    const client = makeClient(token);
    const caps = await probeCapabilities(client);
    saveToken(token);
    setBoot({ kind: 'signed-in', token, client, caps });
  }, []);

  if (boot.kind === 'checking') {
    return (
      <main className="center-screen" aria-busy="true">
        <p role="status">Checking your key…</p>
      </main>
    );
  }
  if (boot.kind === 'signed-out') return <SignIn onSignIn={signIn} notice={boot.notice} />;
  return <Dashboard key={boot.token} signedIn={boot} onSignOut={() => signOut()} onUnauthorized={() => signOut('Your key is no longer accepted. Sign in again.')} />;
}

function Dashboard({ signedIn, onSignOut, onUnauthorized }: { signedIn: SignedIn; onSignOut: () => void; onUnauthorized: () => void }) {
  const { client, caps, token } = signedIn;
  const hub = useMemo(() => new EventHub(), []);
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;
  const stableUnauthorized = useCallback(() => unauthorized.current(), []);
  const live = useLiveEvents(token, caps, hub, stableUnauthorized);

  const [section, setSection] = useState<Section>('sessions');
  const [session, setSession] = useState<Session | null>(null);
  const [chat, setChat] = useState<{ jid: string; name: string | null } | null>(null);
  const [sessionTab, setSessionTab] = useState<'chats' | 'channels'>('chats');
  const [groupInfo, setGroupInfo] = useState(false);
  // The conversation marked its chat read: the chat list shows the new unread count.
  const [readMark, setReadMark] = useState<{ jid: string; unreadCount: number } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const openSession = useCallback((s: Session) => {
    setSession(s);
    setChat(null);
    setGroupInfo(false);
  }, []);
  const openChat = useCallback((c: { jid: string; name: string | null }) => {
    setChat(c);
    setGroupInfo(false);
  }, []);
  // Keep the selected session's details (status, name) current; forget it when deleted.
  const sessionChanged = useCallback((s: Session | null, id: string) => {
    setSession((cur) => (cur?.id === id ? s : cur));
    if (!s) setChat((c) => (session?.id === id ? null : c));
  }, [session?.id]);

  const sections: { id: Section; label: string; shown: boolean }[] = [
    { id: 'sessions', label: 'Sessions & chats', shown: true },
    { id: 'webhooks', label: 'Webhooks', shown: caps.manage },
    { id: 'api-keys', label: 'API keys', shown: caps.admin },
    { id: 'events', label: 'Live events', shown: true },
  ];
  const view = chat ? 'chat' : session ? 'chats' : 'sessions';
  return (
    <div className="app">
      <header className="topbar">
        <h1 ref={heading} tabIndex={-1}>WhatsApp Gateway</h1>
        <nav className="sections" aria-label="Sections">
          <ul>
            {sections
              .filter((x) => x.shown)
              .map((x) => (
                <li key={x.id}>
                  <button type="button" className="section-link" aria-current={section === x.id ? 'page' : undefined} onClick={() => setSection(x.id)}>
                    {x.label}
                  </button>
                </li>
              ))}
          </ul>
        </nav>
        <p className="caps" aria-label="What this key may do">
          <span className="cap">Sessions: read</span>
          <span className={caps.send ? 'cap' : 'cap cap-off'}>{caps.send ? 'Chats & sending' : 'No chats'}</span>
          <span className={caps.manage ? 'cap' : 'cap cap-off'}>{caps.manage ? 'Manage sessions' : 'No session management'}</span>
          {caps.admin && <span className="cap">API keys</span>}
        </p>
        <LiveBadge live={live} />
        <button type="button" className="button secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main className="main">
      {section !== 'sessions' && (
        <div className="page">
          <Suspense fallback={<p className="muted" role="status">Loading…</p>}>
            {section === 'webhooks' && <WebhooksPage client={client} />}
            {section === 'api-keys' && <ApiKeysPage client={client} />}
            {section === 'events' && <EventsTail token={token} caps={caps} />}
          </Suspense>
        </div>
      )}
      <div className="layout" data-view={view} hidden={section !== 'sessions'}>
        <SessionsPanel client={client} caps={caps} hub={hub} selectedId={session?.id ?? null} onOpen={openSession} onChanged={sessionChanged} />
        <section className="panel panel-chats" aria-labelledby="chats-heading">
          {session ? (
            <>
              <div className="panel-head">
                <button type="button" className="button link back" onClick={() => setSession(null)}>
                  ← Sessions
                </button>
                <h2 id="chats-heading">
                  {sessionTab === 'chats' ? 'Chats' : 'Channels'} <span className="sub">· {session.name}</span>
                </h2>
              </div>
              {caps.send ? (
                <>
                  <div className="tabs" role="group" aria-label={`What to show of ${session.name}`}>
                    <button type="button" className="tab" aria-pressed={sessionTab === 'chats'} onClick={() => setSessionTab('chats')}>
                      Chats and groups
                    </button>
                    <button type="button" className="tab" aria-pressed={sessionTab === 'channels'} onClick={() => setSessionTab('channels')}>
                      Channels
                    </button>
                  </div>
                  {sessionTab === 'chats' ? (
                    <ChatList key={session.id} client={client} hub={hub} session={session} selectedJid={chat?.jid ?? null} onOpen={openChat} readMark={readMark} />
                  ) : (
                    <ChannelsPanel key={session.id} client={client} session={session} hub={hub} />
                  )}
                </>
              ) : (
                <p className="empty">This key cannot read chats: that needs the “send” capability.</p>
              )}
            </>
          ) : (
            <>
              <h2 id="chats-heading">Chats</h2>
              <p className="empty">Choose a session to see its chats.</p>
            </>
          )}
        </section>
        <section className="panel panel-conversation" aria-labelledby="conversation-heading">
          {session && chat && caps.send && groupInfo && isGroup(chat.jid) ? (
            <GroupInfo key={`${session.id}/${chat.jid}`} client={client} hub={hub} session={session} jid={chat.jid} canManage={caps.manage} onBack={() => setGroupInfo(false)} />
          ) : session && chat && caps.send ? (
            <Conversation
              key={`${session.id}/${chat.jid}`}
              client={client}
              hub={hub}
              session={session}
              chat={chat}
              onBack={() => setChat(null)}
              onShowInfo={isGroup(chat.jid) ? () => setGroupInfo(true) : undefined}
              onMarkedRead={(jid, unreadCount) => setReadMark({ jid, unreadCount })}
            />
          ) : (
            <>
              <h2 id="conversation-heading">Messages</h2>
              <p className="empty">{session && caps.send ? 'Choose a chat to read its messages.' : 'Messages of a chat appear here.'}</p>
            </>
          )}
        </section>
      </div>
      </main>
      <p className="visually-hidden" aria-live="polite">
        {section !== 'sessions'
          ? `Showing ${sections.find((x) => x.id === section)?.label}`
          : chat
            ? `Showing ${groupInfo ? 'group info of' : 'chat'} ${chatTitle(chat)}`
            : session
              ? `Showing chats of ${session.name}`
              : ''}
      </p>
    </div>
  );
}

function LiveBadge({ live }: { live: LiveState }) {
  let text: string;
  let cls = 'live';
  switch (live.kind) {
    case 'connecting':
      text = 'Connecting to live updates…';
      cls += ' live-wait';
      break;
    case 'live':
      text = live.limited ? 'Live (sessions only)' : 'Live';
      cls += ' live-on';
      break;
    case 'retrying':
      text = 'Live updates interrupted; reconnecting…';
      cls += ' live-wait';
      break;
    case 'off':
      text = `Live updates off: ${live.reason}`;
      cls += ' live-off';
      break;
  }
  return (
    <p className={cls} role="status">
      <span className="dot" aria-hidden="true" />
      {text}
    </p>
  );
}
