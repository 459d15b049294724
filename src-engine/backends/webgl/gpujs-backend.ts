import type { GPU, IGPUKernelSettings, IKernelRunShortcut, KernelFunction, Texture } from 'gpu.js';
import {
  KERNEL_NAMES,
  type Backend,
  type KernelImpl,
  type KernelImpls,
  type KernelName,
} from '../../kernels/contracts';
import { REFERENCE_KERNELS, type FloatTensor } from '../../kernels/reference';
import { poolWindow, window2d, type Window2D } from '../../kernels/reference/conv-geometry';
import { sparseLabels } from '../../kernels/reference/loss-util';
import { formatShape } from '../../kernels/reference/tensor';
import * as K from './gpujs-kernels';

/**
 * A tensor of the gpu.js backend: host values, a texture a GL kernel left on the GPU, or both. A kernel's
 * output stays a texture and is passed as a texture to the next GL kernel; the values are read back only
 * when host code asks for them (a reference kernel, the loss, the engine). Once read, the host copy is
 * the tensor's truth: host code may change it in place (optimizer updates, loaded weights), so later
 * kernels upload it instead of using the texture.
 */
export class GlTensor implements FloatTensor {
  private host: Float32Array | null;
  private texture: Texture | null;

  constructor(
    readonly shape: readonly number[],
    source: Float32Array | Texture,
    private readonly onRead: () => void = () => undefined,
  ) {
    this.host = source instanceof Float32Array ? source : null;
    this.texture = source instanceof Float32Array ? null : source;
  }

  get values(): Float32Array {
    if (!this.host) {
      if (!this.texture) throw new Error(`a GPU tensor [${this.shape.join(', ')}] was read after its step released it`);
      this.host = Float32Array.from(this.texture.toArray() as Float32Array);
      this.onRead();
    }
    return this.host;
  }

  /** The texture a GL kernel can take as it is: only while the host never read (so never changed) the values. */
  get resident(): Texture | null {
    return this.host ? null : this.texture;
  }

  /** Takes new values from a kernel (an in-place update); the old texture is freed. */
  replace(source: Float32Array | Texture): void {
    if (this.texture && this.texture !== source) this.texture.delete();
    this.host = source instanceof Float32Array ? source : null;
    this.texture = source instanceof Float32Array ? null : source;
  }

  /** Frees the texture; the tensor keeps its host values if they were read. */
  release(): void {
    this.texture?.delete();
    this.texture = null;
  }
}

/**
 * The CNN's training kernels as gpu.js kernels (GLSL on headlessgl), one compiled kernel per shape and
 * argument kind, cached; every other kernel of the contract runs the reference on host values. Outputs
 * stay on the GPU as textures (pipeline mode) until host code reads them, and Adam keeps its moments and
 * the updated weights as textures, so a step of the tutorial CNN uploads the batch and reads back little
 * more than the loss. Textures made inside `memory.scoped` are freed when the scope ends.
 */
export interface GpujsBackend extends Backend<FloatTensor> {
  /** Kernels compiled so far (one per kernel and shape). */
  readonly compiled: number;
  /**
   * The gpu.js kernel classes that actually ran ('HeadlessGLKernel'; 'CPUKernel' where gpu.js fell back),
   * so a caller can check that the backend it asked for is the one that computed.
   */
  readonly kernelClasses: ReadonlySet<string>;
  /** Kernels with a gpu.js implementation; the others run the reference. */
  readonly nativeKernels: readonly KernelName[];
  /** Scopes for the kernel engine: textures made in a scope are freed at its end. */
  readonly memory: { scoped<R>(f: () => R): R; persistently<R>(f: () => R): R };
  /** Kernel launches, texture read-backs and host uploads so far (an argument given as host values is an upload). */
  readonly transfers: { readBacks: number; uploads: number; launches: number };
}

type Source = (...args: never[]) => number;
type Argument = Float32Array | Texture;

function constantsOf(g: Window2D, cout: number): K.WindowConstants {
  return {
    inH: g.inH,
    inW: g.inW,
    cin: g.channels,
    kH: g.kH,
    kW: g.kW,
    strideH: g.strideH,
    strideW: g.strideW,
    padTop: g.padTop,
    padLeft: g.padLeft,
    outH: g.outH,
    outW: g.outW,
    cout,
    batch: g.batch,
  };
}

