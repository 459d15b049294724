import {
  designHints,
  inferShapes,
  summarize,
  type DesignHint,
  type Diagnostic,
  type GraphInference,
  type LayerGroup,
  type LayerNode,
  type ModelGraph,
  type ModelSummary,
  type SummaryRow,
} from '../../../src-engine';
import { trainBlockedSentence } from './model-status';

/**
 * Everything the editor shows that follows from the graph (and, for hints, the batch size); recomputed on every
 * graph edit. The by-id maps let each canvas node find itself without scanning the lists (O(n) per node).
 */
export interface Derived {
  inference: GraphInference;
  summary: ModelSummary;
  nodesById: ReadonlyMap<string, LayerNode>;
  groupsById: ReadonlyMap<string, LayerGroup>;
  /** The summary row of each block (a Sequential row), by block name. */
  blockRowsByName: ReadonlyMap<string, SummaryRow>;
  /** Diagnostics located on a node, by node id. */
  diagnosticsByNode: ReadonlyMap<string, readonly Diagnostic[]>;
  /** Diagnostics about the model as a whole (no input, empty model, …). */
  modelDiagnostics: readonly Diagnostic[];
  hints: readonly DesignHint[];
  errorCount: number;
  warningCount: number;
  canTrain: boolean;
  /** Why training is not possible, in one sentence the training panel can show; null when it is. */
  trainBlockedReason: string | null;
}

export function deriveFromGraph(graph: ModelGraph, batchSize: number): Derived {
  const inference = inferShapes(graph);
  const byNode = new Map<string, Diagnostic[]>();
  const model: Diagnostic[] = [];
  for (const d of inference.diagnostics) {
    if (d.nodeId !== undefined) byNode.set(d.nodeId, [...(byNode.get(d.nodeId) ?? []), d]);
    else model.push(d);
  }
  const errors = inference.diagnostics.filter((d) => d.severity === 'error');
  const summary = summarize(graph, inference);
  return {
    inference,
    summary,
    nodesById: new Map(graph.nodes.map((n) => [n.id, n])),
    groupsById: new Map((graph.groups ?? []).map((g) => [g.id, g])),
    blockRowsByName: blockRows(summary.rows),
    diagnosticsByNode: byNode,
    modelDiagnostics: model,
    ...deriveHints(graph, inference, batchSize),
    errorCount: errors.length,
    warningCount: inference.diagnostics.filter((d) => d.severity === 'warning').length,
    canTrain: errors.length === 0,
    trainBlockedReason: trainBlockedSentence(errors),
  };
}

/** Every block's summary row by name, inner blocks (rows inside rows) included. */
function blockRows(rows: readonly SummaryRow[], into = new Map<string, SummaryRow>()): Map<string, SummaryRow> {
  for (const r of rows) {
    if (r.className !== 'Sequential') continue;
    into.set(r.name, r);
    if (r.children) blockRows(r.children, into);
  }
  return into;
}

/** The part of Derived that depends on the batch size: a settings change recomputes only this. */
export function deriveHints(graph: ModelGraph, inference: GraphInference, batchSize: number): Pick<Derived, 'hints'> {
  return { hints: designHints(graph, inference, batchSize) };
}
