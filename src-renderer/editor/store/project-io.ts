import {
  inferShapes,
  matchWeights,
  newProject,
  parseProjectFile,
  PROJECT_FORMAT,
  PROJECT_VERSION,
  ProjectFileSchema,
  type ProjectFile,
  type GraphInference,
  type ModelGraph,
} from '../../../src-engine';

/** The editor-owned part of a project: what undo/redo covers. */
export interface EditorDoc {
  graph: ModelGraph;
  layout: Readonly<Record<string, { x: number; y: number }>>;
  collapsedGroups: readonly string[];
}

/**
 * Everything else in a project file (dataset, training settings, class names, weights, history), plus any
 * top-level fields this build does not know, kept so that saving never drops what a newer build wrote.
 */
export interface ProjectExtras {
  dataset: ProjectFile['dataset'];
  training: ProjectFile['training'];
  classNames: ProjectFile['classNames'];
  weights: ProjectFile['weights'];
  history: ProjectFile['history'];
  /** The run table's runs (the dashboard's history). */
  runs: ProjectFile['runs'];
  unknownFields: Readonly<Record<string, unknown>>;
}

const KNOWN_FIELDS = new Set(Object.keys(ProjectFileSchema.shape));

export function emptyExtras(): ProjectExtras {
  const p = newProject({ name: 'model', nodes: [] });
  return {
    dataset: p.dataset,
    training: p.training,
    classNames: p.classNames,
    weights: p.weights,
    history: p.history,
    runs: p.runs,
    unknownFields: {},
  };
}

/** Parses a project's JSON text (throws ProjectFileError with a readable reason). */
export function readProject(text: string): { doc: EditorDoc; extras: ProjectExtras } {
  const file = parseProjectFile(text);
  const raw = JSON.parse(text) as Record<string, unknown>;
  const unknownFields = Object.fromEntries(Object.entries(raw).filter(([k]) => !KNOWN_FIELDS.has(k)));
  const ids = new Set([...file.graph.nodes.map((n) => n.id), ...(file.graph.groups ?? []).map((g) => g.id)]);
  return {
    doc: {
      graph: file.graph,
      layout: file.layout,
      collapsedGroups: file.collapsedGroups.filter((id) => ids.has(id)),
    },
    extras: {
      dataset: file.dataset,
      training: file.training,
      classNames: file.classNames,
      weights: file.weights,
      history: file.history,
      runs: file.runs,
      unknownFields,
    },
  };
}

/**
 * Names of layers with weights but no trained values that fit them, when the model has trained weights at all: the
 * layers an edit re-initialised. Empty for a model never trained.
 */
export function untrainedLayersOf(graph: ModelGraph, inference: GraphInference, weights: ProjectFile['weights']) {
  if (!weights) return [];
  const { untrained } = matchWeights(inference, weights);
  return untrained.map((id) => graph.nodes.find((n) => n.id === id)?.name ?? id);
}

/** "conv2d_1 and dense are untrained: train to use them", or null when every layer is trained (or none is). */
export function untrainedText(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${list} ${names.length === 1 ? 'is' : 'are'} untrained (changed since training): train to use them`;
}

/**
 * The project as a ProjectFile object (validated), with unknown fields carried along. Only the weights that still
 * fit the model are written: the editor keeps the rest, so that undoing an edit brings them back.
 */
export function projectFileOf(
  doc: EditorDoc,
  extras: ProjectExtras,
  inference: GraphInference = inferShapes(doc.graph),
): ProjectFile & Record<string, unknown> {
  const file = ProjectFileSchema.parse({
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    graph: doc.graph,
    layout: doc.layout,
    collapsedGroups: [...doc.collapsedGroups],
    dataset: extras.dataset,
    training: extras.training,
    classNames: extras.classNames,
    weights: extras.weights && matchWeights(inference, extras.weights).weights,
    history: extras.history,
    runs: extras.runs,
  });
  return { ...extras.unknownFields, ...file };
}

/** The JSON text written to disk (one-space indent, as serializeProjectFile writes, but keeping unknown fields). */
export function writeProject(doc: EditorDoc, extras: ProjectExtras, inference?: GraphInference): string {
  return JSON.stringify(projectFileOf(doc, extras, inference), null, 1);
}
