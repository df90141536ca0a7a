import { useEffect, useId, useRef, useState } from 'react';
import './admin.css';

/**
 * A secret the gateway hands out once (a webhook signing secret, a new API key): shown in a clearly
 * marked box with a Copy button. Focus moves to the box when it appears, so a screen reader user
 * hears it. Copying uses the Clipboard API; where that is unavailable (plain http) the text is
 * selected for Ctrl+C instead.
 */
export function OneTimeSecret(props: {
  /** The box's heading (also its accessible name). */
  title: string;
  /** The label of the read-only field holding the secret. */
  label: string;
  value: string;
  /** What to do with it, after "It will not be shown again." */
  advice: string;
  headingLevel: 'h3' | 'h4';
  onDone: () => void;
}) {
  const { title, label, value, advice, onDone } = props;
  const uid = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState('');
  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    setCopyState('');
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setCopyState('Copied to the clipboard.');
      return;
    } catch {
      // Not a secure context, or permission refused: fall back to a selection.
    }
    const input = field.current;
    if (input) {
      input.focus();
      input.select();
      let copied = false;
      try {
        copied = document.execCommand('copy');
      } catch {
        copied = false;
      }
      setCopyState(copied ? 'Copied to the clipboard.' : 'Copying is not available on this page. The text is selected: press Ctrl+C (⌘C on a Mac) to copy it.');
    }
  }

  const Heading = props.headingLevel;
  return (
    <div className="secret-box" role="region" aria-labelledby={`${uid}-title`} data-testid="one-time-secret">
      <Heading id={`${uid}-title`} ref={heading} tabIndex={-1} className="secret-title">
        {title}
      </Heading>
      <p className="secret-warning" id={`${uid}-warning`}>
        <strong>It will not be shown again.</strong> {advice}
      </p>
      <label htmlFor={`${uid}-value`}>{label}</label>
      <div className="row">
        <input
          ref={field}
          id={`${uid}-value`}
          type="text"
          className="secret-value"
          value={value}
          readOnly
          spellCheck={false}
          autoComplete="off"
          aria-describedby={`${uid}-warning`}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="button primary" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p className="small copy-state" role="status">
        {copyState}
      </p>
      <button type="button" className="button secondary" onClick={onDone}>
        I have stored it
      </button>
    </div>
  );
}

const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const preciseFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A moment as a person reads it, in a <time> element. */
export function When({ iso, precise }: { iso: string; precise?: boolean }) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return <span>unknown</span>;
  return <time dateTime={iso}>{(precise ? preciseFmt : dateTimeFmt).format(d)}</time>;
}
