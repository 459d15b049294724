import { createRng, type Rng } from '../core/rng';
import {
  dispatcher,
  KERNEL_NAMES,
  type Backend,
  type FloatArray,
  type KernelAttrs,
  type KernelName,
} from './contracts';
import { REFERENCE_KERNELS, type FloatTensor } from './reference';

/**
 * Cases for every kernel, to check any backend against the reference (`checkConformance`) and to drive
 * the reference's own gradient checks. The table's type requires at least one case per contract.
 */

type Kind = 'normal' | 'positive' | 'probability' | 'onehot' | 'labels' | 'zeros';

export interface InputSpec {
  shape: number[];
  kind?: Kind;
}

export interface ConformanceCase<K extends KernelName> {
  label: string;
  /** null for an absent optional input (RMSprop slots). */
  inputs: (InputSpec | null)[];
  attrs: KernelAttrs<K>;
  /** Replaces inputs that must be consistent with others (a pool's output, batch statistics). */
  derive?: (inputs: (FloatTensor | null)[]) => (FloatTensor | null)[];
  /** Inputs with a gradient, for kernels that have one. */
  wrt?: number[];
  /**
   * Sized to reach backends' long-sum paths (webgpu splits long
   * sums): backend parity only, too large for finite differences.
   */
  long?: true;
}

const ref = dispatcher(REFERENCE_KERNELS);
const s = (...shape: number[]): InputSpec => ({ shape });
const k = (kind: Kind, ...shape: number[]): InputSpec => ({ shape, kind });
const pool = { poolSize: [3, 2] as const, strides: [2, 1] as const, padding: 'same' as const };
const conv = { strides: [2, 1] as const, padding: 'same' as const };
const adam = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 3 };
const ACTIVATIONS = [
  'relu',
  'relu6',
  'elu',
  'selu',
  'sigmoid',
  'hard_sigmoid',
  'tanh',
  'softplus',
  'softsign',
  'swish',
  'silu',
  'gelu',
  'leaky_relu',
  'exponential',
] as const;

/** Maps input `at` to x·factor + offset: wide inputs reach the kinks (relu6 at 6), tails and overflow-prone ranges. */
const widen =
  (factor: number, at = 0, offset = 0) =>
  (inputs: (FloatTensor | null)[]): (FloatTensor | null)[] =>
    inputs.map((x, i) => {
      if (!x || i !== at) return x;
      const values = x.values.slice();
      for (let j = 0; j < values.length; j++) values[j] = values[j] * factor + offset;
      return { shape: x.shape, values };
    });

/** Class labels shaped [..., 1], which Keras accepts as well as [...]. */
const trailingOne = ([t, ...rest]: (FloatTensor | null)[]): (FloatTensor | null)[] => [
  { shape: [...t!.shape, 1], values: t!.values },
  ...rest,
];

/** ActivationGrad inputs (dy, x, y) with y the reference activation of x (x scaled by `factor`). */
const activationGradCase = (
  activation: (typeof ACTIVATIONS)[number],
  factor: number,
): ConformanceCase<'ActivationGrad'> => ({
  label: factor === 1 ? activation : `${activation}, x ×${factor}`,
  inputs: [s(3, 7), s(3, 7), null],
  attrs: { activation },
  derive: (inputs) => {
    const [dy, x] = widen(factor, 1)(inputs);
    return [dy, x, ref('Activation', [x as FloatTensor], { activation })[0]];
  },
});

const nShapes = (n: number) => Array.from({ length: n }, () => s(2, 3));
const all = (n: number) => Array.from({ length: n }, (_, i) => i);

