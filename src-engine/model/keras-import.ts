import { getLayer, LAYERS } from '../layers';
import type { AnyLayerDefinition } from '../layers/types';
import type { LayerGroup, LayerNode, ModelGraph } from './graph';
import { MAX_BLOCK_DEPTH } from './group-tree';
import { kerasValueEquals, paramFromKeras } from './keras-config';
import { nameRuleProblem, quoteName } from './names';

/** A Keras or TF.js model that Filterbank cannot represent exactly; names the layer and what is wrong. */
export class KerasImportError extends Error {
  /** Null also when the layer's name breaks the name rule: the message then quotes it escaped, never raw. */
  readonly layer: string | null;
  constructor(layer: string | null, message: string) {
    const shown = layer !== null && nameRuleProblem(layer) ? quoteName(layer) : layer;
    super(shown ? `${shown}: ${message}` : message);
    this.layer = shown === layer ? layer : null;
    this.name = 'KerasImportError';
  }
}

export interface KerasImport {
  graph: ModelGraph;
  /** The TF.js weights manifest, when the input was a model.json that has one. */
  weightsManifest: unknown[] | null;
  /** Notes about harmless differences (never about dropped options: those are errors). */
  notes: string[];
}

type Obj = Record<string, unknown>;

/** Refuses a name that breaks the name rule; the message quotes it escaped, so it is never shown raw. */
function checkName(name: string, what: string): string {
  const problem = nameRuleProblem(name, what);
  if (problem) throw new KerasImportError(null, `${problem}; rename it in Keras and save the model again`);
  return name;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Older and alternative Keras class names, from each layer's traits. */
const CLASS_ALIASES = new Map(
  LAYERS.flatMap((def) => def.traits.kerasAliases.map((alias) => [alias, def.className] as const)),
);

/** Config keys every Keras layer may carry that do not change the computation. */
const UNIVERSAL_KEYS = new Set([
  'name',
  'trainable',
  'dtype',
  'batch_input_shape',
  'batch_shape',
  'input_shape',
  'batch_size',
  'input_dtype',
]);

/** Options that only choose a random stream; Filterbank draws from the training seed instead, and says so. */
const SEED_KEYS = new Set(['seed']);

function checkDtype(layer: string, dtype: unknown): void {
  if (dtype === undefined || dtype === null) return;
  const name = isObj(dtype) ? (isObj(dtype.config) ? dtype.config.name : undefined) : dtype;
  if (name !== 'float32')
    throw new KerasImportError(
      layer,
      `dtype ${JSON.stringify(name ?? dtype)} is not supported; Filterbank computes in float32`,
    );
}

function inputShapeOf(config: Obj): number[] | null {
  const raw = config.batch_shape ?? config.batch_input_shape;
  const shape = Array.isArray(raw) ? raw.slice(1) : Array.isArray(config.input_shape) ? config.input_shape : null;
  if (!shape) return null;
  if (shape.some((d) => typeof d !== 'number')) {
    const name = typeof config.name === 'string' ? config.name : null;
    throw new KerasImportError(
      name,
      `input shape (None, ${shape.map((d) => (d === null ? 'None' : d)).join(', ')}) has a variable dimension; ` +
        `Filterbank needs a fixed input size`,
    );
  }
  return shape as number[];
}

/** Converts one Keras layer config to a node (without its inputs). */
function convertLayer(
  className: string,
  config: Obj,
  fallbackName: string,
  notes: string[],
): Omit<LayerNode, 'inputs' | 'id'> {
  const name = checkName(typeof config.name === 'string' ? config.name : fallbackName, 'layer name');
  const canonical = CLASS_ALIASES.get(className) ?? className;
  const def: AnyLayerDefinition | undefined = getLayer(canonical);
  if (!def) throw new KerasImportError(name, `layer class '${className}' is not supported by Filterbank`);
  checkDtype(name, config.dtype);
  if (config.trainable === false && def.className !== 'InputLayer') {
    throw new KerasImportError(
      name,
      'trainable=False (a frozen layer) is not supported: Filterbank trains every layer',
    );
  }
  const byKerasName = new Map(Object.entries(def.params).map(([camel, spec]) => [spec.kerasName, { camel, spec }]));
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (def.className === 'InputLayer' && ['batch_shape', 'batch_input_shape', 'input_shape'].includes(key)) continue;
    const target = byKerasName.get(key);
    if (target) {
      const converted = paramFromKeras(target.spec, value);
      if ('error' in converted) throw new KerasImportError(name, `option ${key}: ${converted.error}`);
      params[target.camel] = converted.value;
      continue;
    }
    if (UNIVERSAL_KEYS.has(key)) continue;
    if (SEED_KEYS.has(key)) {
      if (value !== null) notes.push(`${name}: seed=${JSON.stringify(value)} is replaced by the training seed`);
      continue;
    }
    if (def.kerasFixed && key in def.kerasFixed) {
      const expected = def.kerasFixed[key];
      if (value === null && expected !== null && key === 'data_format') continue;
      if (!kerasValueEquals(expected, value)) {
        throw new KerasImportError(
          name,
          `option ${key}=${JSON.stringify(value)} is not supported (Filterbank supports only ${key}=` +
            `${JSON.stringify(expected)})`,
        );
      }
      continue;
    }
    throw new KerasImportError(name, `option '${key}' of ${className} is not supported by Filterbank`);
  }
  if (def.className === 'InputLayer') {
    const shape = inputShapeOf(config);
    if (!shape) throw new KerasImportError(name, 'InputLayer without a shape');
    params.shape = shape;
  }
  return { name, className: def.className, params };
}

