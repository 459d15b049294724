import { TEMPLATES, type ModelGraph } from '../../../src-engine';
import { layeredLayout } from './auto-layout';
import { layoutDoc } from './doc-layout';
import type { ProjectActions } from './editor-state';
import type { EditorKit } from './kit';
import { emptyExtras, projectFileOf, readProject, writeProject } from './project-io';
import { fileTitle } from './project-port';

export function createProjectActions(kit: EditorKit): ProjectActions {
  let noticeId = 0;
  // A template or import gets one column for now; the canvas lays it out for its size once measured.
  const fromGraph = (graph: ModelGraph, title: string) => {
    kit.reset({ graph, layout: layeredLayout(graph), collapsedGroups: [] }, emptyExtras(), null, title);
    kit.set({ paneLayoutPending: graph.nodes.length > 0 });
  };

  return {
    newProject: () => fromGraph({ name: 'model', nodes: [] }, 'Untitled'),

    newFromTemplate(templateId) {
      const t = TEMPLATES.find((x) => x.id === templateId);
      if (!t)
        throw new Error(`There is no template '${templateId}'; choose one of ${TEMPLATES.map((x) => x.id).join(', ')}`);
      fromGraph(t.build(), t.title);
    },

    loadGraph: (graph, title = 'Untitled') => fromGraph(graph, title),

    loadProjectText(text, path, title = 'Untitled', layoutForPane = false) {
      const { doc, extras } = readProject(text);
      // Nodes the file has no position for (hand-written or older files) get the automatic layout.
      const missing = doc.graph.nodes.some((n) => !doc.layout[n.id]);
      const layout = missing ? { ...layeredLayout(doc.graph), ...doc.layout } : doc.layout;
      kit.reset({ ...doc, layout }, extras, path, path ? fileTitle(path) : title);
      kit.set({ paneLayoutPending: (missing || layoutForPane) && doc.graph.nodes.length > 0 });
    },

    layoutOpenedForPane(heights, pane) {
      const s = kit.get();
      if (!s.paneLayoutPending) return;
      kit.replaceUnrecorded({ ...s.doc, layout: layoutDoc(s.doc, heights, pane) });
      kit.set({ paneLayoutPending: false, pane });
    },

    projectText: () => writeProject(kit.get().doc, kit.get().extras, kit.get().inference),
    projectFile: () => projectFileOf(kit.get().doc, kit.get().extras, kit.get().inference),

    markSaved: (path) => kit.markSaved(path, path ? fileTitle(path) : kit.get().project.title),
    markUnsaved: () => kit.markUnsaved(),

    setDatasetSettings: (dataset) => kit.setExtras({ ...kit.get().extras, dataset }),
    setTrainingSettings: (training) => kit.setExtras({ ...kit.get().extras, training }),
    setClassNames: (classNames) => kit.setExtras({ ...kit.get().extras, classNames }),
    setRuns: (runs) => kit.setExtras({ ...kit.get().extras, runs }),
    setTrainingResult({ weights, history, classNames }) {
      const extras = kit.get().extras;
      kit.setExtras({
        ...extras,
        weights,
        history,
        classNames: classNames === undefined ? extras.classNames : classNames,
      });
    },

    resetWeights() {
      if (!kit.get().extras.weights) return;
      kit.setExtras({ ...kit.get().extras, weights: null });
      kit.get().actions.notify('The trained weights were dropped: the next run starts from fresh weights.');
    },

    notify(text, kind = 'info') {
      kit.set({ notice: { id: ++noticeId, kind, text } });
      return noticeId;
    },
    dismissNotice(id) {
      if (id === undefined || kit.get().notice?.id === id) kit.set({ notice: null });
    },
  };
}
