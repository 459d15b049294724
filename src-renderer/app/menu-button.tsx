import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface MenuItem {
  id: string;
  label: ReactNode;
  detail?: string;
  disabled?: boolean;
  onSelect(): void;
}

/** A toolbar button with a drop-down list; closes on choice, outside click or Escape. */
export function MenuButton({
  label,
  items,
  testId,
  onOpen,
  title,
}: {
  label: ReactNode;
  items: MenuItem[];
  testId: string;
  onOpen?(): void;
  title?: string;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', esc);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', esc);
    };
  }, [open]);
  return (
    <div className="menu" ref={root}>
      <button
        type="button"
        className="toolbar__button"
        data-testid={testId}
        title={title}
        aria-expanded={open}
        onClick={() => {
          if (!open) onOpen?.();
          setOpen(!open);
        }}
      >
        {label} <span className="caret">▾</span>
      </button>
      {open ? (
        <ul className="menu__list" role="menu">
          {items.length === 0 ? <li className="menu__empty muted">Nothing here yet</li> : null}
          {items.map((item) => (
            <li key={item.id} role="none">
              <button
                type="button"
                role="menuitem"
                className="menu__item"
                data-testid={`${testId}-${item.id}`}
                disabled={item.disabled}
                onClick={() => {
                  setOpen(false);
                  item.onSelect();
                }}
              >
                <span>{item.label}</span>
                {item.detail ? <span className="menu__detail muted">{item.detail}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
