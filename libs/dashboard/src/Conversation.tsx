import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent, type FocusEvent } from 'react';
import { ApiError, call, errorText, newIdempotencyKey, type GatewayClient, type Message, type Session } from './api';
import { Composer, type ComposerHandle } from './Composer';
import './conversation.css';
import { STATUS_WORDS, chatTitle, isGroup, laterStatus, senderLabel } from './format';
import { field, str, useEvents, type EventHub } from './live';
import { forgetMedia, mediaInfo, mediaKind } from './media';
import { EditRefusal, MessageContent, messageSnippet, type MessageActions } from './MessageItem';
import { mediaFrameSize } from './MessageMedia';

const PAGE = 30;
/** Older pages load on their own when the reader scrolls this close to the top (px). */
const NEAR_TOP = 400;
/** "At the bottom" (follow new messages) within this many pixels. */
const AT_END = 48;

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

/** Why the gateway refused an edit (409 `details.reason`), in words for the person at the screen. */
const EDIT_REFUSALS: Record<string, string> = {
  edit_window_passed: 'This message can no longer be edited: WhatsApp allows changes only within 15 minutes of sending.',
  not_own: 'Only messages this session sent can be edited.',
  not_sent: 'This message has not been sent (it is still queued, or it failed), so there is nothing to edit on the phones yet.',
  revoked: 'This message was deleted for everyone, so it can no longer be edited.',
  not_editable: 'Only a text, or the caption of a photo, video or document, can be edited.',
};

/** A first guess at a row's height (px) before it is measured: close guesses keep the scrollbar steady. */
function estimateHeight(m: Message, group: boolean): number {
  let h = 52;
  if (group && !m.fromMe) h += 18;
  if (m.replyTo) h += 46;
  const kind = m.revokedAt ? null : mediaKind(m);
  const info = kind ? mediaInfo(m) : null;
  if (kind && info) {
    const frame = mediaFrameSize(kind, info);
    h += frame ? frame.height + 8 : kind === 'audio' ? 80 : kind === 'document' ? 64 : 190;
  }
  const text = m.text ?? '';
  if (text) h += 23 * text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 48)), 0) - 23;
  if (m.reactions?.length) h += 28;
  return h;
}

/**
 * One chat: its messages oldest to newest in a virtualized list (only the rows on screen are in
 * the page, so a chat of 10,000 messages scrolls smoothly), older pages on demand, kept current by
 * events (new messages, ticks, reactions, edits, deletions); replies, reactions, editing and
 * deleting for everyone on each message; a composer that sends text and files; "Mark as read"
 * (read receipts are the operator's choice: opening a chat never sends them).
 */