export const CONFORMANCE_CASES: { [K in KernelName]: ConformanceCase<K>[] } = {
  Conv2D: [
    { label: 'same, strides 2×1', inputs: [s(2, 7, 6, 5), s(3, 2, 5, 4)], attrs: conv, wrt: [0, 1] },
    {
      label: 'valid, strides 1',
      inputs: [s(1, 6, 5, 3), s(2, 3, 3, 2)],
      attrs: { strides: [1, 1], padding: 'valid' },
      wrt: [0, 1],
    },
  ],
  Conv2DBackpropInput: [
    { label: 'same', inputs: [s(2, 4, 6, 4), s(3, 2, 5, 4)], attrs: { ...conv, inputShape: [2, 7, 6, 5] } },
  ],
  Conv2DBackpropFilter: [
    { label: 'same', inputs: [s(2, 7, 6, 5), s(2, 4, 6, 4)], attrs: { ...conv, filterShape: [3, 2, 5, 4] } },
    // 60 output rows: backends that split the sum over rows into chunks (webgpu) take several, unevenly.
    {
      label: 'valid, many output rows',
      inputs: [s(3, 22, 9, 3), s(3, 20, 7, 4)],
      attrs: { strides: [1, 1], padding: 'valid', filterShape: [3, 3, 3, 4] },
    },
  ],
  MatMul: [
    { label: 'plain', inputs: [s(5, 6), s(6, 7)], attrs: { transposeA: false, transposeB: false }, wrt: [0, 1] },
    {
      label: 'both transposed',
      inputs: [s(6, 5), s(7, 6)],
      attrs: { transposeA: true, transposeB: true },
      wrt: [0, 1],
    },
  ],
  BiasAdd: [{ label: 'rank 4', inputs: [s(2, 3, 3, 4), s(4)], attrs: {}, wrt: [0, 1] }],
  // The long cases make backends that split long sums over several workgroups (webgpu) take that path.
  BiasAddGrad: [
    { label: 'rank 4', inputs: [s(2, 3, 3, 4)], attrs: {} },
    { label: '4,608 rows', inputs: [s(2, 48, 48, 3)], attrs: {}, long: true },
  ],
  MaxPool: [{ label: 'same 3×2 / 2×1', inputs: [s(2, 5, 6, 3)], attrs: pool, wrt: [0] }],
  MaxPoolGrad: [
    {
      label: 'same 3×2 / 2×1',
      inputs: [s(2, 3, 6, 3), s(2, 5, 6, 3), null],
      attrs: pool,
      derive: ([dy, x]) => [dy, x, ref('MaxPool', [x as FloatTensor], pool)[0]],
    },
  ],
  AvgPool: [{ label: 'same 3×2 / 2×1', inputs: [s(2, 5, 6, 3)], attrs: pool, wrt: [0] }],
  AvgPoolGrad: [{ label: 'same 3×2 / 2×1', inputs: [s(2, 3, 6, 3)], attrs: { ...pool, inputShape: [2, 5, 6, 3] } }],
  GlobalAvgPool: [
    { label: 'NHWC', inputs: [s(2, 3, 4, 5)], attrs: {}, wrt: [0] },
    { label: '4,900 cells per channel', inputs: [s(2, 70, 70, 3)], attrs: {}, long: true },
  ],
  GlobalAvgPoolGrad: [{ label: 'NHWC', inputs: [s(2, 5)], attrs: { inputShape: [2, 3, 4, 5] } }],
  GlobalMaxPool: [{ label: 'NHWC', inputs: [s(2, 3, 4, 5)], attrs: {}, wrt: [0] }],
  GlobalMaxPoolGrad: [
    {
      label: 'NHWC',
      inputs: [s(2, 5), s(2, 3, 4, 5), null],
      attrs: {},
      derive: ([dy, x]) => [dy, x, ref('GlobalMaxPool', [x as FloatTensor], {})[0]],
    },
  ],
  Pad2D: [{ label: 'uneven', inputs: [s(2, 3, 4, 2)], attrs: { top: 1, bottom: 2, left: 0, right: 1 }, wrt: [0] }],
  Slice: [{ label: 'rank 4', inputs: [s(3, 4, 5, 2)], attrs: { begin: [1, 0, 2, 1], size: [2, 3, 3, 1] } }],
  Reshape: [{ label: 'flatten', inputs: [s(2, 3, 4)], attrs: { shape: [2, 12] }, wrt: [0] }],
  Concat: [{ label: 'axis 1 of 3', inputs: [s(2, 3, 2), s(2, 1, 2), s(2, 2, 2)], attrs: { axis: 1 }, wrt: [0, 1, 2] }],
  Activation: ACTIVATIONS.flatMap((activation) => [
    { label: activation, inputs: [s(3, 7)], attrs: { activation }, wrt: [0] },
    { label: `${activation}, x ×4`, inputs: [s(3, 7)], attrs: { activation }, derive: widen(4), wrt: [0] },
  ]),
  ActivationGrad: ACTIVATIONS.flatMap((activation) => [
    activationGradCase(activation, 1),
    activationGradCase(activation, 4),
  ]),
  Softmax: [
    { label: 'rank 3', inputs: [s(2, 3, 5)], attrs: {}, wrt: [0] },
    {
      label: 'logits + 100 (exp overflows unless the row maximum is subtracted)',
      inputs: [s(3, 4)],
      attrs: {},
      derive: widen(1, 0, 100),
      wrt: [0],
    },
  ],
  SoftmaxGrad: [
    {
      label: 'rank 2',
      inputs: [s(3, 5), s(3, 5)],
      attrs: {},
      derive: ([dy, z]) => [dy, ref('Softmax', [z as FloatTensor], {})[0]],
    },
  ],
  Scale: [{ label: 'affine', inputs: [s(3, 4)], attrs: { factor: 1 / 255, offset: -0.5 }, wrt: [0] }],
  AddN: [1, 3, 9, 16].map((n) => ({ label: `${n} inputs`, inputs: nShapes(n), attrs: {}, wrt: all(n) })),
  Multiply: [1, 3, 9, 16].map((n) => ({ label: `${n} inputs`, inputs: nShapes(n), attrs: {}, wrt: all(n) })),
  BatchNorm: [
    {
      label: 'rank 4',
      inputs: [s(2, 3, 2, 4), s(4), k('positive', 4), s(4), s(4)],
      attrs: { epsilon: 1e-3 },
      wrt: [0, 3, 4],
    },
  ],
  BatchNormGrad: [
    { label: 'rank 4', inputs: [s(2, 3, 2, 4), s(2, 3, 2, 4), s(4), k('positive', 4), s(4)], attrs: { epsilon: 1e-3 } },
    {
      label: '6,400 values per channel',
      inputs: [s(4, 40, 40, 2), s(4, 40, 40, 2), s(2), k('positive', 2), s(2)],
      attrs: { epsilon: 1e-3 },
      long: true,
    },
  ],
  BatchNormTrain: [
    { label: 'rank 4', inputs: [s(3, 3, 2, 4), s(4), s(4)], attrs: { epsilon: 1e-3 }, wrt: [0, 1, 2] },
    { label: '100 values per channel', inputs: [s(5, 4, 5, 3), s(3), s(3)], attrs: { epsilon: 1e-3 }, wrt: [0, 1, 2] },
    { label: '6,400 values per channel', inputs: [s(4, 40, 40, 2), s(2), s(2)], attrs: { epsilon: 1e-3 }, long: true },
  ],
  BatchNormTrainGrad: [
    {
      label: 'rank 4',
      inputs: [s(3, 3, 2, 4), s(3, 3, 2, 4), s(4), null, null],
      attrs: { epsilon: 1e-3 },
      derive: ([dy, x, gamma]) => {
        const [, mean, variance] = ref(
          'BatchNormTrain',
          [x as FloatTensor, gamma as FloatTensor, gamma as FloatTensor],
          { epsilon: 1e-3 },
        );
        return [dy, x, gamma, mean, variance];
      },
    },
    {
      label: '6,400 values per channel',
      inputs: [s(4, 40, 40, 2), s(4, 40, 40, 2), s(2), null, null],
      attrs: { epsilon: 1e-3 },
      long: true,
      derive: ([dy, x, gamma]) => {
        const [, mean, variance] = ref(
          'BatchNormTrain',
          [x as FloatTensor, gamma as FloatTensor, gamma as FloatTensor],
          { epsilon: 1e-3 },
        );
        return [dy, x, gamma, mean, variance];
      },
    },
  ],
  MovingAverage: [{ label: 'vector', inputs: [s(6), s(6)], attrs: { momentum: 0.99 } }],
  CategoricalCrossentropy: [
    { label: 'logits', inputs: [k('onehot', 4, 5), s(4, 5)], attrs: { fromLogits: true }, wrt: [1] },
    {
      label: 'large logits',
      inputs: [k('onehot', 4, 5), s(4, 5)],
      attrs: { fromLogits: true },
      derive: widen(40, 1),
      wrt: [1],
    },
    {
      label: 'probabilities',
      inputs: [k('onehot', 4, 5), k('probability', 4, 5)],
      attrs: { fromLogits: false },
      wrt: [1],
    },
  ],
  CategoricalCrossentropyGrad: [
    { label: 'probabilities', inputs: [s(4), k('onehot', 4, 5), k('probability', 4, 5)], attrs: { fromLogits: false } },
    { label: 'logits', inputs: [s(4), k('onehot', 4, 5), s(4, 5)], attrs: { fromLogits: true } },
  ],
  SparseCategoricalCrossentropy: [
    { label: 'logits', inputs: [k('labels', 4, 5), s(4, 5)], attrs: { fromLogits: true }, wrt: [1] },
    {
      label: 'probabilities',
      inputs: [k('labels', 4, 5), k('probability', 4, 5)],
      attrs: { fromLogits: false },
      wrt: [1],
    },
    {
      label: 'labels [n, 1]',
      inputs: [k('labels', 4, 5), s(4, 5)],
      attrs: { fromLogits: true },
      derive: trailingOne,
      wrt: [1],
    },
  ],
  SparseCategoricalCrossentropyGrad: [
    { label: 'logits', inputs: [s(4), k('labels', 4, 5), s(4, 5)], attrs: { fromLogits: true } },
    { label: 'probabilities', inputs: [s(4), k('labels', 4, 5), k('probability', 4, 5)], attrs: { fromLogits: false } },
  ],
  BinaryCrossentropy: [
    { label: 'logits', inputs: [k('probability', 4, 3), s(4, 3)], attrs: { fromLogits: true }, wrt: [1] },
    {
      label: 'large logits',
      inputs: [k('probability', 4, 3), s(4, 3)],
      attrs: { fromLogits: true },
      derive: widen(40, 1),
      wrt: [1],
    },
    {
      label: 'probabilities',
      inputs: [k('probability', 4, 3), k('probability', 4, 3)],
      attrs: { fromLogits: false },
      wrt: [1],
    },
  ],
  BinaryCrossentropyGrad: [
    {
      label: 'probabilities',
      inputs: [s(4), k('probability', 4, 3), k('probability', 4, 3)],
      attrs: { fromLogits: false },
    },
    { label: 'logits', inputs: [s(4), k('probability', 4, 3), s(4, 3)], attrs: { fromLogits: true } },
  ],
  MeanSquaredError: [{ label: 'rank 3', inputs: [s(2, 3, 4), s(2, 3, 4)], attrs: {}, wrt: [1] }],
  MeanSquaredErrorGrad: [{ label: 'rank 3', inputs: [s(2, 3), s(2, 3, 4), s(2, 3, 4)], attrs: {} }],
  Mean: [
    { label: 'rank 2', inputs: [s(3, 4)], attrs: {}, wrt: [0] },
    { label: '231 values', inputs: [s(7, 33)], attrs: {}, wrt: [0] },
    { label: '9,000 values', inputs: [s(100, 90)], attrs: {}, long: true },
  ],
  MeanGrad: [{ label: 'to rank 2', inputs: [s()], attrs: { inputShape: [3, 4] } }],
  SGDUpdate: [{ label: 'vector', inputs: [s(5), s(5)], attrs: { learningRate: 0.1 } }],
  MomentumUpdate: [
    { label: 'momentum', inputs: [s(5), s(5), s(5)], attrs: { learningRate: 0.1, momentum: 0.9, nesterov: false } },
    { label: 'nesterov', inputs: [s(5), s(5), s(5)], attrs: { learningRate: 0.1, momentum: 0.9, nesterov: true } },
  ],
  AdamUpdate: [
    { label: 'step 3', inputs: [s(5), s(5), k('positive', 5), s(5)], attrs: adam },
    { label: 'step 1', inputs: [s(5), k('zeros', 5), k('zeros', 5), s(5)], attrs: { ...adam, step: 1 } },
  ],
  RMSpropUpdate: [
    {
      label: 'plain',
      inputs: [s(5), k('positive', 5), null, null, s(5)],
      attrs: { learningRate: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false },
    },
    {
      label: 'centered with momentum',
      inputs: [s(5), k('positive', 5), s(5), k('zeros', 5), s(5)],
      attrs: { learningRate: 0.01, rho: 0.9, momentum: 0.5, epsilon: 1e-7, centered: true },
    },
    {
      label: 'centered',
      inputs: [s(5), k('positive', 5), null, k('zeros', 5), s(5)],
      attrs: { learningRate: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: true },
    },
    {
      label: 'momentum',
      inputs: [s(5), k('positive', 5), s(5), null, s(5)],
      attrs: { learningRate: 0.01, rho: 0.9, momentum: 0.5, epsilon: 1e-7, centered: false },
    },
  ],
};

