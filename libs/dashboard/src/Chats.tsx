import { useCallback, useEffect, useRef, useState } from 'react';
import { call, errorText, type Chat, type GatewayClient, type Session } from './api';
import { chatTitle, fullTime, isGroup, shortTime } from './format';
import { field, str, useEvents, type EventHub } from './live';

const PAGE = 25;

function byActivity(a: Chat, b: Chat): number {
  return a.lastMessageAt < b.lastMessageAt ? 1 : a.lastMessageAt > b.lastMessageAt ? -1 : 0;
}

/**
 * A session's chats, most recent activity first (groups are named by their subject), paged with
 * "Load more"; a message in or out moves its chat to the top as it happens.
 */
export function ChatList({
  client,
  hub,
  session,
  selectedJid,
  onOpen,
}: {
  client: GatewayClient;
  hub: EventHub;
  session: Session;
  selectedJid: string | null;
  onOpen: (chat: Chat) => void;
}) {
  const [chats, setChatsState] = useState<Chat[] | null>(null);
  const current = useRef<Chat[] | null>(null);
  const setChats = useCallback((fn: (list: Chat[] | null) => Chat[] | null) => {
    current.current = fn(current.current);
    setChatsState(current.current);
  }, []);
  const [cursor, setCursor] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const path = { session: session.id };

  /** The first page again, merged with what is loaded: its rows are the fresh ones. */
  const loadFirst = useCallback(async () => {
    try {
      const page = await call(client.GET('/api/v1/sessions/{session}/chats', { params: { path: { session: session.id }, query: { limit: PAGE } } }));
      const fresh = new Set(page.items.map((c) => c.jid));
      const firstLoad = current.current === null;
      setChats((list) => [...page.items, ...(list ?? []).filter((c) => !fresh.has(c.jid))].sort(byActivity));
      if (firstLoad) setCursor(page.nextCursor);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [client, session.id, setChats]);

  useEffect(() => {
    void loadFirst();
    return hub.onFirstOpen(() => void loadFirst());
  }, [hub, loadFirst]);

  useEvents(
    hub,
    (event) => {
      if (event.sessionId !== session.id) return;
      if (event.type !== 'message.received' && event.type !== 'message.sent') return;
      const jid = str(field(event, 'chatJid'));
      if (!jid || jid.endsWith('@broadcast')) return;
      const known = current.current?.find((c) => c.jid === jid);
      if (!known) {
        void loadFirst();
        return;
      }
      const at = event.type === 'message.received' ? (str(field(event, 'timestamp')) ?? event.occurredAt) : event.occurredAt;
      const updated: Chat = { ...known, lastMessageAt: at > known.lastMessageAt ? at : known.lastMessageAt, lastMessageId: str(field(event, 'id')) ?? known.lastMessageId };
      setChats((list) => (list ?? []).map((c) => (c.jid === jid ? updated : c)).sort(byActivity));
    },
    [session.id, loadFirst, setChats],
  );

  async function loadMore() {
    setLoadingMore(true);
    try {
      const page = await call(client.GET('/api/v1/sessions/{session}/chats', { params: { path, query: { limit: PAGE, cursor } } }));
      setChats((list) => {
        const have = new Set((list ?? []).map((c) => c.jid));
        return [...(list ?? []), ...page.items.filter((c) => !have.has(c.jid))];
      });
      setCursor(page.nextCursor);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <div className="chat-list-wrap">
      {error && (
        <div className="error" role="alert">
          <p>The chats could not be loaded. {error}</p>
          <button type="button" className="button secondary" onClick={() => void loadFirst()}>
            Try again
          </button>
        </div>
      )}
      {chats === null && !error && <p className="muted" role="status">Loading chats…</p>}
      {chats?.length === 0 && (
        <p className="empty">
          No chats yet. A chat appears here as soon as {session.name} sends or receives a message
          {session.status === 'connected' ? '.' : ' (it is not connected right now).'}
        </p>
      )}
      {chats && chats.length > 0 && (
        <ul className="chat-list" aria-label={`Chats of ${session.name}`}>
          {chats.map((c) => {
            const selected = c.jid === selectedJid;
            return (
              <li key={c.jid}>
                <button
                  type="button"
                  className={selected ? 'chat-item selected' : 'chat-item'}
                  aria-current={selected ? 'true' : undefined}
                  onClick={() => onOpen(c)}
                  data-jid={c.jid}
                >
                  <span className="chat-name">
                    {isGroup(c.jid) && <span className="tag">Group</span>}
                    {chatTitle(c)}
                  </span>
                  <time className="chat-time" dateTime={c.lastMessageAt} title={fullTime(c.lastMessageAt)}>
                    {shortTime(c.lastMessageAt)}
                  </time>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {cursor && chats && chats.length > 0 && (
        <button type="button" className="button secondary load-more" onClick={() => void loadMore()} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Load more chats'}
        </button>
      )}
    </div>
  );
}
