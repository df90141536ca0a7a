import { Confirm } from './Confirm';
import { memo, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { errorText, type GatewayClient, type Message } from './api';
import { TICKS, fullTime, groupReactions, messageBody, senderLabel, shortTime } from './format';
import { mediaInfo, mediaKind } from './media';
import { MessageMedia, mediaTitle } from './MessageMedia';

/** The reactions the "React" action offers, with their names (shown as a tooltip). */
export const REACTION_CHOICES: readonly { emoji: string; name: string }[] = [
  { emoji: '👍', name: 'Thumbs up' },
  { emoji: '❤️', name: 'Red heart' },
  { emoji: '😂', name: 'Face with tears of joy' },
  { emoji: '😮', name: 'Face with open mouth' },
  { emoji: '😢', name: 'Crying face' },
  { emoji: '🙏', name: 'Folded hands' },
];

/** WhatsApp lets the author edit a text or caption for this long after sending it. */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;

/**
 * Whether the session may still edit this message's text or caption: one it sent (not queued,
 * failed or deleted for everyone), a text or a captioned image, video or document, and sent less
 * than 15 minutes ago. The gateway checks again (409 with a reason); this only decides whether
 * "Edit" is offered.
 */
export function editableNow(m: Message, now = Date.now()): boolean {
  if (!m.fromMe || m.revokedAt || m.status === 'queued' || m.status === 'failed') return false;
  const kind = m.type === 'text' || ((m.type === 'image' || m.type === 'video' || m.type === 'document') && Boolean(m.text));
  return kind && now < editDeadline(m);
}

function editDeadline(m: Message): number {
  const sent = Date.parse(m.timestamp);
  return Number.isFinite(sent) ? sent + EDIT_WINDOW_MS : 0;
}

/** The gateway refused an edit for good (409 with a reason): its message is written for a person. */
export class EditRefusal extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
    this.name = 'EditRefusal';
  }
}

