// A modal dialog: labelled, closes on Escape or the close button, focus starts inside.
import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Extra attributes for tests and styling. */
  testId?: string;
  /** Extra header content (e.g. a link to the overview). */
  actions?: ReactNode;
}

/** Open dialogs, innermost last: Escape closes only the innermost one. */
const open: string[] = [];

export function Modal({ title, onClose, children, testId, actions }: Props) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    open.push(id);
    ref.current?.focus();
    return () => {
      open.splice(open.indexOf(id), 1);
    };
  }, [id]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && open.at(-1) === id) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [id, onClose]);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={id}
        tabIndex={-1}
        ref={ref}
        data-testid={testId}
      >
        <header>
          <h2 id={id}>{title}</h2>
          {actions}
          <button type="button" onClick={onClose} aria-label="Close">
            Close
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}
