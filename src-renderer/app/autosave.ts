import type { EditorStore } from '../editor/store/editor-store';
import type { ProjectPort } from '../editor/store/project-port';

export const AUTOSAVE_DELAY_MS = 2000;

/**
 * Keeps a recovery copy of unsaved work through the port, `delayMs` after the last change (edits in a burst
 * are written once). Returns a function that stops it. A failing autosave is reported once, not on every edit.
 */
export function startAutosave(
  store: EditorStore,
  port: ProjectPort,
  options: { delayMs?: number; now?: () => Date } = {},
): () => void {
  const delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
  const now = options.now ?? (() => new Date());
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastText: string | null = null;
  let reported = false;

  const flush = async () => {
    timer = null;
    const s = store.getState();
    if (!s.dirty) return;
    const text = s.actions.projectText();
    if (text === lastText) return;
    try {
      await port.autosave({ text, path: s.project.path, savedAt: now().toISOString() });
      lastText = text;
      reported = false;
    } catch (e) {
      if (!reported)
        s.actions.notify(
          `Autosave failed, so unsaved work is not protected: ` +
            `${e instanceof Error ? e.message : String(e)}. Save the project to keep it.`,
          'error',
        );
      reported = true;
    }
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if ((s.doc === prev.doc && s.extras === prev.extras) || !s.dirty) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), delayMs);
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