interface LayerEntry {
  class_name: string;
  config: Obj;
  name?: string;
  inbound_nodes?: unknown;
}

function asLayerEntries(v: unknown, where: string): LayerEntry[] {
  if (!Array.isArray(v)) throw new KerasImportError(null, `${where}: expected a list of layers`);
  return v.map((e, i) => {
    if (!isObj(e) || typeof e.class_name !== 'string' || !isObj(e.config))
      throw new KerasImportError(null, `${where}: layer ${i} has no class_name/config`);
    return e as unknown as LayerEntry;
  });
}

class GraphBuilder {
  nodes: LayerNode[] = [];
  notes: string[] = [];
  groups: LayerGroup[] = [];
  private taken = new Set<string>();

  add(node: Omit<LayerNode, 'id'>): LayerNode {
    checkName(node.name, 'layer name');
    if (this.taken.has(node.name))
      throw new KerasImportError(node.name, 'two layers share this name; Keras models need unique layer names');
    this.taken.add(node.name);
    const full = { ...node, id: `n${this.nodes.length}` };
    this.nodes.push(full);
    return full;
  }
}

/**
 * Appends a Sequential's layers to a chain, turning nested Sequentials into named groups. An explicit stack of the
 * Sequentials being read, not recursion: a file can nest them thousands deep.
 */
