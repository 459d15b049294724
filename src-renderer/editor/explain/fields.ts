import { receptiveFields, receptiveFieldText, type GraphInference, type ReceptiveField } from '../../../src-engine';

// One computation per inference: every node on the canvas asks for its own field.
const cache = new WeakMap<GraphInference, Map<string, ReceptiveField>>();

/** What a node's output cells see of the model input, e.g. "sees 14×14 px, steps 2 px"; null for none. */
export function fieldTextOf(inference: GraphInference, nodeId: string): string | null {
  let fields = cache.get(inference);
  if (!fields) {
    fields = receptiveFields(inference);
    cache.set(inference, fields);
  }
  const field = fields.get(nodeId);
  const isInput = inference.inputIds.includes(nodeId);
  return field && !isInput ? receptiveFieldText(field) : null;
}
