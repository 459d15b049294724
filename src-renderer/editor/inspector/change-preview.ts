import {
  type Diagnostic,
  type ModelGraph,
  inferShapes,
  type GraphInference,
  formatShapeWithBatch,
  matchWeights,
  type ProjectFile,
} from '../../../src-engine';
import { setParams } from '../store/graph-edits';

export interface ChangePreview {
  outputBefore: string;
  outputAfter: string;
  /** Null when the layer would not build (its weights depend on a shape that cannot be computed). */
  paramsBefore: number | null;
  paramsAfter: number | null;
  totalBefore: number;
  totalAfter: number;
  /** Errors the change would cause (anywhere in the model) that are not there now. */
  newErrors: Diagnostic[];
  /** Errors that the change would make go away. */
  resolvedErrors: Diagnostic[];
  /** Layers whose trained weights fit now but would not after the change (re-initialised, trained again). */
  weightsLost: string[];
}

const shapeText = (inf: GraphInference, id: string) => {
  const s = inf.nodes.get(id)?.outputShape;
  return s ? formatShapeWithBatch([null, ...s]) : '?';
};
const paramsOf = (inf: GraphInference, id: string) => {
  const n = inf.nodes.get(id);
  return n?.outputShape ? n.trainableParams + n.nonTrainableParams : null;
};
const key = (d: Diagnostic) => `${d.code}|${d.nodeId ?? ''}|${d.message}`;
const errors = (inf: GraphInference) => inf.diagnostics.filter((d) => d.severity === 'error');

/** What a parameter change would do, computed on the would-be graph before anything is applied. */
export function previewParamChange(
  graph: ModelGraph,
  current: GraphInference,
  nodeId: string,
  patch: Record<string, unknown>,
  weights: ProjectFile['weights'] = null,
): ChangePreview {
  const next = inferShapes(setParams(graph, nodeId, patch));
  const fitting = matchWeights(current, weights).weights ?? {};
  const fitsAfter = matchWeights(next, fitting).weights ?? {};
  const before = new Set(errors(current).map(key));
  const after = new Set(errors(next).map(key));
  return {
    outputBefore: shapeText(current, nodeId),
    outputAfter: shapeText(next, nodeId),
    paramsBefore: paramsOf(current, nodeId),
    paramsAfter: paramsOf(next, nodeId),
    totalBefore: current.totalParams,
    totalAfter: next.totalParams,
    newErrors: errors(next).filter((d) => !before.has(key(d))),
    resolvedErrors: errors(current).filter((d) => !after.has(key(d))),
    weightsLost: Object.keys(fitting)
      .filter((id) => !(id in fitsAfter))
      .map((id) => graph.nodes.find((n) => n.id === id)?.name ?? id),
  };
}
