import { describe, expect, it } from 'vitest';
import { sequential, type LayerNode } from './graph';
import { inferShapes } from './inference';
import { MAX_BLOCK_DEPTH } from './group-tree';
import { importKerasModel } from './keras-import';
import { layeredLayout } from './layout';
import { layerCountProblem, MAX_ACTIVATION_VALUES, MAX_LAYERS, MAX_PARAMS } from './limits';
import { formatSummary, type ModelSummary } from './summary';

const chain = (count: number): LayerNode[] => {
  const nodes: LayerNode[] = [
    { id: 'n0', name: 'input_layer', className: 'InputLayer', params: { shape: [4] }, inputs: [] },
  ];
  for (let i = 1; i <= count; i++)
    nodes.push({ id: `n${i}`, name: `dense_${i}`, className: 'Dense', params: { units: 4 }, inputs: [`n${i - 1}`] });
  return nodes;
};

describe('model size limits', () => {
  it('counts the layers of every file format, nested lists included, and refuses more than the limit', () => {
    expect(layerCountProblem({ format: 'filterbank-project', graph: { nodes: chain(MAX_LAYERS - 1) } })).toBeNull();
    expect(layerCountProblem({ format: 'filterbank-project', graph: { nodes: chain(MAX_LAYERS) } })).toMatch(
      /^the model has at least 10,001 layers; .*at most 10,000/,
    );
    const keras = (layers: unknown[]) => ({ class_name: 'Sequential', config: { layers } });
    const half = Array.from({ length: MAX_LAYERS / 2 - 1 }, () => ({ class_name: 'Dense', config: { units: 1 } }));
    expect(layerCountProblem(keras([...half, keras(half)]))).toBeNull();
    expect(
      layerCountProblem({ modelTopology: { model_config: keras([...half, keras([...half, keras(half)])]) } }),
    ).toMatch(/^the model has at least 1\d,\d{3} layers/);
  });

  it('refuses a layer whose weights cannot be trained, with the layer, the count, the limit and the arithmetic', () => {
    const graph = sequential('m', [
      { className: 'InputLayer', params: { shape: [28, 28, 1] } },
      { className: 'Flatten' },
      { className: 'Dense', params: { units: 16_777_216 } },
      { className: 'Dense', params: { units: 2 } },
    ]);
    // The Dense's 13 billion parameters; its output of 16 M values is allowed, and the model total is not said twice.
    const [d, ...others] = inferShapes(graph).diagnostics.filter((x) => x.code === 'too-large');
    expect(others).toEqual([]);
    expect(d).toMatchObject({
      severity: 'error',
      layer: 'dense',
      arithmetic: '784 × 16,777,216 + 16,777,216 = 13,170,114,560',
    });
    expect(d.message).toMatch(/^dense: 13,170,114,560 parameters, .*at most 268,435,456/);
  });

  it('refuses a model whose layers are each within the limit but not together, naming the largest', () => {
    const dense = { className: 'Dense', params: { units: 10_000 } };
    const inference = inferShapes(
      sequential('m', [{ className: 'InputLayer', params: { shape: [9_000] } }, dense, dense, dense]),
    );
    expect(inference.valid).toBe(false);
    expect(inference.diagnostics).toEqual([
      expect.objectContaining({
        code: 'too-large',
        layer: 'dense_1',
        message: expect.stringMatching(
          /^The model has 290,030,000 parameters, .*the largest layer is dense_1 with 100,010,000/,
        ),
      }),
    ]);
  });

  it('refuses outputs too large for one sample, and allows the largest real models', () => {
    const huge = inferShapes(
      sequential('m', [
        { className: 'InputLayer', params: { shape: [100_000, 100_000, 3] } },
        { className: 'Flatten' },
      ]),
    );
    const first = huge.diagnostics.find((x) => x.code === 'too-large');
    expect(first).toMatchObject({ layer: 'input_layer', arithmetic: '100,000 × 100,000 × 3 = 30,000,000,000' });
    expect(first?.message).toContain(`at most ${MAX_ACTIVATION_VALUES.toLocaleString('en-US')}`);
    // VGG16's fc1 (25,088 → 4,096: 102,764,544 parameters) and a 4096×4096 RGBA input are within the limits.
    const vggHead = inferShapes(
      sequential('v', [
        { className: 'InputLayer', params: { shape: [7, 7, 512] } },
        { className: 'Flatten' },
        { className: 'Dense', params: { units: 4096 } },
      ]),
    );
    expect(vggHead.valid).toBe(true);
    expect(vggHead.totalParams).toBeLessThan(MAX_PARAMS);
    expect(
      inferShapes(
        sequential('i', [
          { className: 'InputLayer', params: { shape: [4096, 4096, 4] } },
          { className: 'Conv2D', params: { filters: 8, kernelSize: 3 } },
        ]),
      ).valid,
    ).toBe(true);
  });
});

describe('user-sized models without recursion or argument spreads', () => {
  it('lays out a 50,000-layer chain listed from its output', () => {
    // Listed output first, so no depth is known when the walk starts from the output.
    const pos = layeredLayout({ name: 'deep', nodes: chain(50_000).reverse() });
    expect(pos.n50000.y).toBeGreaterThan(pos.n49999.y);
  });

  it('imports Sequentials nested 9,000 deep', () => {
    let model: unknown = { class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 4] } };
    for (let i = 0; i < 9000; i++) model = { class_name: 'Sequential', config: { name: `s${i}`, layers: [model] } };
    const { graph, notes } = importKerasModel(model);
    expect(graph.nodes.map((n) => n.className)).toEqual(['InputLayer', 'Dense']);
    // Blocks nest at most MAX_BLOCK_DEPTH deep; the Sequentials below that add their layers to the deepest block.
    expect(graph.groups).toHaveLength(MAX_BLOCK_DEPTH);
    expect(notes.join('\n')).toMatch(/8991 Sequentials were nested more than 8 deep/);
  });

  it('reads inputs from Keras 3 call arguments nested thousands deep', () => {
    let args: unknown = { class_name: '__keras_tensor__', config: { keras_history: ['inp', 0, 0] } };
    for (let i = 0; i < 20_000; i++) args = [args];
    const { graph } = importKerasModel({
      class_name: 'Functional',
      module: 'keras',
      config: {
        name: 'f',
        layers: [
          { class_name: 'InputLayer', name: 'inp', config: { name: 'inp', batch_shape: [null, 4] }, inbound_nodes: [] },
          {
            class_name: 'Dense',
            name: 'd',
            config: { name: 'd', units: 2 },
            inbound_nodes: [{ args: [args], kwargs: {} }],
          },
        ],
        output_layers: [['d', 0, 0]],
      },
    });
    expect(graph.nodes[1].inputs).toEqual([graph.nodes[0].id]);
  });

  it('formats a summary of 200,000 rows', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => ({
      name: `dense_${i}`,
      className: 'Dense',
      outputShape: [null, 4],
      params: 20,
      trainableParams: 20,
      nonTrainableParams: 0,
      connectedTo: [],
      nodeIds: [`n${i}`],
    }));
    const summary: ModelSummary = {
      name: 'wide',
      style: 'sequential',
      rows,
      totalParams: 4e6,
      trainableParams: 4e6,
      nonTrainableParams: 0,
    };
    expect(formatSummary(summary)).toContain('dense_199999 (Dense)');
  });
});
