import {
  newProject,
  parseProjectFile,
  PROJECT_FORMAT,
  PROJECT_VERSION,
  ProjectFileSchema,
  type ProjectFile,
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
      unknownFields,
    },
  };
}

/** The project as a ProjectFile object (validated), with unknown fields carried along. */
export function projectFileOf(doc: EditorDoc, extras: ProjectExtras): ProjectFile & Record<string, unknown> {
  const file = ProjectFileSchema.parse({
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    graph: doc.graph,
    layout: doc.layout,
    collapsedGroups: [...doc.collapsedGroups],
    dataset: extras.dataset,
    training: extras.training,
    classNames: extras.classNames,
    weights: extras.weights,
    history: extras.history,
  });
  return { ...extras.unknownFields, ...file };
}

/** The JSON text written to disk (one-space indent, as serializeProjectFile writes, but keeping unknown fields). */
export function writeProject(doc: EditorDoc, extras: ProjectExtras): string {
  return JSON.stringify(projectFileOf(doc, extras), null, 1);
}
