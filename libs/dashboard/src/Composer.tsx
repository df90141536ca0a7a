import { useEffect, useImperativeHandle, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import { call, errorText, newIdempotencyKey, type GatewayClient, type Message, type Session } from './api';
import { senderLabel } from './format';
import { SEND_MAX_BYTES, SEND_TYPE_WORDS, fileMimetype, fileProblem, fileToBase64, formatBytes, primeMedia, sendTypeFor } from './media';
import { messageSnippet } from './MessageItem';

export interface ComposerHandle {
  /** Attach a file (dropped on the conversation); refused with a message when it cannot be sent. */
  attach: (file: File) => void;
  focus: () => void;
}

interface Attachment {
  file: File;
  mimetype: string;
  type: ReturnType<typeof sendTypeFor>;
  /** Object URL of an image, for its thumbnail. */
  thumb: string | null;
}

/**
 * Writes and sends: text, or a file (picked, dropped or pasted) with an optional caption, as a
 * reply when one is chosen. One Idempotency-Key per draft: resending the same draft after a
 * failure that may have gone through never sends it twice.
 */
export function Composer({
  client,
  session,
  to,
  title,
  replyTo,
  onCancelReply,
  onSent,
  ref,
}: {
  client: GatewayClient;
  session: Session;
  to: string;
  title: string;
  replyTo: Message | null;
  onCancelReply: () => void;
  onSent: (m: Message) => void;
  ref?: Ref<ComposerHandle>;
}) {
  const [text, setText] = useState('');
  const [attachment, setAttachment] = useState<Attachment | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The error is about the text field (nothing to send), not about a file or the gateway. */
  const [textInvalid, setTextInvalid] = useState(false);
  const [notice, setNotice] = useState('');
  const idem = useRef<{ key: string; draft: string } | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => () => void (attachment?.thumb && URL.revokeObjectURL(attachment.thumb)), [attachment]);

  function attach(file: File) {
    const problem = fileProblem(file);
    if (problem) {
      setError(problem);
      return;
    }
    const mimetype = fileMimetype(file);
    const type = sendTypeFor(mimetype);
    setAttachment({ file, mimetype, type, thumb: type === 'image' ? URL.createObjectURL(file) : null });
    setError(null);
    setNotice(`${file.name} attached (${formatBytes(file.size)}); it is sent as a ${SEND_TYPE_WORDS[type]}.`);
    input.current?.focus();
  }

  useImperativeHandle(ref, () => ({ attach, focus: () => input.current?.focus() }));

  function removeAttachment() {
    setAttachment(null);
    setNotice('Attachment removed.');
    if (fileInput.current) fileInput.current.value = '';
    input.current?.focus();
  }

  // Audio carries no caption: the text then stays in the box, to send after it.
  const captionable = attachment !== null && attachment.type !== 'audio';

  async function send(e?: FormEvent) {
    e?.preventDefault();
    if (busy) return;
    if (!attachment && !text.trim()) {
      setError('Write something to send, or attach a file.');
      setTextInvalid(true);
      return;
    }
    const caption = captionable && text.trim() ? text : undefined;
    const reply = replyTo?.id;
    const draft = attachment
      ? JSON.stringify(['media', attachment.file.name, attachment.file.size, attachment.file.lastModified, attachment.type, caption ?? '', reply ?? ''])
      : JSON.stringify(['text', text, reply ?? '']);
    if (idem.current?.draft !== draft) idem.current = { key: newIdempotencyKey(), draft };
    const key = idem.current.key;
    setBusy(true);
    setError(null);
    setTextInvalid(false);
    try {
      let body;
      if (attachment) {
        const base64 = await fileToBase64(attachment.file);
        body = {
          to,
          type: attachment.type,
          media: { base64, mimetype: attachment.mimetype, filename: attachment.file.name.slice(0, 255), ...(caption ? { caption } : {}) },
          ...(reply ? { replyTo: reply } : {}),
        } as const;
      } else {
        body = { to, type: 'text', text, ...(reply ? { replyTo: reply } : {}) } as const;
      }
      const sent = await call(
        client.POST('/api/v1/sessions/{session}/messages', {
          params: { path: { session: session.id }, header: { 'Idempotency-Key': key } },
          body,
        }),
      );
      idem.current = null;
      if (!attachment || caption) setText('');
      if (attachment) {
        // The bubble shows the file from here, without downloading it back from WhatsApp.
        primeMedia(session.id, sent.id, attachment.file);
        setAttachment(null);
        if (fileInput.current) fileInput.current.value = '';
      }
      if (reply) onCancelReply();
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
    } else if (e.key === 'Escape' && replyTo) {
      e.preventDefault();
      onCancelReply();
    }
  }

  function onPaste(e: ClipboardEvent<HTMLTextAreaElement>) {
    const file = Array.from(e.clipboardData.files)[0];
    if (file) {
      e.preventDefault();
      attach(file);
    }
  }

  const describedBy = [replyTo ? 'composer-reply' : '', attachment ? 'composer-attachment' : ''].filter(Boolean).join(' ') || undefined;

  return (
    <form className="composer" onSubmit={send} noValidate>
      {replyTo && (
        <div className="reply-bar">
          <p id="composer-reply" className="reply-bar-text">
            <span className="reply-bar-label">Replying to {senderLabel(replyTo) === 'You' ? 'yourself' : senderLabel(replyTo)}</span>
            <span className="reply-bar-snippet">{messageSnippet(replyTo)}</span>
          </p>
          <button type="button" className="button secondary small-button" onClick={onCancelReply}>
            Cancel reply
          </button>
        </div>
      )}
      {attachment && (
        <div className="attachment">
          {attachment.thumb && <img className="attachment-thumb" src={attachment.thumb} alt={`Preview of ${attachment.file.name}`} />}
          <p id="composer-attachment" className="attachment-text">
            <span className="attachment-name">{attachment.file.name}</span>
            <span className="attachment-size">
              {formatBytes(attachment.file.size)} · sent as a {SEND_TYPE_WORDS[attachment.type]}
              {attachment.type === 'audio' ? ' (audio has no caption: the text stays here to send next)' : ''}
            </span>
          </p>
          <button type="button" className="button secondary small-button" onClick={removeAttachment} disabled={busy}>
            Remove attachment
          </button>
        </div>
      )}
      <div className="composer-row">
        <label htmlFor="composer-text" className="visually-hidden">
          Message to {title}
        </label>
        <textarea
          ref={input}
          id="composer-text"
          rows={2}
          value={text}
          placeholder={
            attachment
              ? captionable
                ? 'Add a caption (optional)'
                : 'Audio is sent without a caption'
              : 'Write a message (Enter sends, Shift+Enter starts a new line)'
          }
          onChange={(e) => {
            setText(e.target.value);
            if (error) setError(null);
            setTextInvalid(false);
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          aria-describedby={describedBy}
          aria-invalid={error && textInvalid ? true : undefined}
          aria-errormessage={error && textInvalid ? 'composer-error' : undefined}
        />
        <input
          ref={fileInput}
          id="composer-file"
          className="file-input"
          type="file"
          aria-describedby="composer-file-hint"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) attach(file);
          }}
        />
        <label htmlFor="composer-file" className="button secondary attach-label">
          Attach a file
        </label>
        <span id="composer-file-hint" className="visually-hidden">
          Up to {formatBytes(SEND_MAX_BYTES)}. You can also drop a file on the conversation.
        </span>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </div>
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
