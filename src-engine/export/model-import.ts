import { importKerasModel, KerasImportError } from '../model/keras-import';
import type { LayerGroup, ModelGraph } from '../model/graph';
import { groupTreeProblem } from '../model/group-tree';
import { layeredLayout } from '../model/layout';
import { encodeWeights, newProject, type ProjectFile } from '../model/project-file';
import { nameRuleProblem } from '../model/names';
import { DatasetSettingsSchema } from '../model/settings';
import { ExportMetadataSchema, METADATA_KEY, type ExportMetadata } from './export-metadata';
import { decodeTfjsWeights, TfjsWeightsError, type ShardReader } from './tfjs-weights';
import { matchWeights, WeightMatchError } from './weight-matching';

/** A model file that cannot become a Filterbank project; `layer` names the layer at fault when there is one. */
export class ModelImportError extends Error {
  constructor(
    message: string,
    readonly layer: string | null = null,
  ) {
    super(message);
    this.name = 'ModelImportError';
  }
}

export interface ModelImport {
  project: ProjectFile;
  /** Whether weights were attached (a model.json with its shards). */
  hasWeights: boolean;
  notes: string[];
}

function readMetadata(json: unknown, notes: string[]): ExportMetadata | null {
  const raw = (json as { userDefinedMetadata?: Record<string, unknown> }).userDefinedMetadata?.[METADATA_KEY];
  if (raw === undefined) return null;
  const parsed = ExportMetadataSchema.safeParse(raw);
  if (!parsed.success) {
    notes.push(
      `model.json's userDefinedMetadata.${METADATA_KEY} is not readable (${parsed.error.issues[0].message}); ` +
        `preprocessing and class names were not imported`,
    );
    return null;
  }
  const names: [string, string][] = [
    [parsed.data.modelName, 'model name'],
    ...parsed.data.groups.map((g): [string, string] => [g.name, 'block name']),
  ];
  for (const [name, what] of names) {
    const problem = nameRuleProblem(name, what);
    if (problem) throw new ModelImportError(`model.json's userDefinedMetadata.${METADATA_KEY}: ${problem}`);
  }
  return parsed.data;
}

function restoreGroups(graph: ModelGraph, metadata: ExportMetadata, notes: string[]): LayerGroup[] {
  const idOf = new Map(graph.nodes.map((n) => [n.name, n.id]));
  const groupIdOf = new Map(metadata.groups.map((g, i) => [g.name, `g${i}`]));
  const groups = metadata.groups
    .map((g, i) => {
      const nodeIds = g.layers.map((l) => idOf.get(l)).filter((id): id is string => id !== undefined);
      // An unknown parent keeps a name no block has, so the check below reports it.
      const parent = g.parent === undefined ? undefined : (groupIdOf.get(g.parent) ?? `missing:${g.parent}`);
      return { id: `g${i}`, name: g.name, nodeIds, ...(parent ? { parent } : {}) };
    })
    .filter((g) => g.nodeIds.length > 0);
  const problem = groupTreeProblem({ nodes: graph.nodes, groups });
  if (!problem) return groups;
  const top = groups.filter((g) => g.parent === undefined);
  const kept = groupTreeProblem({ nodes: graph.nodes, groups: top }) ? [] : top;
  const lost = groups.filter((g) => !kept.includes(g)).map((g) => g.name);
  notes.push(
    `The blocks in Filterbank's metadata do not nest (${problem}); blocks ${lost.join(', ')} were not restored`,
  );
  return kept;
}

/**
 * Turns a TF.js model.json (with its weight shards when `readShard` finds them) or a Keras topology JSON into an
 * editable, laid-out Filterbank project. Preprocessing, class names, groups and positions come back from a
 * Filterbank export's metadata. Throws ModelImportError naming the layer, option, weight or file at fault.
 */
export function importModel(json: unknown, readShard: ShardReader | null): ModelImport {
  const notes: string[] = [];
  let graph: ModelGraph;
  let manifest: unknown[] | null;
  try {
    const imported = importKerasModel(json);
    graph = imported.graph;
    manifest = imported.weightsManifest;
    notes.push(...imported.notes);
  } catch (e) {
    if (e instanceof KerasImportError) throw new ModelImportError(e.message, e.layer);
    throw e;
  }
  const metadata = readMetadata(json, notes);
  if (metadata && !graph.groups?.length) {
    const groups = restoreGroups(graph, metadata, notes);
    if (groups.length > 0) graph = { ...graph, groups };
  }
  if (metadata) graph = { ...graph, name: metadata.modelName };
  const project = newProject(graph);
  const auto = layeredLayout(graph);
  const byName = new Map(graph.nodes.map((n) => [n.name, n.id]));
  const saved = metadata ? Object.entries(metadata.layout).filter(([name]) => byName.has(name)) : [];
  project.layout =
    saved.length === graph.nodes.length ? Object.fromEntries(saved.map(([name, p]) => [byName.get(name)!, p])) : auto;
  if (metadata) {
    project.classNames = metadata.classNames;
    project.training = metadata.training;
    if (metadata.preprocessing)
      project.dataset = DatasetSettingsSchema.parse({ preprocessing: metadata.preprocessing });
  }
  let hasWeights = false;
  if (manifest && manifest.length > 0) {
    if (!readShard) {
      notes.push('the weights were not imported: open model.json from its folder so that its weight files can be read');
    } else {
      try {
        project.weights = encodeWeights(matchWeights(graph, decodeTfjsWeights(manifest, readShard)));
        hasWeights = true;
      } catch (e) {
        if (e instanceof TfjsWeightsError || e instanceof WeightMatchError) throw new ModelImportError(e.message);
        throw e;
      }
    }
  }
  return { project, hasWeights, notes };
}
