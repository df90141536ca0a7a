import { useId, useRef, useState, type FormEvent } from 'react';
import { call, errorText, type GatewayClient, type Session } from './api';

/** E.164 digits, a leading + allowed: what the API accepts for a pairing code. */
const PHONE = /^\+?[1-9]\d{6,14}$/;

/**
 * Linking without a camera: the number's phone enters a code (Linked devices → Link with phone
 * number instead). The gateway starts the session if needed and answers with the code.
 */
export function PairingCode({ client, session }: { client: GatewayClient; session: Session }) {
  const [open, setOpen] = useState(false);
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const digits = phone.replace(/[\s()-]/g, '');
    if (!PHONE.test(digits)) {
      setError('Enter the phone number with its country code, digits only, e.g. +15551234567.');
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const got = await call(
        client.POST('/api/v1/sessions/{session}:requestPairingCode', { params: { path: { session: session.id } }, body: { phoneNumber: digits } }),
      );
      setCode(got.code);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="button link small" onClick={() => setOpen(true)}>
        Link with a phone number instead
      </button>
    );
  }
  return (
    <form className="pairing-code" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className="small">
        Link with a pairing code
      </h4>
      <label htmlFor={`${id}-phone`}>Phone number to link</label>
      <div className="row">
        <input
          ref={input}
          id={`${id}-phone`}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          placeholder="+15551234567"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-errormessage={error ? `${id}-error` : undefined}
        />
        <button type="submit" className="button secondary" disabled={busy}>
          {busy ? 'Asking…' : 'Get pairing code'}
        </button>
      </div>
      {code && (
        <div className="pairing-code-result" role="status">
          <p className="small">On the phone: WhatsApp → Linked devices → Link a device → Link with phone number instead, then enter</p>
          <p className="code" data-testid="pairing-code">
            {code.slice(0, 4)}-{code.slice(4)}
          </p>
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="error small" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button link small" onClick={() => setOpen(false)}>
        Hide
      </button>
    </form>
  );
}
