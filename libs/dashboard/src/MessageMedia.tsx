import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { ApiError, errorText, type GatewayClient, type Message } from './api';
import {
  AUTO_LOAD_MAX_BYTES,
  cachedMedia,
  formatBytes,
  formatDuration,
  knownMediaFailure,
  loadMedia,
  mediaInfo,
  mediaKind,
  type MediaInfo,
  type MediaKind,
} from './media';

const NOUN: Record<MediaKind, string> = { image: 'photo', sticker: 'sticker', video: 'video', audio: 'audio message', document: 'document' };

function noun(kind: MediaKind, info: MediaInfo): string {
  return kind === 'audio' && info.voiceNote ? 'voice message' : NOUN[kind];
}

/** The title of a media message as a person reads it: "Photo", "Voice message · 0:12", … */
export function mediaTitle(kind: MediaKind, info: MediaInfo): string {
  const n = noun(kind, info);
  const title = n[0]!.toUpperCase() + n.slice(1);
  return info.seconds && (kind === 'audio' || kind === 'video') ? `${title} · ${formatDuration(info.seconds)}` : title;
}

/**
 * The size an image, sticker or video is shown at, from the dimensions WhatsApp carries with it:
 * reserved before the bytes arrive so the list does not jump. Null when unknown.
 */
export function mediaFrameSize(kind: MediaKind, info: MediaInfo): { width: number; height: number } | null {
  if (kind !== 'image' && kind !== 'sticker' && kind !== 'video') return null;
  if (!info.width || !info.height) return null;
  const maxW = kind === 'sticker' ? 144 : 280;
  const maxH = kind === 'sticker' ? 144 : 320;
  // Shrink to fit; a tiny one is shown at a readable size (the bytes are fitted into the box).
  const minSide = kind === 'sticker' ? 96 : 120;
  let scale = Math.min(maxW / info.width, maxH / info.height, 1);
  if (Math.max(info.width, info.height) * scale < minSide) scale = Math.min(minSide / Math.max(info.width, info.height), maxW / info.width, maxH / info.height);
  const w = info.width * scale;
  const h = info.height * scale;
  return { width: Math.max(1, Math.round(w)), height: Math.max(1, Math.round(h)) };
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; url: string }
  | { kind: 'error'; status: number; text: string };

/**
 * The media of a message: a photo or sticker as an image, audio and voice messages with a player,
 * a video with its controls, a document as a download link. The bytes are fetched with the key
 * (GET .../messages/{id}/media) once the bubble is on screen, kept per message, and shown through
 * an object URL that is revoked when the bubble goes away.
 */
export function MessageMedia({ client, sessionId, m, sender }: { client: GatewayClient; sessionId: string; m: Message; sender: string }) {
  const kind = mediaKind(m);
  const info = mediaInfo(m);
  if (!kind || !info || m.revokedAt) return null;
  return <MediaPreview client={client} sessionId={sessionId} m={m} kind={kind} info={info} sender={sender} />;
}

