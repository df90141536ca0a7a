import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { call, errorText, newIdempotencyKey, type GatewayClient, type Message, type Session } from './api';
import { STATUS_WORDS, TICKS, chatTitle, fullTime, groupReactions, isGroup, laterStatus, messageBody, senderLabel, shortTime } from './format';
import { field, str, useEvents, type EventHub } from './live';

const PAGE = 30;

function chronological(a: Message, b: Message): number {
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Adds or refreshes messages; an outgoing status never moves backwards. */
function merge(list: Message[], incoming: Message[]): Message[] {
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const m of incoming) {
    const old = byId.get(m.id);
    byId.set(m.id, old ? { ...old, ...m, status: laterStatus(old.status, m.status) } : m);
  }
  return [...byId.values()].sort(chronological);
}

/**
 * One chat: its messages oldest to newest (older pages on demand), kept current by events
 * (new messages, ticks, reactions, edits, deletions), and a composer that sends text.
 */
export function Conversation({
  client,
  hub,
  session,
  chat,
  onBack,
}: {
  client: GatewayClient;
  hub: EventHub;
  session: Session;
  chat: { jid: string; name: string | null };
  onBack: () => void;
}) {
  const [messages, setMessagesState] = useState<Message[] | null>(null);
  const current = useRef<Message[] | null>(null);
  const setMessages = useCallback((fn: (list: Message[]) => Message[]) => {
    current.current = fn(current.current ?? []);
    setMessagesState(current.current);
  }, []);
  const [cursor, setCursor] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const log = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const keepFromBottom = useRef<number | null>(null);
  const title = chatTitle(chat);
  const group = isGroup(chat.jid);

  const loadNewest = useCallback(async () => {
    try {
      const page = await call(
        client.GET('/api/v1/sessions/{session}/chats/{jid}/messages', { params: { path: { session: session.id, jid: chat.jid }, query: { limit: PAGE } } }),
      );
      const first = current.current === null;
      setMessages((list) => merge(list, page.items));
      if (first) setCursor(page.nextCursor);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [client, session.id, chat.jid, setMessages]);

  useEffect(() => {
    void loadNewest();
    return hub.onFirstOpen(() => void loadNewest());
  }, [hub, loadNewest]);

  const fetchMessage = useCallback(
    (id: string) => {
      call(client.GET('/api/v1/sessions/{session}/messages/{id}', { params: { path: { session: session.id, id } } })).then(
        (m) => {
          if (m.chatJid === chat.jid) setMessages((list) => merge(list, [m]));
        },
        () => undefined,
      );
    },
    [client, session.id, chat.jid, setMessages],
  );

  useEvents(
    hub,
    (event) => {
      if (event.sessionId !== session.id || str(field(event, 'chatJid')) !== chat.jid) return;
      const id = str(field(event, 'id'));
      if (!id) return;
      const known = current.current?.find((m) => m.id === id);
      const patch = (fn: (m: Message) => Message) => setMessages((list) => list.map((m) => (m.id === id ? fn(m) : m)));
      switch (event.type) {
        case 'message.received':
          setMessages((list) => merge(list, [event.data as unknown as Message]));
          break;
        case 'message.sent':
          if (!known) fetchMessage(id);
          break;
        case 'message.status': {
          if (!known) return fetchMessage(id);
          const status = str(field(event, 'status')) as Message['status'];
          const failure = status === 'failed' ? { error: str(field(event, 'error')), errorCode: field(event, 'errorCode') as Message['errorCode'] } : {};
          patch((m) => ({ ...m, ...failure, status: laterStatus(m.status, status) }));
          break;
        }
        case 'message.reaction': {
          const reactions = field(event, 'reactions');
          if (known && Array.isArray(reactions)) patch((m) => ({ ...m, reactions: reactions as Message['reactions'] }));
          break;
        }
        case 'message.revoked':
          if (known) patch((m) => ({ ...m, revokedAt: str(field(event, 'revokedAt')) ?? event.occurredAt, text: null, media: null, location: null, contact: null, poll: null, reactions: [] }));
          break;
        case 'message.edited':
          if (known) patch((m) => ({ ...m, text: str(field(event, 'newText')) ?? m.text, editedAt: str(field(event, 'editedAt')) ?? event.occurredAt }));
          break;
        default:
          break;
      }
    },
    [session.id, chat.jid, fetchMessage, setMessages],
  );

  async function loadOlder() {
    setLoadingOlder(true);
    try {
      const page = await call(
        client.GET('/api/v1/sessions/{session}/chats/{jid}/messages', {
          params: { path: { session: session.id, jid: chat.jid }, query: { limit: PAGE, cursor } },
        }),
      );
      if (log.current) keepFromBottom.current = log.current.scrollHeight - log.current.scrollTop;
      setMessages((list) => merge(list, page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoadingOlder(false);
    }
  }

  // Follow new messages while the reader is at the bottom; keep the place when older ones load.
  useLayoutEffect(() => {
    const el = log.current;
    if (!el) return;
    if (keepFromBottom.current !== null) {
      el.scrollTop = el.scrollHeight - keepFromBottom.current;
      keepFromBottom.current = null;
    } else if (stick.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages]);

  const shown = (messages ?? []).filter((m) => m.type !== 'reaction');
  const canSendNow = session.status === 'connected' || session.status === 'starting' || session.status === 'reconnecting';

  return (
    <div className="conversation">
      <div className="panel-head">
        <button type="button" className="button link back" onClick={onBack}>
          ← Chats
        </button>
        <h2 id="conversation-heading">
          {group && <span className="tag">Group</span>}
          {title}
        </h2>
      </div>
      <div
        ref={log}
        className="message-log"
        role="log"
        aria-label={`Messages with ${title}`}
        aria-live="polite"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
        }}
      >
        {cursor && messages && (
          <button type="button" className="button secondary load-more" onClick={() => void loadOlder()} disabled={loadingOlder}>
            {loadingOlder ? 'Loading…' : 'Load older messages'}
          </button>
        )}
        {error && (
          <div className="error" role="alert">
            <p>{error}</p>
            <button type="button" className="button secondary" onClick={() => void loadNewest()}>
              Try again
            </button>
          </div>
        )}
        {messages === null && !error && <p className="muted">Loading messages…</p>}
        {messages !== null && shown.length === 0 && <p className="empty">No messages in this chat yet.</p>}
        {shown.length > 0 && (
          <ol className="messages">
            {shown.map((m) => (
              <MessageItem key={m.id} m={m} group={group} />
            ))}
          </ol>
        )}
      </div>
      {!canSendNow && (
        <p className="note small composer-note">
          {session.name} is {STATUS_WORDS[session.status].toLowerCase()}: messages can be sent once it is connected.
        </p>
      )}
      <Composer
        client={client}
        session={session}
        to={chat.jid}
        title={title}
        onSent={(m) => {
          stick.current = true;
          setMessages((list) => merge(list, [m]));
        }}
      />
    </div>
  );
}

function MessageItem({ m, group }: { m: Message; group: boolean }) {
  const body = messageBody(m);
  const reactions = groupReactions(m);
  const tick = m.fromMe && m.status ? TICKS[m.status] : null;
  return (
    <li className={m.fromMe ? 'msg out' : 'msg in'} data-message-id={m.id} data-wa-id={m.waMessageId}>
      <div className="bubble">
        {group && !m.fromMe ? <p className="sender">{senderLabel(m)}</p> : <span className="visually-hidden">{senderLabel(m)}: </span>}
        {body.label && <p className={m.revokedAt ? 'media-label revoked' : 'media-label'}>{body.label}</p>}
        {body.text && <p className="text">{body.text}</p>}
        <p className="meta">
          <time dateTime={m.timestamp} title={fullTime(m.timestamp)}>
            {shortTime(m.timestamp)}
          </time>
          {m.editedAt && !m.revokedAt && <span> · edited</span>}
          {tick && (
            <span className={`tick tick-${m.status}`} data-status={m.status} title={tick.words}>
              <span aria-hidden="true">{tick.symbol}</span>
              <span className="visually-hidden">{tick.words}</span>
            </span>
          )}
        </p>
        {m.status === 'failed' && m.error && <p className="error small">Not sent: {m.error}</p>}
        {reactions.length > 0 && (
          <p className="reactions">
            <span className="visually-hidden">Reactions: </span>
            {reactions.map(([emoji, n]) => (
              <span key={emoji} className="reaction">
                {emoji}
                {n > 1 ? ` ${n}` : ''}
              </span>
            ))}
          </p>
        )}
      </div>
    </li>
  );
}

function Composer({ client, session, to, title, onSent }: { client: GatewayClient; session: Session; to: string; title: string; onSent: (m: Message) => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  // One Idempotency-Key per draft: resending the same text after a failure that may have gone
  // through never sends it twice.
  const idem = useRef<{ key: string; text: string } | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  async function send(e?: FormEvent) {
    e?.preventDefault();
    if (busy) return;
    if (!text.trim()) {
      setError('Write something to send.');
      return;
    }
    if (idem.current?.text !== text) idem.current = { key: newIdempotencyKey(), text };
    setBusy(true);
    setError(null);
    try {
      const sent = await call(
        client.POST('/api/v1/sessions/{session}/messages', {
          params: { path: { session: session.id }, header: { 'Idempotency-Key': idem.current.key } },
          body: { to, type: 'text', text },
        }),
      );
      idem.current = null;
      setText('');
      setNotice(sent.status === 'queued' ? 'Message queued: it is sent when the session is connected.' : 'Message sent.');
      onSent(sent);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  }

  return (
    <form className="composer" onSubmit={send} noValidate>
      <label htmlFor="composer-text" className="visually-hidden">
        Message to {title}
      </label>
      <textarea
        ref={input}
        id="composer-text"
        rows={2}
        value={text}
        placeholder="Write a message (Enter sends, Shift+Enter starts a new line)"
        onChange={(e) => {
          setText(e.target.value);
          if (error) setError(null);
        }}
        onKeyDown={onKeyDown}
        aria-invalid={error ? true : undefined}
        aria-errormessage={error ? 'composer-error' : undefined}
      />
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Sending…' : 'Send'}
      </button>
      {error && (
        <p id="composer-error" className="error small composer-error" role="alert">
          {error}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {notice}
      </p>
    </form>
  );
}
