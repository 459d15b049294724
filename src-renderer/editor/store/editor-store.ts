import { createStore, type StoreApi } from 'zustand/vanilla';
import { deriveFromGraph, deriveHints } from './derive';
import { createEditActions } from './edit-actions';
import { emptySelection, type EditorState, type Selection } from './editor-state';
import { emptyHistory, record, type History } from './history';
import { emptyExtras, untrainedLayersOf, type EditorDoc, type ProjectExtras } from './project-io';
import type { EditorKit } from './kit';
import { createProjectActions } from './project-actions';

export type EditorStore = StoreApi<EditorState>;

const batchSizeOf = (extras: ProjectExtras) => extras.training?.batchSize ?? 32;

function pruneSelection(sel: Selection, doc: EditorDoc): Selection {
  const nodes = new Set(doc.graph.nodes.map((n) => n.id));
  const groups = new Set((doc.graph.groups ?? []).map((g) => g.id));
  const nodeIds = sel.nodeIds.filter((id) => nodes.has(id));
  const groupIds = sel.groupIds.filter((id) => groups.has(id));
  const edgeIds = sel.edgeIds.filter((e) => {
    const at = e.lastIndexOf('#');
    const n = doc.graph.nodes.find((x) => x.id === e.slice(0, at));
    return n !== undefined && Number(e.slice(at + 1)) < n.inputs.length;
  });
  if (
    nodeIds.length === sel.nodeIds.length &&
    groupIds.length === sel.groupIds.length &&
    edgeIds.length === sel.edgeIds.length
  )
    return sel;
  return { nodeIds, edgeIds, groupIds };
}

export function emptyDoc(): EditorDoc {
  return { graph: { name: 'model', nodes: [] }, layout: {}, collapsedGroups: [] };
}

/**
 * The editor's state for one window: the document with undo/redo, everything derived from it (shapes,
 * diagnostics, summary, hints), selection, clipboard and project bookkeeping. Free of the DOM, so it is
 * tested in node; React components read it through narrow selectors.
 */
export function createEditorStore(initial?: {
  doc?: EditorDoc;
  extras?: ProjectExtras;
  path?: string | null;
  title?: string;
}): EditorStore {
  const doc0 = initial?.doc ?? emptyDoc();
  const extras0 = initial?.extras ?? emptyExtras();
  let saved = { doc: doc0, extras: extras0 };

  const derived0 = deriveFromGraph(doc0.graph, batchSizeOf(extras0));
  return createStore<EditorState>()((set, get) => {
    const historyFlags = (h: History) => ({
      history: h,
      canUndo: h.past.length > 0,
      canRedo: h.future.length > 0,
      undoLabel: h.past[h.past.length - 1]?.label ?? null,
      redoLabel: h.future[0]?.label ?? null,
    });

    const docPatch = (doc: EditorDoc, history: History): Partial<EditorState> => {
      const s = get();
      const derived = doc.graph === s.doc.graph ? null : deriveFromGraph(doc.graph, batchSizeOf(s.extras));
      const untrained = derived && {
        untrainedLayers: untrainedLayersOf(doc.graph, derived.inference, s.extras.weights),
      };
      return {
        doc,
        ...historyFlags(history),
        ...derived,
        ...untrained,
        selection: pruneSelection(s.selection, doc),
        dirty: doc !== saved.doc || s.extras !== saved.extras,
      };
    };

    const kit: EditorKit = {
      get,
      set,
      commit(next, label, extra = {}) {
        const s = get();
        if (next === s.doc) return;
        set({ ...docPatch(next, record(s.history, s.doc, label)), ...extra });
      },
      replaceDoc(doc, history, extra = {}) {
        set({ ...docPatch(doc, history), ...extra });
      },
      reset(doc, extras, path, title) {
        saved = { doc, extras };
        const derived = deriveFromGraph(doc.graph, batchSizeOf(extras));
        set({
          doc,
          extras,
          ...derived,
          untrainedLayers: untrainedLayersOf(doc.graph, derived.inference, extras.weights),
          ...historyFlags(emptyHistory()),
          selection: emptySelection,
          project: { path, title },
          dirty: false,
          epoch: get().epoch + 1,
          paneLayoutPending: false,
        });
      },
      replaceUnrecorded(doc) {
        const s = get();
        if (s.doc === saved.doc) saved = { ...saved, doc };
        set(docPatch(doc, s.history));
      },
      setExtras(extras) {
        const s = get();
        const derived =
          batchSizeOf(extras) !== batchSizeOf(s.extras)
            ? deriveHints(s.doc.graph, s.inference, batchSizeOf(extras))
            : {};
        const untrained =
          extras.weights !== s.extras.weights
            ? { untrainedLayers: untrainedLayersOf(s.doc.graph, s.inference, extras.weights) }
            : {};
        set({ extras, ...derived, ...untrained, dirty: s.doc !== saved.doc || extras !== saved.extras });
      },
      markSaved(path, title) {
        const s = get();
        saved = { doc: s.doc, extras: s.extras };
        set({ dirty: false, project: { path, title } });
      },
      markUnsaved() {
        saved = { doc: emptyDoc(), extras: saved.extras };
        set({ dirty: true });
      },
    };

    return {
      doc: doc0,
      extras: extras0,
      ...derived0,
      untrainedLayers: untrainedLayersOf(doc0.graph, derived0.inference, extras0.weights),
      project: { path: initial?.path ?? null, title: initial?.title ?? 'Untitled' },
      dirty: false,
      ...historyFlags(emptyHistory()),
      selection: emptySelection,
      clipboard: null,
      notice: null,
      epoch: 0,
      paneLayoutPending: false,
      pane: null,
      actions: { ...createEditActions(kit), ...createProjectActions(kit) },
    };
  });
}