function MediaPreview({
  client,
  sessionId,
  m,
  kind,
  info,
  sender,
}: {
  client: GatewayClient;
  sessionId: string;
  m: Message;
  kind: MediaKind;
  info: MediaInfo;
  sender: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  const [asked, setAsked] = useState(() => Boolean(cachedMedia(sessionId, m.id)));
  const [attempt, setAttempt] = useState(0);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const notSentYet = m.fromMe && (m.status === 'queued' || m.status === 'failed');
  const big = (info.fileLength ?? 0) > AUTO_LOAD_MAX_BYTES;
  const what = noun(kind, info);

  // Load only once the bubble is (nearly) on screen.
  useEffect(() => {
    const el = box.current;
    if (!el || visible) return;
    if (typeof IntersectionObserver === 'undefined') {
      setVisible(true);
      return;
    }
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setVisible(true);
          io.disconnect();
        }
      },
      { rootMargin: '200px 0px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [visible]);

  useEffect(() => {
    if (!visible) return;
    // Bytes already here (downloaded before, or the file this dashboard just sent) show at once.
    if (!cachedMedia(sessionId, m.id) && (notSentYet || (big && !asked))) return;
    let cancelled = false;
    let url: string | null = null;
    const show = (blob: Blob) => {
      if (cancelled) return;
      url = URL.createObjectURL(blob);
      setPhase({ kind: 'ready', url });
    };
    const fail = (err: unknown) => {
      if (cancelled) return;
      setPhase({ kind: 'error', status: err instanceof ApiError ? err.status : 0, text: errorText(err) });
    };
    const cached = cachedMedia(sessionId, m.id);
    const failed = knownMediaFailure(sessionId, m.id);
    if (cached) show(cached);
    else if (failed) fail(failed);
    else {
      setPhase({ kind: 'loading' });
      loadMedia(client, sessionId, m.id).then(show, fail);
    }
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [visible, notSentYet, big, asked, attempt, client, sessionId, m.id]);

  const frame = mediaFrameSize(kind, info);
  const frameStyle: CSSProperties | undefined = frame && info.width && info.height ? { width: `${frame.width}px`, aspectRatio: `${info.width} / ${info.height}` } : undefined;
  const size = info.fileLength ? formatBytes(info.fileLength) : '';
  const title = mediaTitle(kind, info);
  const who = m.fromMe ? 'you' : sender;

  let status: ReactNode = null;
  if (phase.kind !== 'ready') {
    if (notSentYet) {
      status = <span>{m.status === 'failed' ? `The ${what} was not sent.` : `The ${what} can be shown once it is sent.`}</span>;
    } else if (phase.kind === 'error') {
      status = (
        <>
          <span className={phase.status === 404 || phase.status === 410 ? undefined : 'media-error'}>{failureText(phase, what)}</span>
          {phase.status !== 404 && phase.status !== 410 && (
            <button type="button" className="button secondary small-button" onClick={() => setAttempt((n) => n + 1)}>
              Try loading the {what} again
            </button>
          )}
        </>
      );
    } else if (big && !asked) {
      status = (
        <button type="button" className="button secondary small-button" onClick={() => setAsked(true)}>
          Load the {what}
          {size ? ` (${size})` : ''}
        </button>
      );
    } else {
      status = <span>Loading the {what}…</span>;
    }
  }

  if (kind === 'image' || kind === 'sticker') {
    const alt = info.caption ?? m.text ?? `${kind === 'sticker' ? 'Sticker' : 'Image'} from ${who}`;
    return (
      <div ref={box} className={`media media-${kind}`}>
        {phase.kind === 'ready' ? (
          <img className="media-visual" src={phase.url} alt={alt} width={frame?.width} height={frame?.height} style={frameStyle} />
        ) : (
          <div className={frameStyle ? 'media-frame' : 'media-frame media-frame-unknown'} style={frameStyle}>
            <span className="visually-hidden">{title}: </span>
            {status}
          </div>
        )}
      </div>
    );
  }

  if (kind === 'video') {
    return (
      <div ref={box} className="media media-video">
        {phase.kind === 'ready' ? (
          <video className="media-visual" src={phase.url} controls preload="metadata" playsInline aria-label={`${title} from ${who}`} width={frame?.width} height={frame?.height} style={frameStyle} />
        ) : (
          <div className={frameStyle ? 'media-frame' : 'media-frame media-frame-unknown'} style={frameStyle}>
            <span className="media-title">{title}</span>
            {status}
          </div>
        )}
      </div>
    );
  }

  if (kind === 'audio') {
    return (
      <div ref={box} className="media media-audio">
        <p className="media-title">{title}</p>
        {phase.kind === 'ready' ? <audio src={phase.url} controls preload="metadata" aria-label={`${title} from ${who}`} /> : <p className="media-status">{status}</p>}
      </div>
    );
  }

  // Documents: the file name and size, and a link that saves it once the bytes are here.
  const name = info.fileName ?? 'document';
  const ext = docBadge(name, info.mimetype);
  return (
    <div ref={box} className="media media-document">
      {phase.kind === 'ready' ? (
        <a className="doc-link" href={phase.url} download={name}>
          <span className="doc-icon" aria-hidden="true">
            {ext}
          </span>
          <span className="doc-text">
            <span className="visually-hidden">Download </span>
            <span className="doc-name">{name}</span>
            {size && <span className="doc-size">{size}</span>}
          </span>
        </a>
      ) : (
        <div className="doc-card">
          <span className="doc-icon" aria-hidden="true">
            {ext}
          </span>
          <span className="doc-text">
            <span className="doc-name">{name}</span>
            {size && <span className="doc-size">{size}</span>}
            <span className="media-status">{status}</span>
          </span>
        </div>
      )}
    </div>
  );
}

function failureText(phase: { status: number; text: string }, what: string): string {
  if (phase.status === 410) return `This ${what} is gone: the message was deleted for everyone.`;
  if (phase.status === 404) return `This ${what} was not kept, so it cannot be shown.`;
  return `The ${what} could not be loaded. ${phase.text}`;
}

/** A short badge for a document's type: "PDF", "DOCX", "TXT", or "FILE". */
function docBadge(name: string, mimetype?: string): string {
  const dot = name.lastIndexOf('.');
  const fromName = dot > 0 ? name.slice(dot + 1) : '';
  const fromType = mimetype?.split('/')[1]?.split(/[.+;-]/)[0] ?? '';
  const ext = /^[a-z0-9]{1,5}$/i.test(fromName) ? fromName : /^[a-z0-9]{1,5}$/i.test(fromType) ? fromType : 'file';
  return ext.toUpperCase();
}
