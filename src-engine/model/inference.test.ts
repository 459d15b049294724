import { describe, expect, it } from 'vitest';
import { sequential, type ModelGraph } from './graph';
import { inferShapes } from './inference';

const codes = (g: ModelGraph) => inferShapes(g).diagnostics.map((d) => d.code);

describe('shape diagnostics', () => {
  it('explains a kernel larger than its input with the arithmetic and offers fixes', () => {
    const g = sequential('m', [
      { className: 'InputLayer', params: { shape: [7, 7, 3] } },
      { className: 'Conv2D', params: { filters: 4, kernelSize: 9 } },
      { className: 'Flatten' },
    ]);
    const r = inferShapes(g);
    expect(r.valid).toBe(false);
    const [d] = r.diagnostics;
    expect(d).toMatchObject({
      code: 'shape',
      nodeId: 'n1',
      layer: 'conv2d',
      param: 'kernelSize',
      arithmetic: '⌊(7 − 9)/1⌋ + 1 = −1',
    });
    expect(d.message).toBe(
      "conv2d: ⌊(7 − 9)/1⌋ + 1 = −1: kernel_size 9 is larger than the 7×7 input; use padding 'same' or a smaller " +
        'kernel',
    );
    expect(d.fixes?.map((f) => f.edit)).toEqual([
      { kind: 'setParam', param: 'padding', value: 'same', nodeId: 'n1' },
      { kind: 'setParam', param: 'kernelSize', value: 7, nodeId: 'n1' },
    ]);
    // Downstream layers are not blamed for an upstream error.
    expect(r.diagnostics).toHaveLength(1);
    expect(r.nodes.get('n2')?.outputShape).toBeNull();
  });

  it('offers to remove a pooling layer that shrinks the maps below 1×1', () => {
    const g = sequential('m', [
      { className: 'InputLayer', params: { shape: [1, 1, 8] } },
      { className: 'MaxPooling2D', params: { poolSize: 2 } },
    ]);
    const [d] = inferShapes(g).diagnostics;
    expect(d.message).toContain('⌊(1 − 2)/2⌋ + 1 = 0');
    expect(d.fixes?.map((f) => f.edit.kind)).toContain('removeNode');
  });

  it('rejects Conv2D after Flatten as a rank mismatch', () => {
    const g = sequential('m', [
      { className: 'InputLayer', params: { shape: [28, 28, 1] } },
      { className: 'Flatten' },
      { className: 'Conv2D', params: { filters: 4, kernelSize: 3 } },
    ]);
    const [d] = inferShapes(g).diagnostics;
    expect(d.code).toBe('shape');
    expect(d.message).toMatch(
      /Conv2D needs an image tensor \(height, width, channels\) but receives \(None, 784\), rank 2/,
    );
  });

  it('reports merge shape mismatches', () => {
    const g: ModelGraph = {
      name: 'm',
      nodes: [
        { id: 'i', name: 'input_layer', className: 'InputLayer', params: { shape: [8, 8, 3] }, inputs: [] },
        {
          id: 'a',
          name: 'conv2d',
          className: 'Conv2D',
          params: { filters: 4, kernelSize: 3, padding: 'same' },
          inputs: ['i'],
        },
        {
          id: 'b',
          name: 'conv2d_1',
          className: 'Conv2D',
          params: { filters: 8, kernelSize: 3, padding: 'same' },
          inputs: ['i'],
        },
        { id: 'add', name: 'add', className: 'Add', params: {}, inputs: ['a', 'b'] },
      ],
    };
    const r = inferShapes(g);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['shape']);
    expect(r.diagnostics[0].message).toContain('(None, 8, 8, 4) and (None, 8, 8, 8)');
    g.nodes[3].className = 'Concatenate';
    const c = inferShapes(g);
    expect(c.valid).toBe(true);
    expect(c.nodes.get('add')?.outputShape).toEqual([8, 8, 12]);
  });

  it('finds cycles, dangling references, missing inputs and unused outputs', () => {
    const g: ModelGraph = {
      name: 'm',
      nodes: [
        { id: 'i', name: 'input_layer', className: 'InputLayer', params: { shape: [4] }, inputs: [] },
        { id: 'a', name: 'dense', className: 'Dense', params: { units: 3 }, inputs: ['i', 'c'] },
        { id: 'b', name: 'dense_1', className: 'Dense', params: { units: 3 }, inputs: ['a'] },
        { id: 'c', name: 'dense_2', className: 'Dense', params: { units: 3 }, inputs: ['b'] },
        { id: 'd', name: 'dense_3', className: 'Dense', params: { units: 3 }, inputs: ['ghost'] },
        { id: 'e', name: 'dense_4', className: 'Dense', params: { units: 3 }, inputs: [] },
      ],
    };
    const c = codes(g);
    expect(c.filter((x) => x === 'cycle')).toHaveLength(3);
    expect(c).toContain('missing-input-node');
    expect(c).toContain('arity');
  });

  it('flags a layer whose output goes nowhere, and accepts one output', () => {
    const g = sequential('m', [
      { className: 'InputLayer', params: { shape: [4] } },
      { className: 'Dense', params: { units: 3 } },
    ]);
    g.nodes.push({ id: 'x', name: 'dense_9', className: 'Dense', params: { units: 2 }, inputs: ['n0'] });
    const r = inferShapes(g);
    expect(r.outputId).toBe('x');
    expect(r.diagnostics).toMatchObject([{ code: 'unused-output', nodeId: 'n1' }]);
  });

  it('reports invalid parameters with their Keras names, all at once', () => {
    const g = sequential('m', [
      { className: 'InputLayer', params: { shape: [8, 8, 1] } },
      { className: 'Conv2D', params: { filters: 0, kernelSize: [3], padding: 'full', bogus: 1 } },
    ]);
    const msgs = inferShapes(g).diagnostics.map((d) => d.message);
    expect(msgs).toEqual([
      'conv2d: filters must be at least 1, got 0',
      'conv2d: kernel_size must be an integer or a pair of integers, got [3]',
      "conv2d: padding must be one of 'valid', 'same', got 'full'",
      "conv2d: unknown parameter 'bogus'",
    ]);
  });

  it('needs an InputLayer, unique names and known layer types', () => {
    expect(codes({ name: 'm', nodes: [] })).toEqual(['empty']);
    expect(codes(sequential('m', [{ className: 'Dense' }]))).toEqual(['arity', 'no-input']);
    const dup = sequential('m', [
      { className: 'InputLayer', params: { shape: [4] } },
      { className: 'Dense', name: 'x' },
      { className: 'Dense', name: 'x' },
    ]);
    expect(codes(dup)).toEqual(['duplicate-name']);
    expect(
      codes(sequential('m', [{ className: 'InputLayer', params: { shape: [4] } }, { className: 'Conv3D' }])),
    ).toEqual(['unknown-layer']);
  });

  it('warns when a classifier output is not flat and offers to insert Flatten before the first Dense', () => {
    const g = sequential('m', [
      { className: 'InputLayer', params: { shape: [8, 8, 1] } },
      { className: 'Conv2D', params: { filters: 2, kernelSize: 3 } },
      { className: 'Dense', params: { units: 16 } },
      { className: 'Dense', params: { units: 10, activation: 'softmax' } },
    ]);
    const r = inferShapes(g);
    expect(r.valid).toBe(true);
    expect(r.diagnostics).toMatchObject([
      {
        severity: 'warning',
        code: 'output-rank',
        fixes: [{ edit: { kind: 'insertBefore', nodeId: 'n2', className: 'Flatten' } }],
      },
    ]);
    expect(r.nodes.get('n3')?.outputShape).toEqual([6, 6, 10]);
    expect(r.totalParams).toBe(20 + 48 + 170);
  });
});
