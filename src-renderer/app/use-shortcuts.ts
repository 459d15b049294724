import { useEffect, useRef } from 'react';
import { matchShortcut, WHILE_TYPING, type ShortcutId } from './shortcuts';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Runs the handler of each shortcut pressed; inside text fields only the file shortcuts apply. */
export function useShortcuts(handlers: Partial<Record<ShortcutId, () => void>>, enabled: boolean): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const id = matchShortcut(e);
      if (!id) return;
      if (isTyping(e.target) && !WHILE_TYPING.has(id)) return;
      const run = latest.current[id];
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
