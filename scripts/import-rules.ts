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
