// Which trained weights still fit an edited model: a layer keeps its weights while every weight shape still
// matches, and is re-initialised (as at Start) where one does not. Pure, so the editor's preview, the project it
// sends to training or evaluation, and the engine's refusal all judge the same way.
import { shapesEqual } from '../core/tensor';
import type { GraphInference } from './inference';
import type { ModelGraph } from './graph';
import { ProjectFileError, type ProjectFile } from './project-file';

type StoredWeights = NonNullable<ProjectFile['weights']>;

export interface WeightMatch {
  /** The stored weights of layers that still fit; null when none do (or there were none). */
  weights: ProjectFile['weights'];
  /** Node ids of layers that have weights in the model but no trained values that fit them. */
  untrained: string[];
  /** Node ids whose trained weights no longer fit (a shape changed, or the layer is gone). */
  lost: string[];
}

/**
 * Splits stored weights into those that fit the model as inferred and those that do not. A layer whose shapes
 * cannot be inferred (an error at or above it) keeps its weights: nothing is known to have changed yet.
 */
export function matchWeights(inference: GraphInference, stored: ProjectFile['weights']): WeightMatch {
  const kept: StoredWeights = {};
  const lost: string[] = [];
  for (const [id, byName] of Object.entries(stored ?? {})) {
    const info = inference.nodes.get(id);
    const unknown = info !== undefined && info.outputShape === null;
    const fits =
      info !== undefined &&
      info.weights.length === Object.keys(byName).length &&
      info.weights.every((w) => byName[w.name] !== undefined && shapesEqual(byName[w.name].shape, w.shape));
    if (unknown || fits) kept[id] = byName;
    else lost.push(id);
  }
  const untrained = inference.order.filter((id) => {
    const info = inference.nodes.get(id);
    return info !== undefined && info.weights.length > 0 && kept[id] === undefined;
  });
  return { weights: Object.keys(kept).length > 0 ? kept : null, untrained, lost };
}

/** Layer names for node ids, in the given order ("conv2d_1 and dense"). */
export function layerNamesText(graph: Pick<ModelGraph, 'nodes'>, ids: readonly string[]): string {
  const names = ids.map((id) => graph.nodes.find((n) => n.id === id)?.name ?? id);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** A stored weight whose shape no longer fits its layer: the model changed after it was trained. */
export class WeightShapeError extends ProjectFileError {
  readonly hint = 'Undo the change, or reset the weights and train again (a layer whose shapes changed starts afresh).';
  constructor(
    readonly layer: string,
    readonly weight: string,
    readonly stored: readonly number[],
    readonly needed: readonly number[],
  ) {
    super(
      `Layer ${layer}'s trained ${weight} has shape [${stored.join(', ')}] but the layer now needs ` +
        `[${needed.join(', ')}]: the model changed after it was trained`,
    );
    this.name = 'WeightShapeError';
  }
}
