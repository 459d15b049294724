import { describe, expect, it } from 'vitest';
import {
  compileModel,
  explainNode,
  inferShapes,
  kerasTutorialCnn,
  layerActivations,
  tensor,
} from '../../../src-engine';
import { createRng } from '../../../src-engine/core/rng';
import { randomWeights } from '../../../src-engine/model/explain.test-support';
import { sampleInput, valueAt } from './value-at';

const rng = createRng(3);
const graph = kerasTutorialCnn();
const inference = inferShapes(graph);
const weights = randomWeights(compileModel(graph), rng);
const pixels = Uint8Array.from({ length: 28 * 28 }, () => rng.integer(0, 256));

function run() {
  const result = layerActivations(graph, weights, sampleInput(pixels));
  if ('problem' in result) throw new Error(result.problem);
  return result.outputs;
}

describe('valueAt', () => {
  it("works out conv2d_1's and the pooling's outputs on the pinned sample exactly as the engine does", () => {
    const outputs = run();
    for (const name of ['conv2d_1', 'max_pooling2d', 'max_pooling2d_1', 'conv2d']) {
      const node = graph.nodes.find((n) => n.name === name)!;
      const model = explainNode(inference, node.id)!;
      const [oh, ow, oc] = inference.nodes.get(node.id)!.outputShape!;
      for (let probe = 0; probe < 8; probe++) {
        const [oy, ox, ch] = [rng.integer(0, oh), rng.integer(0, ow), rng.integer(0, oc)];
        const input = outputs.get(node.inputs[0])!;
        const v = valueAt(model, input, outputs.get(node.id)!, Object.fromEntries(weights.get(node.id)!), oy, ox, ch)!;
        expect(v.matches, `${name} (${oy}, ${ox}, ${ch})`).toBe(true);
        expect(v.value).toBeCloseTo(v.engine, 4);
        if (v.kind === 'conv') {
          expect(v.sum.terms.length).toBeLessThanOrEqual(5 * 5 * model.input[2]);
          expect(v.channelSums.reduce((a, b) => a + b, 0) + v.sum.bias).toBeCloseTo(v.sum.preActivation, 4);
        }
      }
    }
  });

  it('runs only the layers a node depends on when asked, with the same values', () => {
    const conv = graph.nodes.find((n) => n.name === 'conv2d_1')!;
    const part = layerActivations(graph, weights, sampleInput(pixels), conv.id);
    if ('problem' in part) throw new Error(part.problem);
    expect([...part.outputs.keys()]).toEqual(graph.nodes.slice(0, graph.nodes.indexOf(conv) + 1).map((n) => n.id));
    expect(part.outputs.get(conv.id)!.values).toEqual(run().get(conv.id)!.values);
  });

  it('says so when the arithmetic and the engine disagree, and when the weights do not fit the model', () => {
    const outputs = run();
    const node = graph.nodes.find((n) => n.name === 'conv2d_1')!;
    const model = explainNode(inference, node.id)!;
    const kernel = weights.get(node.id)!.get('kernel')!;
    const wrong = tensor(
      kernel.shape,
      kernel.values.map((v) => v + 1),
    );
    const input = outputs.get(node.inputs[0])!;
    const v = valueAt(model, input, outputs.get(node.id)!, { kernel: wrong }, 7, 7, 0)!;
    expect(v.matches).toBe(false);

    const edited = structuredClone(graph);
    edited.nodes.find((n) => n.name === 'conv2d_1')!.params.filters = 16;
    const result = layerActivations(edited, weights, sampleInput(pixels));
    expect(result).toEqual({
      problem:
        "conv2d_1's kernel is (5, 5, 8, 32) but the layer needs (5, 5, 8, 16): train the model again after editing it",
    });
  });
});