function fill(rng: Rng, spec: InputSpec, values: FloatArray): void {
  const classes = spec.shape[spec.shape.length - 1];
  switch (spec.kind ?? 'normal') {
    case 'normal':
      for (let i = 0; i < values.length; i++) values[i] = rng.normal();
      break;
    case 'positive':
      for (let i = 0; i < values.length; i++) values[i] = rng.uniformRange(0.3, 2);
      break;
    case 'probability':
      for (let i = 0; i < values.length; i++) values[i] = rng.uniformRange(0.05, 0.95);
      break;
    case 'onehot':
      for (let r = 0; r < values.length; r += classes) values[r + rng.integer(0, classes)] = 1;
      break;
    case 'labels':
      break; // filled by makeCaseInputs: the shape drops the class axis
    case 'zeros':
      break;
  }
}

/** The case's inputs in the given precision, reproducible from `seed`. */
export function makeCaseInputs<K extends KernelName>(
  c: ConformanceCase<K>,
  dtype: 'float32' | 'float64',
  seed = 1,
): (FloatTensor | null)[] {
  const rng = createRng(seed);
  const inputs = c.inputs.map((spec) => {
    if (!spec) return null;
    const shape = spec.kind === 'labels' ? spec.shape.slice(0, -1) : spec.shape;
    const n = shape.reduce((a, b) => a * b, 1);
    const values = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
    if (spec.kind === 'labels')
      for (let i = 0; i < n; i++) values[i] = rng.integer(0, spec.shape[spec.shape.length - 1]);
    else fill(rng, spec, values);
    return { shape, values };
  });
  return c.derive ? c.derive(inputs) : inputs;
}

