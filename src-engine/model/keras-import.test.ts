import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { importKerasModel, KerasImportError } from './keras-import';
import { summarize } from './summary';

const keras3Layer = (className: string, config: Record<string, unknown>) => ({
  module: 'keras.layers',
  class_name: className,
  config,
  registered_name: null,
  build_config: { input_shape: [null, 1] },
});
const dtype = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
const glorot = {
  module: 'keras.initializers',
  class_name: 'GlorotUniform',
  config: { seed: null },
  registered_name: null,
};
const zeros = { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null };
const conv = (name: string, filters: number) =>
  keras3Layer('Conv2D', {
    name,
    trainable: true,
    dtype,
    filters,
    kernel_size: [5, 5],
    strides: [1, 1],
    padding: 'same',
    data_format: 'channels_last',
    dilation_rate: [1, 1],
    groups: 1,
    activation: 'relu',
    use_bias: true,
    kernel_initializer: glorot,
    bias_initializer: zeros,
    kernel_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
  });
const pool = (name: string) =>
  keras3Layer('MaxPooling2D', {
    name,
    trainable: true,
    dtype,
    pool_size: [2, 2],
    padding: 'valid',
    strides: [2, 2],
    data_format: 'channels_last',
  });
const dense = (name: string, units: number, activation: string) =>
  keras3Layer('Dense', {
    name,
    trainable: true,
    dtype,
    units,
    activation,
    use_bias: true,
    kernel_initializer: glorot,
    bias_initializer: zeros,
    kernel_regularizer: null,
    bias_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
  });
const flatten = keras3Layer('Flatten', { name: 'flatten', trainable: true, dtype, data_format: 'channels_last' });
const input = keras3Layer('InputLayer', {
  batch_shape: [null, 28, 28, 1],
  dtype: 'float32',
  sparse: false,
  name: 'input_layer',
});

/** The Keras tutorial CNN as Keras 3's model.to_json() writes it. */
const keras3Sequential = {
  module: 'keras',
  class_name: 'Sequential',
  config: {
    name: 'sequential',
    trainable: true,
    dtype,
    layers: [
      input,
      conv('conv2d', 8),
      pool('max_pooling2d'),
      conv('conv2d_1', 32),
      pool('max_pooling2d_1'),
      flatten,
      dense('dense', 64, 'relu'),
      dense('dense_1', 10, 'softmax'),
    ],
    build_input_shape: [null, 28, 28, 1],
  },
  registered_name: null,
};

