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
  /** The id of the failure notice while autosave is failing. */
  let reported: number | null = null;

  const flush = async () => {
    timer = null;
    const s = store.getState();
    if (!s.dirty) return;
    const text = s.actions.projectText();
    if (text === lastText) return;
    try {
      await port.autosave({ text, path: s.project.path, savedAt: now().toISOString() });
      lastText = text;
      // Protected again: the failure notice, if still shown, no longer holds.
      if (reported !== null) s.actions.dismissNotice(reported);
      reported = null;
    } catch (e) {
      if (reported === null)
        reported = s.actions.notify(
          `Autosave failed, so unsaved work is not protected: ` +
            `${e instanceof Error ? e.message : String(e)}. Save the project to keep it.`,
          'error',
        );
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
