import { useCallback, useEffect } from 'react';
import { call, type Chat, type GatewayClient, type Session } from './api';
import { chatPreview, chatTitle, fullTime, isGroup, shortTime } from './format';
import { field, str, useEvents, type EventHub } from './live';
import { LoadMore, PagesStatus, usePages } from './usePages';

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
  readMark,
}: {
  client: GatewayClient;
  hub: EventHub;
  session: Session;
  selectedJid: string | null;
  onOpen: (chat: Chat) => void;
  /** A chat marked read in the conversation, with what is still unread there. */
  readMark?: { jid: string; unreadCount: number } | null;
}) {
  const fetchPage = useCallback(
    (cursor?: string) =>
      call(client.GET('/api/v1/sessions/{session}/chats', { params: { path: { session: session.id }, query: { limit: PAGE, cursor } } })),
    [client, session.id],
  );
  // A reload is the first page again, merged with what is loaded: its rows are the fresh ones.
  const pages = usePages({ fetchPage, keyOf: (c: Chat) => c.jid, reload: 'merge', order: byActivity });
  const { items: chats, setItems: setChats, latest, cursor, reload: loadFirst } = pages;

  useEffect(() => hub.onFirstOpen(() => void loadFirst()), [hub, loadFirst]);

  useEffect(() => {
    if (readMark) setChats((list) => (list ?? []).map((c) => (c.jid === readMark.jid ? { ...c, unreadCount: readMark.unreadCount } : c)));
  }, [readMark, setChats]);

  useEvents(
    hub,
    (event) => {
      if (event.sessionId !== session.id) return;
      if (event.type !== 'message.received' && event.type !== 'message.sent') return;
      const jid = str(field(event, 'chatJid'));
      if (!jid || jid.endsWith('@broadcast')) return;
      const known = latest.current?.find((c) => c.jid === jid);
      // A new chat, or a message sent (its event does not carry the text): the first page again.
      if (!known || event.type === 'message.sent') {
        void loadFirst();
        return;
      }
      // A received message carries all a preview needs; it counts as unread until the chat is marked read.
      const at = str(field(event, 'timestamp')) ?? event.occurredAt;
      const id = str(field(event, 'id')) ?? known.lastMessageId ?? '';
      const type = str(field(event, 'type')) ?? 'text';
      const updated: Chat = {
        ...known,
        lastMessageAt: at > known.lastMessageAt ? at : known.lastMessageAt,
        lastMessageId: id,
        unreadCount: known.unreadCount + (type === 'reaction' ? 0 : 1),
        lastMessage: { id, waMessageId: str(field(event, 'waMessageId')) ?? '', fromMe: false, type, preview: str(field(event, 'text')) ?? null, status: null, timestamp: at, revoked: false },
      };
      setChats((list) => (list ?? []).map((c) => (c.jid === jid ? updated : c)).sort(byActivity));
    },
    [session.id, loadFirst, setChats],
  );

  return (
    <div className="chat-list-wrap">
      <PagesStatus pages={pages} what="chats" />
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
                  <span className="chat-main">
                    <span className="chat-name">
                      {isGroup(c.jid) && <span className="tag">Group</span>}
                      {chatTitle(c)}
                    </span>
                    <span className="chat-preview">{chatPreview(c)}</span>
                  </span>
                  <span className="chat-side">
                    <time className="chat-time" dateTime={c.lastMessageAt} title={fullTime(c.lastMessageAt)}>
                      {shortTime(c.lastMessageAt)}
                    </time>
                    {c.unreadCount > 0 && (
                      <span className="unread" data-testid="unread-count">
                        <span aria-hidden="true">{c.unreadCount}</span>
                        <span className="visually-hidden">{c.unreadCount} unread</span>
                      </span>
                    )}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {cursor && chats && chats.length > 0 && <LoadMore pages={pages} label="Load more chats" />}
    </div>
  );
}