export interface ConformanceResult {
  kernel: KernelName;
  label: string;
  /** Norm-based relative error of each output against the reference (0 for absent outputs). */
  errors: number[];
}

/**
 * Runs every case on `backend` and on the reference (float32 inputs, fresh copies for each run since
 * optimizer updates work in place) and reports the relative error of every output.
 */
export function checkConformance<T>(
  backend: Backend<T>,
  kernels: readonly KernelName[] = KERNEL_NAMES,
): ConformanceResult[] {
  const run = dispatcher(backend.kernels);
  const results: ConformanceResult[] = [];
  for (const name of kernels) {
    for (const c of CONFORMANCE_CASES[name] as ConformanceCase<KernelName>[]) {
      const expected = ref(
        name,
        makeCaseInputs(c, 'float32') as never,
        c.attrs as never,
      ) as unknown as (FloatTensor | null)[];
      const inputs = makeCaseInputs(c, 'float32').map((x) => (x ? backend.fromValues(x.shape, x.values) : null));
      const actual = run(name, inputs as never, c.attrs as never) as unknown as (T | null)[];
      const errors = expected.map((e, i) => {
        const a = actual[i];
        if (!e || a === null || a === undefined) return e === null && (a === null || a === undefined) ? 0 : Infinity;
        if (backend.shapeOf(a).join() !== e.shape.join()) return Infinity;
        return relativeError(backend.toValues(a), e.values);
      });
      results.push({ kernel: name, label: c.label, errors });
    }
  }
  return results;
}

/**
 * ‖actual − expected‖₂ / max(‖expected‖₂, floor): relative to
 * the expected values' size, so tiny entries do not dominate.
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-6): number {
  if (actual.length !== expected.length) return Infinity;
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i] - expected[i]) ** 2;
    norm += expected[i] ** 2;
  }
  if (Number.isNaN(diff)) return Infinity;
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), floor);
}
