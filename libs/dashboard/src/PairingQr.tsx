import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { ApiError, call, errorText, type GatewayClient, type Session } from './api';

export interface LiveQr {
  qr: string;
  expiresAt: string;
}

/** Drawing options; the browser test reads the modules back from the canvas with the same ones. */
export const QR_OPTIONS = { margin: 2, scale: 5, errorCorrectionLevel: 'M' as const, color: { dark: '#000000', light: '#ffffff' } };

function newer(cur: LiveQr | null, next: LiveQr): LiveQr | null {
  if (!cur) return next;
  if (cur.qr === next.qr) return cur;
  return next.expiresAt >= cur.expiresAt ? next : cur;
}

/**
 * The pairing QR of a session, drawn on a canvas: the newest from `session.qr` events (`live`), or
 * fetched from `GET /sessions/{id}/qr` when none has arrived yet and again when one expires.
 */
export function PairingQr({ client, session, live }: { client: GatewayClient; session: Session; live?: LiveQr }) {
  const [qr, setQr] = useState<LiveQr | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [drawError, setDrawError] = useState<string | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (live) setQr((cur) => newer(cur, live));
  }, [live]);

  // Ask the API when there is no QR yet, and again once the shown one has expired.
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fetchQr = async () => {
      try {
        const got = await call(client.GET('/api/v1/sessions/{session}/qr', { params: { path: { session: session.id } } }));
        if (cancelled) return;
        setNote(null);
        if (qr && got.qr === qr.qr) timer = setTimeout(fetchQr, 2000);
        else setQr((cur) => newer(cur, got));
      } catch (err) {
        if (cancelled) return;
        setNote(err instanceof ApiError && err.status === 409 ? `Waiting for the QR code… ${errorText(err)}` : errorText(err));
        timer = setTimeout(fetchQr, 2000);
      }
    };
    const wait = qr ? Date.parse(qr.expiresAt) - Date.now() + 300 : 0;
    timer = setTimeout(fetchQr, Number.isFinite(wait) ? Math.max(wait, 0) : 5000);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, session.id, qr]);

  useEffect(() => {
    if (!qr || !canvas.current) return;
    QRCode.toCanvas(canvas.current, qr.qr, QR_OPTIONS).then(
      () => setDrawError(null),
      () => setDrawError('The QR code could not be drawn.'),
    );
  }, [qr]);

  return (
    <div className="pairing">
      <p className="small">
        On the phone: WhatsApp → <strong>Settings</strong> → <strong>Linked devices</strong> → <strong>Link a device</strong>, then
        point it at this code. A new code replaces it here by itself when it expires.
      </p>
      <div className="qr-frame">
        <canvas
          ref={canvas}
          className={qr ? 'qr' : 'qr qr-empty'}
          role="img"
          aria-label={qr ? `QR code to link the session ${session.name}` : `The QR code for ${session.name} is loading`}
          data-expires-at={qr?.expiresAt}
        />
        {!qr && !note && <p className="muted small">Loading the QR code…</p>}
      </div>
      {note && <p className="muted small">{note}</p>}
      {drawError && (
        <p className="error small" role="alert">
          {drawError}
        </p>
      )}
    </div>
  );
}
