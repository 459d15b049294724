import type { EditorDoc } from './project-io';

export interface HistoryEntry {
  doc: EditorDoc;
  /** What the change after this state did, e.g. "Add Conv2D"; shown as "Undo Add Conv2D". */
  label: string;
}

export interface History {
  past: readonly HistoryEntry[];
  future: readonly HistoryEntry[];
}

export const HISTORY_LIMIT = 300;

export const emptyHistory = (): History => ({ past: [], future: [] });

/** Records `before` as the state to return to; a new change discards the redo branch. */
export function record(h: History, before: EditorDoc, label: string): History {
  const past = [...h.past, { doc: before, label }];
  return { past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past, future: [] };
}

export function undo(h: History, current: EditorDoc): { history: History; doc: EditorDoc; label: string } | null {
  const last = h.past[h.past.length - 1];
  if (!last) return null;
  return {
    history: { past: h.past.slice(0, -1), future: [{ doc: current, label: last.label }, ...h.future] },
    doc: last.doc,
    label: last.label,
  };
}

export function redo(h: History, current: EditorDoc): { history: History; doc: EditorDoc; label: string } | null {
  const next = h.future[0];
  if (!next) return null;
  return {
    history: { past: [...h.past, { doc: current, label: next.label }], future: h.future.slice(1) },
    doc: next.doc,
    label: next.label,
  };
}