/** A one-line summary of a message, for quotes and the "Replying to" bar. */
export function messageSnippet(m: Message, max = 120): string {
  if (m.revokedAt) return 'Deleted message';
  const kind = mediaKind(m);
  const info = kind ? mediaInfo(m) : null;
  let s: string;
  if (kind && info) s = `${mediaTitle(kind, info)}${m.text ? `: ${m.text}` : info.fileName && kind === 'document' ? `: ${info.fileName}` : ''}`;
  else {
    const body = messageBody(m);
    s = [body.label, body.text].filter(Boolean).join(' ') || 'Message';
  }
  s = s.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export interface MessageActions {
  /** Start a reply to this message (the composer shows "Replying to …"). */
  onReply: (m: Message) => void;
  /** React with this emoji; '' removes the session's reaction. */
  onReact: (m: Message, emoji: string) => Promise<void>;
  /** Delete for everyone (own messages). */
  onRevoke: (m: Message) => Promise<void>;
  /** Change the text or caption (own messages, within 15 minutes); rejects with a reason a person can read. */
  onEdit: (m: Message, text: string) => Promise<void>;
  /** Scroll to the message with this WhatsApp id (a quote was chosen). */
  onShowQuoted: (waMessageId: string) => void;
}

/**
 * The inside of one message row: the bubble (sender, quote, media, text, time and ticks,
 * reactions) and its actions (Reply, React, Edit, Delete for everyone).
 */
export const MessageContent = memo(function MessageContent({
  m,
  group,
  quoted,
  client,
  sessionId,
  actions,
}: {
  m: Message;
  group: boolean;
  /** The message this one replies to: undefined when it is no reply, null when it is not loaded. */
  quoted: Message | null | undefined;
  client: GatewayClient;
  sessionId: string;
  actions: MessageActions;
}) {
  const [picking, setPicking] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reactButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const firstChoice = useRef<HTMLButtonElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const editField = useRef<HTMLTextAreaElement>(null);
  // "Edit" goes away by itself when the 15 minutes are over (the open form stays: the gateway says why).
  const [windowOpen, setWindowOpen] = useState(() => editableNow(m));

  const kind = mediaKind(m);
  const hasMedia = Boolean(kind && m.media && !m.revokedAt);
  const body = messageBody(m);
  const reactions = groupReactions(m);
  const mine = m.reactions?.find((r) => r.fromMe)?.emoji ?? '';
  const tick = m.fromMe && m.status ? TICKS[m.status] : null;
  const sender = senderLabel(m);
  const canAct = !m.revokedAt;
  const canRevoke = canAct && m.fromMe && m.status !== 'queued' && m.status !== 'failed';
  const canEdit = canAct && (windowOpen || editing);
  const editId = `edit-${m.id}`;

  useEffect(() => {
    const open = editableNow(m);
    setWindowOpen(open);
    if (!open) return;
    // setTimeout takes at most 2^31-1 ms; the window is 15 minutes.
    const timer = window.setTimeout(() => setWindowOpen(false), Math.max(0, editDeadline(m) - Date.now()) + 50);
    return () => window.clearTimeout(timer);
  }, [m]);

  useEffect(() => {
    if (picking) firstChoice.current?.focus();
  }, [picking]);
  useEffect(() => {
    const el = editField.current;
    if (!editing || !el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [editing]);
  // A message deleted meanwhile (here or elsewhere) has nothing left to act on.
  useEffect(() => {
    if (m.revokedAt) {
      setPicking(false);
      setConfirming(false);
      setEditing(false);
    }
  }, [m.revokedAt]);

  async function react(emoji: string) {
    setBusy(true);
    setError(null);
    try {
      await actions.onReact(m, emoji);
      setPicking(false);
      reactButton.current?.focus();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function revoke() {
    setBusy(true);
    setError(null);
    try {
      await actions.onRevoke(m);
      setConfirming(false);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  /** Where the focus goes when the edit form closes: "Edit", or "React" when editing is no longer possible. */
  function editReturn(): HTMLButtonElement | null {
    return windowOpen ? editButton.current : reactButton.current;
  }

  function closeEdit() {
    setEditing(false);
    setError(null);
    editReturn()?.focus();
  }

  async function saveEdit(e?: FormEvent) {
    e?.preventDefault();
    if (busy) return;
    if (!draft.trim()) {
      setError('Write the new text, or choose Cancel to leave the message as it is.');
      editField.current?.focus();
      return;
    }
    // The same text again changes nothing: nothing to send.
    if (draft === (m.text ?? '')) return closeEdit();
    setBusy(true);
    setError(null);
    try {
      await actions.onEdit(m, draft);
      setEditing(false);
      editReturn()?.focus();
    } catch (err) {
      // Refused for good (too late, deleted meanwhile …): "Edit" is no longer offered.
      if (err instanceof EditRefusal) setWindowOpen(false);
      setError(errorText(err));
      editField.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  function onEditKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void saveEdit();
    }
  }

  function closeOnEscape(e: KeyboardEvent, close: () => void, back: HTMLButtonElement | null) {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    close();
    back?.focus();
  }

  return (
    <div className={picking || confirming || editing ? 'msg-wrap msg-open' : 'msg-wrap'}>
      <div className="msg-row">
        <div className="bubble">
          {group && !m.fromMe ? <p className="sender">{sender}</p> : <span className="visually-hidden">{sender}: </span>}
          {quoted !== undefined &&
            !m.revokedAt &&
            (quoted ? (
              <button type="button" className="quote" onClick={() => actions.onShowQuoted(quoted.waMessageId)}>
                <span className="visually-hidden">Quoted message from </span>
                <span className="quote-sender">{senderLabel(quoted)}</span>
                <span className="visually-hidden">: </span>
                <span className="quote-text">{messageSnippet(quoted)}</span>
              </button>
            ) : (
              <p className="quote quote-missing">Reply to an earlier message</p>
            ))}
          {hasMedia && <MessageMedia client={client} sessionId={sessionId} m={m} sender={sender} />}
          {body.label && (!hasMedia || m.revokedAt) && <p className={m.revokedAt ? 'media-label revoked' : 'media-label'}>{body.label}</p>}
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
                <span key={emoji} className={emoji === mine ? 'reaction reaction-mine' : 'reaction'}>
                  {emoji}
                  {n > 1 ? ` ${n}` : ''}
                  {emoji === mine && <span className="visually-hidden"> (yours)</span>}
                </span>
              ))}
            </p>
          )}
        </div>
        {canAct && (
          <div className="msg-actions">
            <button type="button" className="msg-action" onClick={() => actions.onReply(m)}>
              Reply
            </button>
            <button
              ref={reactButton}
              type="button"
              className="msg-action"
              aria-expanded={picking}
              aria-controls={picking ? `react-${m.id}` : undefined}
              onClick={() => {
                setConfirming(false);
                setEditing(false);
                setError(null);
                setPicking((p) => !p);
              }}
            >
              React
            </button>
            {canEdit && (
              <button
                ref={editButton}
                type="button"
                className="msg-action"
                aria-expanded={editing}
                aria-controls={editing ? editId : undefined}
                onClick={() => {
                  setPicking(false);
                  setConfirming(false);
                  setError(null);
                  if (!editing) setDraft(m.text ?? '');
                  setEditing((v) => !v);
                }}
              >
                Edit
              </button>
            )}
            {canRevoke && (
              <button
                ref={deleteButton}
                type="button"
                className="msg-action msg-action-danger"
                aria-expanded={confirming}
                aria-controls={confirming ? `revoke-${m.id}` : undefined}
                onClick={() => {
                  setPicking(false);
                  setEditing(false);
                  setError(null);
                  setConfirming((c) => !c);
                }}
              >
                Delete for everyone
              </button>
            )}
          </div>
        )}
      </div>
      {picking && (
        <div id={`react-${m.id}`} className="react-picker" role="group" aria-label="Choose a reaction" onKeyDown={(e) => closeOnEscape(e, () => setPicking(false), reactButton.current)}>
          {REACTION_CHOICES.map(({ emoji, name }, i) => (
            <button
              key={emoji}
              ref={i === 0 ? firstChoice : undefined}
              type="button"
              className="emoji-choice"
              title={mine === emoji ? `${name} (yours; choose again to remove it)` : name}
              aria-pressed={mine === emoji}
              disabled={busy}
              onClick={() => void react(mine === emoji ? '' : emoji)}
            >
              {emoji}
            </button>
          ))}
          {mine && (
            <button type="button" className="button link small" disabled={busy} onClick={() => void react('')}>
              Remove mine
            </button>
          )}
          <button type="button" className="button link small" onClick={() => (setPicking(false), reactButton.current?.focus())}>
            Close
          </button>
        </div>
      )}
      {confirming && (
        <Confirm
          id={`revoke-${m.id}`}
          className="confirm msg-confirm"
          question="Delete this message for everyone? It disappears from the chat on every phone."
          confirmLabel={busy ? 'Deleting…' : 'Yes, delete'}
          busy={busy}
          onConfirm={() => void revoke()}
          onCancel={() => setConfirming(false)}
          returnTo={deleteButton.current}
        />
      )}
      {editing && (
        <form id={editId} className="msg-edit" noValidate onSubmit={(e) => void saveEdit(e)} onKeyDown={(e) => closeOnEscape(e, () => (setEditing(false), setError(null)), editReturn())}>
          <label htmlFor={`${editId}-text`}>Edit message</label>
          <textarea
            ref={editField}
            id={`${editId}-text`}
            rows={Math.min(6, Math.max(2, draft.split('\n').length))}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onEditKeyDown}
            aria-describedby={`${editId}-hint`}
            aria-invalid={error && !draft.trim() ? true : undefined}
          />
          <p id={`${editId}-hint`} className="msg-edit-hint">
            Enter saves, Shift+Enter starts a new line, Escape cancels. {kind ? 'The new caption' : 'The new text'} replaces the old one on every phone, marked “edited”.
          </p>
          <div className="row">
            <button type="submit" className="button primary" aria-disabled={busy || undefined}>
              {busy ? 'Saving…' : 'Save'}
            </button>
            <button type="button" className="button secondary" onClick={closeEdit}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error small msg-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
});