export function createGpujsBackend(gpu: GPU): GpujsBackend {
  const cache = new Map<string, IKernelRunShortcut>();
  const kernelClasses = new Set<string>();
  const transfers = { readBacks: 0, uploads: 0, launches: 0 };
  const scopes: GlTensor[][] = [];
  let persistent = 0;
  const counted = () => void transfers.readBacks++;

  /** A kernel's output; a texture made inside a scope is freed when the scope ends. */
  const make = (shape: readonly number[], source: Argument): GlTensor => {
    const t = new GlTensor(shape, source, counted);
    if (persistent === 0 && scopes.length && !(source instanceof Float32Array)) scopes[scopes.length - 1].push(t);
    return t;
  };
  /** A kernel argument: a resident texture as it is, anything else as float32 host values. */
  const f32 = (t: FloatTensor): Argument => {
    if (t instanceof GlTensor) {
      const resident = t.resident;
      if (resident) return resident;
    }
    transfers.uploads++;
    return t.values instanceof Float32Array ? t.values : Float32Array.from(t.values);
  };
  const kindOf = (a: Argument) => (a instanceof Float32Array ? `a${a.length}` : 't');

  /** Runs `source` over `size` threads with `constants`; `loops` bounds the longest loop inside. */
  const run = (
    name: string,
    source: Source,
    size: number,
    constants: object,
    loops: number,
    args: Argument[],
  ): Argument => {
    if (size === 0) return new Float32Array(0);
    const key = `${name}:${size}:${JSON.stringify(constants)}:${args.map(kindOf).join(',')}`;
    let kernel = cache.get(key);
    if (!kernel) {
      const settings = {
        output: [size],
        constants,
        loopMaxIterations: Math.max(1, loops),
        precision: 'single',
        tactic: 'precision',
        pipeline: true,
        immutable: true,
      };
      kernel = gpu.createKernel(
        source as unknown as KernelFunction,
        settings as IGPUKernelSettings,
      ) as IKernelRunShortcut;
      cache.set(key, kernel);
    }
    const out = (kernel as unknown as (...a: Argument[]) => Argument | number[])(...args);
    transfers.launches++;
    const kernelClass = (kernel as unknown as { kernel?: { constructor?: { name?: string } } }).kernel?.constructor
      ?.name;
    if (kernelClass) kernelClasses.add(kernelClass);
    // gpu.js' cpu mode returns arrays even in pipeline mode.
    return out instanceof Float32Array || Array.isArray(out) ? Float32Array.from(out as ArrayLike<number>) : out;
  };
  const size = (t: FloatTensor) => t.shape.reduce((a, b) => a * b, 1);
  /** An in-place update: a GlTensor takes the kernel's output as it is; a plain tensor gets the values. */
  const assign = (t: FloatTensor, out: Argument) => {
    if (t instanceof GlTensor) t.replace(out);
    else (t.values as Float32Array).set(out instanceof Float32Array ? out : (out.toArray() as Float32Array));
  };

  const matMul: KernelImpl<'MatMul', FloatTensor> = ([a, b], { transposeA, transposeB }) => {
    if (a.shape.length !== 2 || b.shape.length !== 2)
      throw new Error(`MatMul: a and b must have rank 2, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
    const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : a.shape;
    const [kb, n] = transposeB ? [b.shape[1], b.shape[0]] : b.shape;
    if (k !== kb)
      throw new Error(`MatMul: inner dimensions differ: a ${formatShape(a.shape)} × b ${formatShape(b.shape)}`);
    const source = transposeA ? (transposeB ? K.matMulTT : K.matMulTN) : transposeB ? K.matMulNT : K.matMulNN;
    if (k === 0) return [make([m, n], new Float32Array(m * n))];
    return [
      make(
        [m, n],
        run('matMul' + Number(transposeA) + Number(transposeB), source, m * n, { m, n, k }, k, [f32(a), f32(b)]),
      ),
    ];
  };

  const conv2d: KernelImpl<'Conv2D', FloatTensor> = ([x, filter], attrs) => {
    const [kH, kW, cin, cout] = filter.shape;
    const g = window2d('Conv2D', x.shape, kH, kW, attrs);
    if (cin !== g.channels)
      throw new Error(
        `Conv2D: filter ${formatShape(filter.shape)} expects ${cin} ` +
          `input channels, input ${formatShape(x.shape)} has ${g.channels}`,
      );
    const out = run(
      'conv2d',
      K.conv2dForward,
      g.batch * g.outH * g.outW * cout,
      constantsOf(g, cout),
      Math.max(kH, kW, cin),
      [f32(x), f32(filter)],
    );
    return [make([g.batch, g.outH, g.outW, cout], out)];
  };

  const conv2dBackpropInput: KernelImpl<'Conv2DBackpropInput', FloatTensor> = ([dy, filter], attrs) => {
    const [kH, kW, cin, cout] = filter.shape;
    const g = window2d('Conv2DBackpropInput', attrs.inputShape, kH, kW, attrs);
    if (dy.shape.join() !== [g.batch, g.outH, g.outW, cout].join())
      throw new Error(`Conv2DBackpropInput: dy ${formatShape(dy.shape)} does not fit the filter and input shape`);
    const out = run(
      'conv2dBackpropInput',
      K.conv2dBackpropInput,
      g.batch * g.inH * g.inW * cin,
      constantsOf(g, cout),
      Math.max(kH, kW, cout),
      [f32(dy), f32(filter)],
    );
    return [make(attrs.inputShape, out)];
  };

  const conv2dBackpropFilter: KernelImpl<'Conv2DBackpropFilter', FloatTensor> = ([x, dy], attrs) => {
    const [kH, kW, cin, cout] = attrs.filterShape;
    const g = window2d('Conv2DBackpropFilter', x.shape, kH, kW, attrs);
    if (dy.shape.join() !== [g.batch, g.outH, g.outW, cout].join())
      throw new Error(`Conv2DBackpropFilter: dy ${formatShape(dy.shape)} does not fit the filter and input shape`);
    const out = run(
      'conv2dBackpropFilter',
      K.conv2dBackpropFilter,
      kH * kW * cin * cout,
      constantsOf(g, cout),
      Math.max(g.batch, g.outH, g.outW),
      [f32(x), f32(dy)],
    );
    return [make(attrs.filterShape, out)];
  };

  const channels = (x: FloatTensor) => x.shape[x.shape.length - 1];

  const biasAdd: KernelImpl<'BiasAdd', FloatTensor> = ([x, bias]) => {
    const c = channels(x);
    if (bias.shape.length !== 1 || bias.shape[0] !== c)
      throw new Error(`BiasAdd: bias must have shape [${c}], got ${formatShape(bias.shape)}`);
    return [make(x.shape, run('biasAdd', K.biasAdd, size(x), { c, rows: size(x) / c }, 1, [f32(x), f32(bias)]))];
  };

  const biasAddGrad: KernelImpl<'BiasAddGrad', FloatTensor> = ([dy]) => {
    const c = channels(dy);
    const rows = size(dy) / c;
    return [make([c], run('biasAddGrad', K.biasAddGrad, c, { c, rows }, rows, [f32(dy)]))];
  };

  const maxPool: KernelImpl<'MaxPool', FloatTensor> = ([x], attrs) => {
    const g = poolWindow('MaxPool', x.shape, attrs);
    const out = run(
      'maxPool',
      K.maxPool,
      g.batch * g.outH * g.outW * g.channels,
      constantsOf(g, g.channels),
      Math.max(g.kH, g.kW),
      [f32(x)],
    );
    return [make([g.batch, g.outH, g.outW, g.channels], out)];
  };

  const maxPoolGrad: KernelImpl<'MaxPoolGrad', FloatTensor> = ([dy, x], attrs) => {
    const g = poolWindow('MaxPoolGrad', x.shape, attrs);
    if (dy.shape.join() !== [g.batch, g.outH, g.outW, g.channels].join())
      throw new Error(
        `MaxPoolGrad: dy ${formatShape(dy.shape)} does not match the pooled shape of ${formatShape(x.shape)}`,
      );
    const out = run(
      'maxPoolGrad',
      K.maxPoolGrad,
      size(x),
      constantsOf(g, g.channels),
      Math.max(g.outH, g.outW, g.kH, g.kW),
      [f32(dy), f32(x)],
    );
    return [make(x.shape, out)];
  };

  const reference = REFERENCE_KERNELS;
  const activation: KernelImpl<'Activation', FloatTensor> = (inputs, attrs) => {
    if (attrs.activation !== 'relu') return reference.Activation(inputs, attrs);
    const [x] = inputs;
    return [make(x.shape, run('relu', K.relu, size(x), {}, 1, [f32(x)]))];
  };

  const activationGrad: KernelImpl<'ActivationGrad', FloatTensor> = (inputs, attrs) => {
    if (attrs.activation !== 'relu') return reference.ActivationGrad(inputs, attrs);
    const [dy, x] = inputs;
    return [make(dy.shape, run('reluGrad', K.reluGrad, size(dy), {}, 1, [f32(dy), f32(x)]))];
  };

  const sparseXent: KernelImpl<'SparseCategoricalCrossentropy', FloatTensor> = (inputs, attrs) => {
    if (!attrs.fromLogits) return reference.SparseCategoricalCrossentropy(inputs, attrs);
    const [target, logits] = inputs;
    const labels = Float32Array.from(sparseLabels('SparseCategoricalCrossentropy', target, logits));
    const classes = channels(logits);
    return [
      make(
        logits.shape.slice(0, -1),
        run('sparseXent', K.sparseSoftmaxCrossentropy, labels.length, { classes }, classes, [labels, f32(logits)]),
      ),
    ];
  };

  const sparseXentGrad: KernelImpl<'SparseCategoricalCrossentropyGrad', FloatTensor> = (inputs, attrs) => {
    if (!attrs.fromLogits) return reference.SparseCategoricalCrossentropyGrad(inputs, attrs);
    const [dloss, target, logits] = inputs;
    const labels = Float32Array.from(sparseLabels('SparseCategoricalCrossentropyGrad', target, logits));
    const classes = channels(logits);
    return [
      make(
        logits.shape,
        run('sparseXentGrad', K.sparseSoftmaxCrossentropyGrad, size(logits), { classes }, classes, [
          f32(dloss),
          labels,
          f32(logits),
        ]),
      ),
    ];
  };

  /** In place, as the reference: the three tensors passed in come back updated. */
  const adamUpdate: KernelImpl<'AdamUpdate', FloatTensor> = (
    [variable, m, v, grad],
    { learningRate, beta1, beta2, epsilon, step },
  ) => {
    for (const [name, t] of [
      ['m', m],
      ['v', v],
      ['grad', grad],
    ] as const) {
      if (t.shape.join() !== variable.shape.join())
        throw new Error(
          `AdamUpdate: variable ${formatShape(variable.shape)} and ` +
            `${name} ${formatShape(t.shape)} must have the same shape`,
        );
    }
    if (!(step >= 1)) throw new Error(`AdamUpdate: step must be 1 or more (1-based), got ${step}`);
    const constants: K.AdamConstants = {
      alpha: (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step),
      oneMinusBeta1: 1 - beta1,
      oneMinusBeta2: 1 - beta2,
      epsilon,
    };
    const n = size(variable);
    const g = f32(grad);
    const m1 = run('adamM', K.adamFirstMoment, n, constants, 1, [f32(m), g]);
    const v1 = run('adamV', K.adamSecondMoment, n, constants, 1, [f32(v), g]);
    const x1 = run('adamX', K.adamVariable, n, constants, 1, [f32(variable), m1, v1]);
    // The moments and the weight stay on the GPU; the old textures are freed.
    assign(m, m1);
    assign(v, v1);
    assign(variable, x1);
    return [variable, m, v];
  };

  /** A view: a resident texture stays on the GPU under the new shape. */
  const reshape: KernelImpl<'Reshape', FloatTensor> = (inputs, attrs) => {
    const [x] = inputs;
    if (!(x instanceof GlTensor) || !x.resident) return reference.Reshape(inputs, attrs);
    if (attrs.shape.reduce((a, b) => a * b, 1) !== size(x)) return reference.Reshape(inputs, attrs);
    return [make(attrs.shape, x.resident)];
  };

  const native: { [N in KernelName]?: KernelImpl<N, FloatTensor> } = {
    Reshape: reshape,
    MatMul: matMul,
    Conv2D: conv2d,
    Conv2DBackpropInput: conv2dBackpropInput,
    Conv2DBackpropFilter: conv2dBackpropFilter,
    BiasAdd: biasAdd,
    BiasAddGrad: biasAddGrad,
    MaxPool: maxPool,
    MaxPoolGrad: maxPoolGrad,
    Activation: activation,
    ActivationGrad: activationGrad,
    SparseCategoricalCrossentropy: sparseXent,
    SparseCategoricalCrossentropyGrad: sparseXentGrad,
    AdamUpdate: adamUpdate,
  };
  const kernels = Object.fromEntries(
    KERNEL_NAMES.map((name) => [name, native[name] ?? reference[name]]),
  ) as unknown as KernelImpls<FloatTensor>;
  return {
    // The name users and `createEngine` know it by; gpu.js' cpu mode (tests) stays distinct from the reference.
    name: gpu.mode === 'headlessgl' ? 'headlessgl' : `gpujs-${gpu.mode}`,
    kernels,
    get compiled() {
      return cache.size;
    },
    kernelClasses,
    nativeKernels: Object.keys(native) as KernelName[],
    shapeOf: (x) => x.shape,
    fromValues: (shape, values) =>
      new GlTensor(shape, values instanceof Float32Array ? values : Float32Array.from(values), counted),
    toValues: (x) => x.values,
    transfers,
    memory: {
      scoped<R>(f: () => R): R {
        scopes.push([]);
        try {
          return f();
        } finally {
          for (const t of scopes.pop()!) t.release();
        }
      },
      persistently<R>(f: () => R): R {
        persistent++;
        try {
          return f();
        } finally {
          persistent--;
        }
      },
    },
  };
}
