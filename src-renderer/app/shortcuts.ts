/** Every keyboard shortcut, declared once: the key handler and the help panel both read this list. */
export const SHORTCUTS = [
  { id: 'delete', keys: ['Delete', 'Backspace'], label: 'Delete the selected layers, wires or blocks' },
  { id: 'undo', keys: ['Ctrl+Z'], label: 'Undo' },
  { id: 'redo', keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], label: 'Redo' },
  { id: 'copy', keys: ['Ctrl+C'], label: 'Copy the selected layers' },
  { id: 'cut', keys: ['Ctrl+X'], label: 'Cut the selected layers' },
  { id: 'paste', keys: ['Ctrl+V'], label: 'Paste (wires between pasted layers are kept)' },
  { id: 'duplicate', keys: ['Ctrl+D'], label: 'Duplicate the selected layers' },
  { id: 'selectAll', keys: ['Ctrl+A'], label: 'Select every layer' },
  { id: 'group', keys: ['Ctrl+G'], label: 'Group the selected layers into a named block' },
  { id: 'ungroup', keys: ['Ctrl+Shift+G'], label: 'Ungroup the selected block' },
  { id: 'fit', keys: ['F'], label: 'Fit the model in view' },
  { id: 'layout', keys: ['L'], label: 'Lay the graph out automatically' },
  { id: 'new', keys: ['Ctrl+N'], label: 'New project' },
  { id: 'open', keys: ['Ctrl+O'], label: 'Open a project' },
  { id: 'save', keys: ['Ctrl+S'], label: 'Save' },
  { id: 'saveAs', keys: ['Ctrl+Shift+S'], label: 'Save as' },
  { id: 'export', keys: ['Ctrl+E'], label: 'Export the model (TF.js, TypeScript, Keras script, project file)' },
  { id: 'help', keys: ['?'], label: 'Show this help' },
  { id: 'escape', keys: ['Escape'], label: 'Clear the selection, close dialogs' },
] as const;

export type ShortcutId = (typeof SHORTCUTS)[number]['id'];

/** Shortcuts that still work while typing in a field (the field keeps its own undo, copy and delete). */
export const WHILE_TYPING: ReadonlySet<ShortcutId> = new Set(['save', 'saveAs', 'open', 'new']);

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** "Ctrl+Shift+Z" for a key press; Cmd counts as Ctrl so the same list works on macOS. */
export function describeKey(e: KeyPress): string {
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  const shifted = e.shiftKey && (e.key.length > 1 || /[a-z]/i.test(e.key));
  return [e.ctrlKey || e.metaKey ? 'Ctrl' : '', shifted ? 'Shift' : '', e.altKey ? 'Alt' : '', key]
    .filter(Boolean)
    .join('+');
}

const byKey = new Map<string, ShortcutId>(SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s.id] as const)));

export function matchShortcut(e: KeyPress): ShortcutId | null {
  return byKey.get(describeKey(e)) ?? null;
}