function importSequentialLayers(builder: GraphBuilder, entries: LayerEntry[], config: Obj): void {
  let last: LayerNode | null = null;
  // `groupId`: the block this Sequential becomes (none for the model itself and past MAX_BLOCK_DEPTH).
  const open: { entries: LayerEntry[]; next: number; config: Obj; firstNode: number; groupId?: string }[] = [
    { entries, next: 0, config, firstNode: 0 },
  ];
  let flattened = 0;
  let blocks = 0;
  while (open.length > 0) {
    const seq = open[open.length - 1];
    if (seq.next >= seq.entries.length) {
      open.pop();
      if (seq.groupId !== undefined) {
        const groupName = checkName(String(seq.config.name ?? `sequential_${builder.groups.length}`), 'block name');
        const nodeIds = builder.nodes
          .slice(seq.firstNode)
          .filter((n) => n.className !== 'InputLayer')
          .map((n) => n.id);
        const parent = open[Math.min(open.length - 1, MAX_BLOCK_DEPTH)].groupId;
        if (nodeIds.length > 0)
          builder.groups.push({ id: seq.groupId, name: groupName, nodeIds, ...(parent ? { parent } : {}) });
      }
      continue;
    }
    const i = seq.next++;
    const entry = seq.entries[i];
    if (entry.class_name === 'Sequential') {
      // Entries 1..MAX_BLOCK_DEPTH of the stack are blocks; deeper Sequentials add their layers to the deepest.
      const depth = open.length - 1;
      if (depth >= MAX_BLOCK_DEPTH) flattened++;
      open.push({
        entries: asLayerEntries(entry.config.layers, String(entry.config.name)),
        next: 0,
        config: entry.config,
        firstNode: builder.nodes.length,
        ...(depth < MAX_BLOCK_DEPTH ? { groupId: `g${blocks++}` } : {}),
      });
      continue;
    }
    if (last === null && entry.class_name !== 'InputLayer') {
      const shape =
        inputShapeOf(entry.config) ?? (i === 0 ? inputShapeOf({ batch_shape: seq.config.build_input_shape }) : null);
      if (!shape)
        throw new KerasImportError(
          null,
          'the model has no input shape: build it with an Input layer (or input_shape=) before saving its JSON',
        );
      last = builder.add({ name: 'input_layer', className: 'InputLayer', params: { shape }, inputs: [] });
    }
    // Once the chain has begun, an InputLayer can only be a nested Sequential's own input.
    if (last !== null && entry.class_name === 'InputLayer') continue;
    const node = convertLayer(entry.class_name, entry.config, `layer_${builder.nodes.length}`, builder.notes);
    last = builder.add({ ...node, inputs: last && node.className !== 'InputLayer' ? [last.id] : [] });
  }
  if (flattened > 0)
    builder.notes.push(
      `${flattened} Sequential${flattened === 1 ? ' was' : 's were'} nested more than ${MAX_BLOCK_DEPTH} deep: ` +
        `their layers joined the block around them`,
    );
}

/** The layer names a Keras 2/TF.js or Keras 3 inbound-node list refers to. */
function inboundNames(layer: string, inbound: unknown): string[] {
  if (!Array.isArray(inbound) || inbound.length === 0) return [];
  if (inbound.length > 1)
    throw new KerasImportError(
      layer,
      'the layer is shared (called more than once); Filterbank needs each layer used once',
    );
  const node = inbound[0];
  if (Array.isArray(node)) return node.map((ref) => (Array.isArray(ref) ? String(ref[0]) : String(ref)));
  if (isObj(node) && Array.isArray(node.args)) {
    const names: string[] = [];
    // Depth first in argument order, with a stack rather than recursion (the nesting comes from the file).
    const pending: unknown[] = [node.args];
    while (pending.length > 0) {
      const v = pending.pop();
      if (Array.isArray(v)) for (let k = v.length - 1; k >= 0; k--) pending.push(v[k]);
      else if (
        isObj(v) &&
        v.class_name === '__keras_tensor__' &&
        isObj(v.config) &&
        Array.isArray(v.config.keras_history)
      )
        names.push(String(v.config.keras_history[0]));
    }
    return names;
  }
  throw new KerasImportError(layer, 'unreadable inbound_nodes');
}

function refName(ref: unknown): string {
  return Array.isArray(ref) ? String(ref[0]) : String(ref);
}

function importFunctional(config: Obj, builder: GraphBuilder): ModelGraph {
  const ids = new Map<string, string>();
  const entries = asLayerEntries(config.layers, 'model');
  const pending = entries.map((e) => {
    const name = checkName(String(e.name ?? e.config.name), 'layer name');
    if (e.class_name === 'Sequential' || e.class_name === 'Functional' || e.class_name === 'Model')
      throw new KerasImportError(name, 'a nested model inside a functional model is not supported; flatten it first');
    return { entry: e, name, inputs: inboundNames(name, e.inbound_nodes) };
  });
  for (const p of pending) {
    const node = convertLayer(p.entry.class_name, { ...p.entry.config, name: p.name }, p.name, builder.notes);
    ids.set(p.name, builder.add({ ...node, inputs: [] }).id);
  }
  for (const [i, p] of pending.entries()) {
    builder.nodes[i].inputs = p.inputs.map((n) => {
      const id = ids.get(n);
      if (!id) throw new KerasImportError(p.name, `its input '${n}' is not a layer of the model`);
      return id;
    });
  }
  const outputs = Array.isArray(config.output_layers)
    ? typeof config.output_layers[0] === 'string'
      ? [config.output_layers]
      : config.output_layers
    : [];
  if (outputs.length > 1)
    throw new KerasImportError(null, `the model has ${outputs.length} outputs; Filterbank models have one`);
  const output = outputs.length === 1 ? ids.get(refName(outputs[0])) : undefined;
  return { name: checkName(String(config.name ?? 'model'), 'model name'), nodes: builder.nodes, output };
}