describe('Keras and TF.js topology import', () => {
  it('imports a Keras 3 Sequential and summarises it exactly', () => {
    const { graph } = importKerasModel(keras3Sequential);
    const s = summarize(graph);
    expect(s.rows.map((r) => [r.name, r.params])).toEqual([
      ['conv2d', 208],
      ['max_pooling2d', 0],
      ['conv2d_1', 6432],
      ['max_pooling2d_1', 0],
      ['flatten', 0],
      ['dense', 100416],
      ['dense_1', 650],
    ]);
    expect(s.totalParams).toBe(107706);
  });

  it('reads the older class names the layers list as Keras aliases (Convolution2D, MaxPool2D)', () => {
    const aliased = structuredClone(keras3Sequential);
    aliased.config.layers[1].class_name = 'Convolution2D';
    aliased.config.layers[2].class_name = 'MaxPool2D';
    const { graph } = importKerasModel(aliased);
    expect(graph.nodes.slice(1, 3).map((n) => n.className)).toEqual(['Conv2D', 'MaxPooling2D']);
  });

  it('turns nested Sequentials into groups, as the nested summary shows them', () => {
    const nested = {
      class_name: 'Sequential',
      config: {
        name: 'outer',
        layers: [
          input,
          {
            class_name: 'Sequential',
            config: {
              name: 'feature_extractor',
              layers: [conv('conv2d', 8), pool('max_pooling2d'), conv('conv2d_1', 32), pool('max_pooling2d_1')],
            },
          },
          {
            class_name: 'Sequential',
            config: {
              name: 'classifier',
              layers: [flatten, dense('dense', 64, 'relu'), dense('dense_1', 10, 'softmax')],
            },
          },
        ],
      },
    };
    const s = summarize(importKerasModel(nested).graph);
    expect(s.rows.map((r) => [r.name, r.className, r.params])).toEqual([
      ['feature_extractor', 'Sequential', 6640],
      ['classifier', 'Sequential', 101066],
    ]);
  });

  it('imports a Keras 3 Functional model with a residual Add', () => {
    const tensor = (layer: string, shape: (number | null)[]) => ({
      class_name: '__keras_tensor__',
      config: { shape, dtype: 'float32', keras_history: [layer, 0, 0] },
    });
    const functional = {
      class_name: 'Functional',
      config: {
        name: 'res',
        layers: [
          {
            ...keras3Layer('InputLayer', {
              batch_shape: [null, 8, 8, 4],
              dtype: 'float32',
              sparse: false,
              name: 'inp',
            }),
            name: 'inp',
            inbound_nodes: [],
          },
          { ...conv('c1', 4), name: 'c1', inbound_nodes: [{ args: [tensor('inp', [null, 8, 8, 4])], kwargs: {} }] },
          {
            ...keras3Layer('Add', { name: 'add', trainable: true, dtype }),
            name: 'add',
            inbound_nodes: [{ args: [[tensor('inp', [null, 8, 8, 4]), tensor('c1', [null, 8, 8, 4])]], kwargs: {} }],
          },
        ],
        input_layers: [['inp', 0, 0]],
        output_layers: ['add', 0, 0],
      },
    };
    const { graph } = importKerasModel(functional);
    expect(graph.nodes.find((n) => n.name === 'add')?.inputs).toEqual(['n0', 'n1']);
    const s = summarize(graph);
    expect(s.style).toBe('functional');
    expect(s.rows.map((r) => [r.name, r.params, r.connectedTo])).toEqual([
      ['inp', 0, []],
      ['c1', 404, ['inp']],
      ['add', 0, ['inp', 'c1']],
    ]);
  });

  it('imports what TF.js itself serialises, Sequential and functional, inside a model.json', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [20, 20, 3],
          filters: 6,
          kernelSize: 3,
          strides: 2,
          padding: 'same',
          activation: 'relu',
        }),
        tf.layers.batchNormalization(),
        tf.layers.zeroPadding2d({
          padding: [
            [1, 0],
            [2, 1],
          ],
        }),
        tf.layers.averagePooling2d({ poolSize: 2 }),
        tf.layers.globalAveragePooling2d({}),
        tf.layers.dropout({ rate: 0.3 }),
        tf.layers.dense({ units: 5, activation: 'softmax', kernelInitializer: 'heNormal' }),
      ],
    });
    const modelJson = {
      format: 'layers-model',
      modelTopology: model.toJSON(null, false),
      weightsManifest: [{ paths: ['w.bin'], weights: [] }],
    };
    const imported = importKerasModel(modelJson);
    expect(imported.weightsManifest).toHaveLength(1);
    const s = summarize(imported.graph);
    expect(s.rows.map((r) => r.params)).toEqual(model.layers.map((l) => l.countParams()));
    expect(s.rows.map((r) => r.outputShape)).toEqual(model.layers.map((l) => l.outputShape));
    expect(s.nonTrainableParams).toBe(12);

    const inp = tf.input({ shape: [6, 6, 2] });
    const a = tf.layers.conv2d({ filters: 3, kernelSize: 1 }).apply(inp) as tf.SymbolicTensor;
    const b = tf.layers.conv2d({ filters: 5, kernelSize: 1 }).apply(inp) as tf.SymbolicTensor;
    const cat = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;
    const fn = tf.model({ inputs: inp, outputs: cat });
    const fs = summarize(importKerasModel(fn.toJSON(null, false)).graph);
    expect(fs.rows.at(-1)?.outputShape).toEqual([null, 6, 6, 8]);
    expect(fs.totalParams).toBe(fn.countParams());
  });

  it("refuses Keras 2's and TF.js' hard_sigmoid (another formula than Keras 3's) and keeps Keras 3's", () => {
    const keras3 = {
      ...keras3Sequential,
      config: {
        ...keras3Sequential.config,
        layers: [...keras3Sequential.config.layers.slice(0, -1), dense('dense_1', 10, 'hard_sigmoid')],
      },
    };
    expect(importKerasModel(keras3).graph.nodes.at(-1)?.params.activation).toBe('hard_sigmoid');

    const tfjs = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'hardSigmoid' })] });
    const refused = () => importKerasModel({ format: 'layers-model', modelTopology: tfjs.toJSON(null, false) });
    expect(refused).toThrow(KerasImportError);
    expect(refused).toThrow(
      new RegExp(
        [
          /: activation 'hard_sigmoid' of a Keras 2 or TF.js model is clip\(0.2·x \+ 0.5, 0, 1\), /.source,
          /while Filterbank's \(Keras 3's\) is relu6\(x \+ 3\) \/ 6/.source,
        ].join(''),
      ),
    );

    const keras2 = {
      class_name: 'Sequential',
      keras_version: '2.15.0',
      backend: 'tensorflow',
      config: {
        name: 's',
        layers: [
          {
            class_name: 'Dense',
            config: { name: 'd', batch_input_shape: [null, 4], units: 2, activation: 'hard_sigmoid' },
          },
        ],
      },
    };
    expect(() => importKerasModel(keras2)).toThrow(/^d: activation 'hard_sigmoid' of a Keras 2 or TF.js model/);
  });

  it('names unknown layers and unsupported options instead of dropping them', () => {
    const withLayer = (layer: unknown) => ({ class_name: 'Sequential', config: { name: 's', layers: [input, layer] } });
    const err = (json: unknown) => {
      try {
        importKerasModel(json);
      } catch (e) {
        expect(e).toBeInstanceOf(KerasImportError);
        return (e as Error).message;
      }
      throw new Error('expected an import error');
    };
    expect(err(withLayer(keras3Layer('LSTM', { name: 'lstm', units: 4 })))).toBe(
      "lstm: layer class 'LSTM' is not supported by Filterbank",
    );
    const dilated = conv('conv2d', 8);
    dilated.config.dilation_rate = [2, 2];
    expect(err(withLayer(dilated))).toBe(
      'conv2d: option dilation_rate=[2,2] is not supported (Filterbank supports only dilation_rate=[1,1])',
    );
    const odd = conv('conv2d', 8);
    (odd.config as Record<string, unknown>).fancy_option = true;
    expect(err(withLayer(odd))).toBe("conv2d: option 'fancy_option' of Conv2D is not supported by Filterbank");
    expect(err(withLayer(dense('d', 3, 'mish')))).toBe("d: option activation: unsupported activation 'mish'");
    expect(err({ class_name: 'Sequential', config: { name: 's', layers: [dense('d', 3, 'relu')] } })).toMatch(
      /no input shape/,
    );
    expect(
      err({
        class_name: 'Sequential',
        config: { name: 's', layers: [keras3Layer('InputLayer', { batch_shape: [null, null, null, 3], name: 'i' })] },
      }),
    ).toMatch(/variable dimension/);
    expect(err({ foo: 1 })).toMatch(/no model topology/);
  });
});
