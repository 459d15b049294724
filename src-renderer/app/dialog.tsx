import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

export interface DialogButton<T extends string> {
  id: T;
  label: string;
  tone?: 'primary' | 'danger';
}

export interface DialogRequest<T extends string> {
  title: string;
  message: ReactNode;
  buttons: DialogButton<T>[];
  /** The answer when the dialog is dismissed with Escape. */
  cancel: T;
}

interface Pending {
  request: DialogRequest<string>;
  resolve(answer: string): void;
}

/** A modal question answered with one of its buttons; `ask` resolves with the chosen button's id. */
export function useDialog() {
  const [pending, setPending] = useState<Pending | null>(null);
  const ask = useCallback(
    <T extends string>(request: DialogRequest<T>) =>
      new Promise<T>((resolve) => setPending({ request, resolve: resolve as (a: string) => void })),
    [],
  );
  const answer = useCallback((id: string) => {
    setPending((p) => {
      p?.resolve(id);
      return null;
    });
  }, []);
  const dialog = pending ? <Dialog request={pending.request} onAnswer={answer} /> : null;
  return { ask, dialog };
}

function Dialog({ request, onAnswer }: { request: DialogRequest<string>; onAnswer(id: string): void }) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    first.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onAnswer(request.cancel);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onAnswer, request.cancel]);
  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="dialog-title" data-testid="dialog">
        <h2 id="dialog-title">{request.title}</h2>
        <div className="modal__message">{request.message}</div>
        <div className="modal__buttons">
          {request.buttons.map((b, i) => (
            <button
              key={b.id}
              ref={i === 0 ? first : undefined}
              type="button"
              className={b.tone ?? ''}
              data-testid={`dialog-${b.id}`}
              onClick={() => onAnswer(b.id)}
            >
              {b.label}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