/**
 * Imports a Keras topology JSON (`{"class_name": "Sequential" | "Functional" | "Model", "config": …}`, Keras 2 or 3)
 * or a TF.js model.json (`{"modelTopology": …}`) into an editable graph. Throws KerasImportError naming the layer
 * and option for anything Filterbank cannot represent exactly.
 */
export function importKerasModel(json: unknown): KerasImport {
  if (!isObj(json))
    throw new KerasImportError(null, 'expected a JSON object with class_name and config, or a TF.js model.json');
  let topology: unknown = json;
  let weightsManifest: unknown[] | null = null;
  if ('modelTopology' in json) {
    topology = json.modelTopology;
    weightsManifest = Array.isArray(json.weightsManifest) ? json.weightsManifest : null;
  }
  if (isObj(topology) && isObj(topology.model_config)) topology = topology.model_config;
  if (!isObj(topology) || typeof topology.class_name !== 'string')
    throw new KerasImportError(null, 'no model topology found: expected {"class_name": …, "config": …}');
  const { class_name: className } = topology;
  const config = topology.config;
  const builder = new GraphBuilder();
  let graph: ModelGraph;
  if (className === 'Sequential') {
    const layers = Array.isArray(config) ? config : isObj(config) ? config.layers : undefined;
    importSequentialLayers(builder, asLayerEntries(layers, 'Sequential'), isObj(config) ? config : {});
    if (builder.nodes.length === 0) throw new KerasImportError(null, 'the Sequential model has no layers');
    graph = {
      name: checkName(String((isObj(config) && config.name) || 'sequential'), 'model name'),
      nodes: builder.nodes,
      ...(builder.groups.length ? { groups: builder.groups } : {}),
    };
  } else if (className === 'Functional' || className === 'Model') {
    if (!isObj(config)) throw new KerasImportError(null, `${className} without a config object`);
    graph = importFunctional(config, builder);
  } else {
    throw new KerasImportError(
      null,
      `model class '${className}' is not supported; expected Sequential, Functional or Model`,
    );
  }
  if (!isKeras3(json, topology)) refuseKeras2HardSigmoid(graph);
  return { graph, weightsManifest, notes: builder.notes };
}

/** Keras 3 writes `module` beside every class_name and a 3.x keras_version; Keras 2 and TF.js do neither. */
function isKeras3(json: Obj, topology: Obj): boolean {
  const version = [
    json.keras_version,
    topology.keras_version,
    isObj(json.modelTopology) ? json.modelTopology.keras_version : undefined,
  ].find((v) => typeof v === 'string');
  if (typeof version === 'string') return /^3\./.test(version);
  return typeof topology.module === 'string';
}

/**
 * Keras 2 and TF.js define hard_sigmoid as clip(0.2·x + 0.5, 0, 1); Keras 3 (and Filterbank) as relu6(x + 3) / 6.
 * Importing the name would silently change what the model computes, so it is refused with the way out.
 */
function refuseKeras2HardSigmoid(graph: ModelGraph): void {
  const node = graph.nodes.find((n) => n.params.activation === 'hard_sigmoid');
  if (!node) return;
  throw new KerasImportError(
    node.name,
    "activation 'hard_sigmoid' of a Keras 2 or TF.js model is clip(0.2·x + 0.5, 0, 1), while Filterbank's (Keras " +
      ("3's) is relu6(x + 3) / 6, so the imported model would compute different values; save the model with Keras " +
        '3, or change the activation (sigmoid is the closest) before importing'),
  );
}
