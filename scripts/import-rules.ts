// The floors and entry points that scripts/check-imports.ts enforces; ARCHITECTURE.md explains them.

export type TreeName = 'src-shared' | 'src-engine' | 'src-main' | 'src-renderer';

/** Which other source trees each tree may import from. */
export const TREE_RULES: Record<TreeName, TreeName[]> = {
  'src-engine': [],
  'src-shared': ['src-engine'],
  'src-main': ['src-shared', 'src-engine'],
  'src-renderer': ['src-shared', 'src-engine'],
};

/** What other trees may import from a tree (test code may reach further). Absent: any file. */
export const ENTRY_POINTS: Partial<Record<TreeName, string[]>> = {
  'src-engine': ['src-engine/index.ts', 'src-engine/node.ts'],
  'src-shared': ['src-shared/index.ts'],
};

/**
 * The engine's floors, lowest first: a folder imports from its own files and from folders on lower floors only.
 * `core` is the shared vocabulary (tensors, activations, rng, initializers, names, optimizer/loss/backend names
 * and Keras defaults); `io` the Node file primitives.
 */
export const ENGINE_FLOORS: Record<string, number> = {
  core: 0,
  io: 0,
  ops: 1,
  data: 1,
  kernels: 2,
  autograd: 3,
  layers: 4,
  model: 5,
  train: 6,
  backends: 7,
  node: 8,
  export: 9,
  bench: 10,
};

/**
 * The renderer's floors, lowest first, by path under src-renderer: a folder, or one file. A file belongs to the
 * longest entry that holds it and imports from its own entry and from entries on lower floors only. The editor
 * mirrors the dashboard (a store under its views); app/ composes both; main.tsx mounts app/.
 */
export const RENDERER_FLOORS: Record<string, number> = {
  api: 0,
  common: 0,
  styles: 0,
  'editor/store': 1,
  // The dashboard's pure model: curves, confusion matrices, pixels, payload types and its services port.
  dashboard: 1,
  'editor/common': 2,
  'dashboard/store': 2,
  'dashboard/ui': 3,
  'dashboard/index.ts': 4,
  // Explain draws a node's arithmetic; the inspector opens it, and it may show the dashboard's trained weights.
  'editor/explain': 4.5,
  'editor/nodes': 5,
  'editor/inspector': 5,
  'editor/canvas': 6,
  'editor/panels': 7,
  app: 8,
  'main.tsx': 9,
};

/** Renderer folders that code outside them reaches only through one file (test code may reach further). */
export const RENDERER_ENTRY_POINTS: Record<string, string> = {
  dashboard: 'dashboard/index.ts',
};
