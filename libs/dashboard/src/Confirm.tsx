import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * An inline confirmation: the question, a danger button that takes the focus when it appears, and
 * Cancel (also Escape), after which the focus goes back to `returnTo` (the button that asked).
 */
export function Confirm({
  question,
  confirmLabel,
  onConfirm,
  onCancel,
  returnTo,
  busy = false,
  className = 'confirm',
  id,
}: {
  question: ReactNode;
  confirmLabel: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
  returnTo?: HTMLElement | null;
  busy?: boolean;
  className?: string;
  id?: string;
}) {
  const questionId = useId();
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmButton.current?.focus(), []);
  const cancel = () => {
    onCancel();
    returnTo?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    cancel();
  };
  return (
    <div id={id} className={className} role="group" aria-labelledby={questionId} onKeyDown={onKeyDown}>
      <p id={questionId}>{question}</p>
      <div className="row">
        <button ref={confirmButton} type="button" className="button danger" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="button secondary" onClick={cancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