export function Conversation({
  client,
  hub,
  session,
  chat,
  onBack,
  onShowInfo,
  onMarkedRead,
}: {
  client: GatewayClient;
  hub: EventHub;
  session: Session;
  /** `unreadCount`, when known (the chat list's row), decides whether "Mark as read" is offered. */
  chat: { jid: string; name: string | null; unreadCount?: number };
  onBack: () => void;
  /** Shows the group's details (given for group chats): a "Group info" button in the header. */
  onShowInfo?: () => void;
  /** The chat was marked read: how many received messages are still unread (arrived meanwhile). */
  onMarkedRead?: (jid: string, unreadCount: number) => void;
}) {
  const [messages, setMessagesState] = useState<Message[] | null>(null);
  const current = useRef<Message[] | null>(null);
  const setMessages = useCallback((fn: (list: Message[]) => Message[]) => {
    current.current = fn(current.current ?? []);
    setMessagesState(current.current);
  }, []);
  const [cursor, setCursor] = useState('');
  const [error, setError] = useState<{ text: string; retry: () => void } | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [announcement, setAnnouncement] = useState('');
  /** Received messages not marked read: the chat row's count, then counted here; null when unknown. */
  const [unread, setUnread] = useState<number | null>(() => (typeof chat.unreadCount === 'number' ? chat.unreadCount : null));
  const [markingRead, setMarkingRead] = useState(false);
  const [readStatus, setReadStatus] = useState('');
  const [atEnd, setAtEnd] = useState(true);
  const [dragging, setDragging] = useState(false);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  /** Bumped to show the newest message (one was just sent). */
  const [endRequest, setEndRequest] = useState(0);
  const log = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const composer = useRef<ComposerHandle>(null);
  const olderBusy = useRef(false);
  const cursorRef = useRef('');
  cursorRef.current = cursor;
  const toEnd = useRef(true);
  const dragDepth = useRef(0);
  const title = chatTitle(chat);
  const group = isGroup(chat.jid);

  const loadNewest = useCallback(async () => {
    try {
      const page = await call(
        client.GET('/api/v1/sessions/{session}/chats/{jid}/messages', { params: { path: { session: session.id, jid: chat.jid }, query: { limit: PAGE } } }),
      );
      const first = current.current === null;
      if (first) toEnd.current = true;
      setMessages((list) => merge(list, page.items));
      if (first) setCursor(page.nextCursor);
      setError(null);
    } catch (err) {
      setError({ text: errorText(err), retry: () => void loadNewest() });
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
        case 'message.received': {
          const m = event.data as unknown as Message;
          setMessages((list) => merge(list, [m]));
          if (!m.fromMe && m.type !== 'reaction' && !known) {
            setAnnouncement(`New message from ${senderLabel(m)}: ${messageSnippet(m)}`);
            setUnread((n) => (n === null ? null : n + 1));
            setReadStatus('');
          }
          break;
        }
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
          if (known) {
            forgetMedia(session.id, id);
            patch((m) => ({ ...m, revokedAt: str(field(event, 'revokedAt')) ?? event.occurredAt, text: null, media: null, location: null, contact: null, poll: null, reactions: [] }));
          }
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

  const loadOlder = useCallback(async () => {
    const from = cursorRef.current;
    if (!from || olderBusy.current) return;
    olderBusy.current = true;
    setLoadingOlder(true);
    try {
      const page = await call(
        client.GET('/api/v1/sessions/{session}/chats/{jid}/messages', {
          params: { path: { session: session.id, jid: chat.jid }, query: { limit: PAGE, cursor: from } },
        }),
      );
      // The virtualizer keeps the row being read in place while the older ones go in above it.
      setMessages((list) => merge(list, page.items));
      setCursor(page.nextCursor);
      setError(null);
    } catch (err) {
      setError({ text: errorText(err), retry: () => void loadOlder() });
    } finally {
      olderBusy.current = false;
      setLoadingOlder(false);
    }
  }, [client, session.id, chat.jid, setMessages]);

  const shown = useMemo(() => (messages ?? []).filter((m) => m.type !== 'reaction'), [messages]);
  const byWaId = useMemo(() => new Map(shown.map((m) => [m.waMessageId, m])), [shown]);
  const focusedIndex = useMemo(() => (focusedId ? shown.findIndex((m) => m.id === focusedId) : -1), [shown, focusedId]);

  const getItemKey = useCallback((i: number) => shown[i]?.id ?? i, [shown]);
  const estimateSize = useCallback((i: number) => (shown[i] ? estimateHeight(shown[i], group) : 60), [shown, group]);
  // The row holding the keyboard focus stays in the page even when scrolled away.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (focusedIndex >= 0 && !indexes.includes(focusedIndex)) return [...indexes, focusedIndex].sort((a, b) => a - b);
      return indexes;
    },
    [focusedIndex],
  );

  const virtualizer = useVirtualizer<HTMLDivElement, HTMLLIElement>({
    count: shown.length,
    getScrollElement: () => log.current,
    estimateSize,
    getItemKey,
    rangeExtractor,
    overscan: 8,
    scrollMargin,
    // A chat: the reader's place holds when older messages go in above, and new ones are
    // followed while the reader is at the bottom.
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: AT_END,
  });

  // Where the list starts in the scrolled content (below the "Load older messages" row).
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const measure = () => setScrollMargin(el.offsetTop);
    measure();
    const head = el.previousElementSibling;
    if (!head || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(head);
    return () => ro.disconnect();
  }, []);

  // The first page, and a message just sent: show the newest.
  useLayoutEffect(() => {
    if (!toEnd.current || shown.length === 0) return;
    toEnd.current = false;
    virtualizer.scrollToEnd();
  }, [shown.length, endRequest, virtualizer]);

  // A message just highlighted (a quote was followed): focus it once it is in the page.
  useEffect(() => {
    if (!highlightId) return;
    const timer = window.setTimeout(() => {
      const el = list.current?.querySelector<HTMLElement>(`li[data-message-id="${CSS.escape(highlightId)}"]`);
      el?.focus({ preventScroll: true });
    }, 150);
    const clear = window.setTimeout(() => setHighlightId(null), 2500);
    return () => {
      window.clearTimeout(timer);
      window.clearTimeout(clear);
    };
  }, [highlightId]);

  const actions = useMemo<MessageActions>(
    () => ({
      onReply: (m) => {
        setReplyTo(m);
        composer.current?.focus();
      },
      onReact: async (m, emoji) => {
        await call(
          client.POST('/api/v1/sessions/{session}/messages', {
            params: { path: { session: session.id }, header: { 'Idempotency-Key': newIdempotencyKey() } },
            body: { to: chat.jid, type: 'reaction', reaction: { messageId: m.id, emoji } },
          }),
        );
        // Shown at once; the message.reaction event brings the gateway's list.
        const at = new Date().toISOString();
        setMessages((list) =>
          list.map((x) =>
            x.id === m.id ? { ...x, reactions: [...(x.reactions ?? []).filter((r) => !r.fromMe), ...(emoji ? [{ emoji, fromMe: true, jid: null, at }] : [])] } : x,
          ),
        );
      },
      onRevoke: async (m) => {
        const updated = await call(client.POST('/api/v1/sessions/{session}/messages/{id}:revoke', { params: { path: { session: session.id, id: m.id } } }));
        forgetMedia(session.id, m.id);
        setMessages((list) => merge(list, [updated]));
        setReplyTo((r) => (r?.id === m.id ? null : r));
        setAnnouncement('The message was deleted for everyone.');
      },
      onEdit: async (m, text) => {
        let updated: Message;
        try {
          updated = await call(client.PATCH('/api/v1/sessions/{session}/messages/{id}', { params: { path: { session: session.id, id: m.id } }, body: { text } }));
        } catch (err) {
          const reason = err instanceof ApiError && err.status === 409 ? err.details.reason : undefined;
          const words = typeof reason === 'string' ? EDIT_REFUSALS[reason] : undefined;
          if (typeof reason === 'string' && words) throw new EditRefusal(words, reason);
          throw err;
        }
        setMessages((list) => merge(list, [updated]));
        setAnnouncement('The message was edited.');
      },
      onShowQuoted: (waId) => {
        const index = current.current ? shownIndexOf(current.current, waId) : -1;
        if (index < 0) return;
        virtualizer.scrollToIndex(index, { align: 'center' });
        const target = current.current!.filter((m) => m.type !== 'reaction')[index];
        if (target) setHighlightId(target.id);
      },
    }),
    [client, session.id, chat.jid, setMessages, virtualizer],
  );

  const hasReceived = useMemo(() => shown.some((m) => !m.fromMe), [shown]);
  // Offered while the chat has unread received messages (or, the count unknown, any received one).
  const offerMarkRead = unread === null ? hasReceived : unread > 0;

  async function markRead() {
    if (markingRead) return;
    setMarkingRead(true);
    setReadStatus('');
    try {
      const result = await call(client.POST('/api/v1/sessions/{session}/chats/{jid}:markRead', { params: { path: { session: session.id, jid: chat.jid } }, body: {} }));
      setUnread(result.unreadCount);
      onMarkedRead?.(chat.jid, result.unreadCount);
      setError(null);
      setReadStatus(
        result.unreadCount > 0
          ? `Marked as read. ${result.unreadCount} newer message${result.unreadCount === 1 ? '' : 's'} arrived meanwhile.`
          : 'Marked as read',
      );
      // The button goes when nothing is left unread: the focus goes to the messages, not to the page.
      if (result.unreadCount === 0) log.current?.focus({ preventScroll: true });
    } catch (err) {
      setError({ text: errorText(err), retry: () => void markRead() });
    } finally {
      setMarkingRead(false);
    }
  }

  function onScroll() {
    const el = log.current;
    if (!el) return;
    const end = el.scrollHeight - el.scrollTop - el.clientHeight <= AT_END;
    if (end !== atEnd) setAtEnd(end);
    if (el.scrollTop < NEAR_TOP && el.scrollHeight > el.clientHeight) void loadOlder();
  }

  function onListFocus(e: FocusEvent<HTMLOListElement>) {
    const li = (e.target as HTMLElement).closest<HTMLElement>('li[data-message-id]');
    const id = li?.dataset.messageId ?? null;
    if (id !== focusedId) setFocusedId(id);
  }

  function onListBlur(e: FocusEvent<HTMLOListElement>) {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocusedId(null);
  }

  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  const dropHandlers = {
    onDragEnter: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragDepth.current++;
      setDragging(true);
    },
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      dragDepth.current = Math.max(0, dragDepth.current - 1);
      if (dragDepth.current === 0) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragDepth.current = 0;
      setDragging(false);
      const file = e.dataTransfer.files[0];
      if (file) composer.current?.attach(file);
    },
  };

  const canSendNow = session.status === 'connected' || session.status === 'starting' || session.status === 'reconnecting';
  const items = virtualizer.getVirtualItems();

  let head;
  if (messages === null) head = !error && <p className="muted">Loading messages…</p>;
  else if (cursor)
    head = (
      // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
      <button type="button" className="button secondary load-more" onClick={() => void loadOlder()} aria-disabled={loadingOlder || undefined}>
        {loadingOlder ? 'Loading older messages…' : 'Load older messages'}
      </button>
    );
  else if (shown.length === 0) head = <p className="empty">No messages in this chat yet.</p>;
  else head = <p className="log-start">This is the start of the conversation.</p>;

  return (
    <div className={dragging ? 'conversation dragging' : 'conversation'} {...dropHandlers}>
      <div className="panel-head">
        <button type="button" className="button link back" onClick={onBack}>
          ← Chats
        </button>
        <h2 id="conversation-heading">
          {group && <span className="tag">Group</span>}
          {title}
        </h2>
        <div className="conversation-tools">
          <p className="mark-read-status" role="status">
            {readStatus}
          </p>
          {offerMarkRead && (
            <button
              type="button"
              className="button secondary small-button mark-read"
              title="Send read receipts (blue ticks) for the received messages of this chat"
              aria-disabled={markingRead || undefined}
              onClick={() => void markRead()}
            >
              {markingRead ? 'Marking as read…' : 'Mark as read'}
            </button>
          )}
          {onShowInfo && (
            <button type="button" className="button secondary small-button conversation-info" onClick={onShowInfo}>
              Group info
            </button>
          )}
        </div>
      </div>
      {error && (
        <div className="error conversation-error" role="alert">
          <p>{error.text}</p>
          <button type="button" className="button secondary" onClick={error.retry}>
            Try again
          </button>
        </div>
      )}
      <div className="log-frame">
        <div
          ref={log}
          className="message-log"
          role="log"
          aria-label={`Messages with ${title}`}
          // Rows enter and leave the page as the list scrolls: new messages are announced below instead.
          aria-live="off"
          tabIndex={0}
          onScroll={onScroll}
        >
          <div className="log-head">{head}</div>
          <ol ref={list} className="messages" style={{ height: `${virtualizer.getTotalSize()}px` }} onFocus={onListFocus} onBlur={onListBlur}>
            {items.map((item) => {
              const m = shown[item.index];
              if (!m) return null;
              const classes = ['msg', m.fromMe ? 'out' : 'in'];
              if (m.id === highlightId) classes.push('msg-highlight');
              return (
                <li
                  key={item.key}
                  ref={virtualizer.measureElement}
                  data-index={item.index}
                  className={classes.join(' ')}
                  data-message-id={m.id}
                  data-wa-id={m.waMessageId}
                  tabIndex={m.id === highlightId ? -1 : undefined}
                  style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
                >
                  <MessageContent
                    m={m}
                    group={group}
                    quoted={m.replyTo ? (byWaId.get(m.replyTo) ?? null) : undefined}
                    client={client}
                    sessionId={session.id}
                    actions={actions}
                  />
                </li>
              );
            })}
          </ol>
        </div>
        {!atEnd && shown.length > 0 && (
          <button
            type="button"
            className="button secondary jump-end"
            onClick={() => {
              virtualizer.scrollToEnd();
              log.current?.focus({ preventScroll: true });
            }}
          >
            Jump to the newest message
          </button>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {!canSendNow && (
        <p className="note small composer-note">
          {session.name} is {STATUS_WORDS[session.status].toLowerCase()}: messages can be sent once it is connected.
        </p>
      )}
      <Composer
        ref={composer}
        client={client}
        session={session}
        to={chat.jid}
        title={title}
        replyTo={replyTo}
        onCancelReply={() => {
          setReplyTo(null);
          composer.current?.focus();
        }}
        onSent={(m) => {
          // With this setting the gateway marks the chat read before it sends.
          if (session.markReadOnReply) setUnread(0);
          toEnd.current = true;
          setEndRequest((n) => n + 1);
          setMessages((list) => merge(list, [m]));
        }}
      />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>Drop the file to attach it</p>
        </div>
      )}
    </div>
  );
}

function shownIndexOf(all: Message[], waId: string): number {
  let i = 0;
  for (const m of all) {
    if (m.type === 'reaction') continue;
    if (m.waMessageId === waId) return i;
    i++;
  }
  return -1;
}
