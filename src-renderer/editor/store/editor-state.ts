import type {
  GraphEdit,
  ModelGraph,
  DatasetSettings,
  EpochRecord,
  TrainingSettings,
  ProjectFile,
} from '../../../src-engine';
import type { PaneSize, XY } from './auto-layout';
import type { Clipboard } from './clipboard';
import type { Derived } from './derive';
import type { History } from './history';
import type { EditorDoc, ProjectExtras } from './project-io';

export interface Selection {
  nodeIds: readonly string[];
  /** Edge ids are `${targetId}#${inputIndex}`: one edge per input slot, so input order is the edge identity. */
  edgeIds: readonly string[];
  groupIds: readonly string[];
}

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export interface ProjectInfo {
  /** Where the project was opened from or last saved to; null for a new, untitled project. */
  path: string | null;
  title: string;
}

export interface EditActions {
  /** Adds an unconnected layer at a canvas position (drag and drop); returns its id. */
  addLayer(className: string, position?: XY): string;
  /**
   * Adds a layer after the selected layer and wires it in (the selected layer's consumers move onto it); with
   * nothing selected, after the model's output. Selects the new layer, so repeated clicks build a chain.
   */
  appendLayer(className: string): string;
  /** Wires source → target; false (and a notice saying why) when the connection is not allowed. */
  connect(source: string, target: string): boolean;
  disconnect(target: string, inputIndex: number): void;
  removeNodes(ids: readonly string[]): void;
  /** Deletes the selected layers, wires and blocks (a block's layers go with it), as one undoable step. */
  deleteSelection(): void;
  /** Moves nodes (or whole blocks, by block id) during a drag without recording history… */
  moveNodesLive(positions: Readonly<Record<string, XY>>): void;
  /** …and records the drag as one undoable move when it ends. */
  endMove(): void;
  moveNodes(positions: Readonly<Record<string, XY>>): void;
  /** Sets parameters in their JSON form (as normaliseParam accepts them), as one undoable step. */
  setParams(nodeId: string, patch: Readonly<Record<string, unknown>>): void;
  /** Returns null, or why the name was refused (taken, not an identifier). */
  renameNode(nodeId: string, name: string): string | null;
  setModelName(name: string): string | null;
  applyFix(edit: GraphEdit, label?: string): void;
  select(selection: Partial<Selection>): void;
  selectAll(): void;
  clearSelection(): void;
  copySelection(): boolean;
  cutSelection(): boolean;
  paste(): string[];
  duplicateSelection(): string[];
  /** Groups the selected layers into a named block; returns null or why not. */
  groupSelection(name?: string): string | null;
  renameGroup(groupId: string, name: string): string | null;
  ungroup(groupId: string): void;
  setCollapsed(groupId: string, collapsed: boolean): void;
  /** Lays the graph out in layers; `heights` are measured node heights by id, `pane` the canvas size (wraps). */
  autoLayout(heights?: Readonly<Record<string, number>>, pane?: PaneSize): void;
  undo(): void;
  redo(): void;
}

export interface ProjectActions {
  /** Replaces the project with an empty, untitled one (history cleared). Callers confirm first when dirty. */
  newProject(): void;
  newFromTemplate(templateId: string): void;
  /** Replaces the project with a graph (imported or built elsewhere), laid out, untitled. */
  loadGraph(graph: ModelGraph, title?: string): void;
  /**
   * Replaces the project with a parsed file; throws ProjectFileError with a readable reason and changes nothing.
   * `title` names a project with no path (an imported model); default 'Untitled'.
   */
  loadProjectText(text: string, path: string | null, title?: string, layoutForPane?: boolean): void;
  /**
   * Lays a just-opened template or import out for the canvas (long chains wrap into columns, layoutForPane) once its
   * nodes are measured; not an edit: no undo step, and a saved project stays saved. No-op unless paneLayoutPending.
   */
  layoutOpenedForPane(heights: Readonly<Record<string, number>>, pane: PaneSize): void;
  /** The project file as JSON text, unknown fields kept. */
  projectText(): string;
  projectFile(): ProjectFile;
  /** Records that the current state is what is on disk at `path`. */
  markSaved(path: string | null): void;
  /** Marks the current state as not on disk (restored autosave): dirty until saved. */
  markUnsaved(): void;
  setDatasetSettings(dataset: DatasetSettings | null): void;
  setTrainingSettings(training: TrainingSettings | null): void;
  setClassNames(classNames: string[] | null): void;
  /** The dashboard's run history, saved with the project. */
  setRuns(runs: ProjectFile['runs']): void;
  /** Stores a training run's outcome; weights are ProjectFile's encoded form (encodeWeights). */
  setTrainingResult(result: {
    weights: ProjectFile['weights'];
    history: EpochRecord[];
    classNames?: string[] | null;
  }): void;
  /** Drops every trained weight (not undoable: callers confirm first); the next run starts from fresh weights. */
  resetWeights(): void;
  /** Shows a notice in place of the current one; returns its id. */
  notify(text: string, kind?: Notice['kind']): number;
  /** Closes the notice; with an id, only while that notice is still the one shown (a success closing its error). */
  dismissNotice(id?: number): void;
}

export interface EditorState extends Derived {
  doc: EditorDoc;
  extras: ProjectExtras;
  project: ProjectInfo;
  /** True when the doc or the project settings differ from what was last opened or saved. */
  dirty: boolean;
  history: History;
  canUndo: boolean;
  canRedo: boolean;
  undoLabel: string | null;
  redoLabel: string | null;
  selection: Selection;
  clipboard: Clipboard | null;
  notice: Notice | null;
  /** Names of layers an edit left without trained weights that fit (empty when all fit, or none were trained). */
  untrainedLayers: readonly string[];
  /** Counts document replacements (new, open, template), so views can re-fit when a different model appears. */
  epoch: number;
  /** True from opening a template or import until the canvas lays it out for its size (layoutOpenedForPane). */
  paneLayoutPending: boolean;
  /** The canvas size the last layout for the pane used (grouping across columns lays out again for it). */
  pane: PaneSize | null;
  /** Stable for the store's lifetime: select with `(s) => s.actions`. */
  actions: EditActions & ProjectActions;
}

export const emptySelection: Selection = { nodeIds: [], edgeIds: [], groupIds: [] };

export function parseEdgeId(edgeId: string): { target: string; index: number } | null {
  const at = edgeId.lastIndexOf('#');
  if (at < 0) return null;
  const index = Number(edgeId.slice(at + 1));
  return Number.isInteger(index) ? { target: edgeId.slice(0, at), index } : null;
}

export const edgeIdOf = (target: string, index: number) => `${target}#${index}`;
