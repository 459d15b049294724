import { KERNEL_NAMES, type Backend, type KernelImpls, type KernelName } from '../../kernels/contracts';
import type { WasmRuntime } from './wasm-runtime';
import { activation } from './kernels/activation';
import { activationGrad } from './kernels/activation-grad';
import { adamUpdate } from './kernels/adam-update';
import { biasAdd } from './kernels/bias-add';
import { biasAddGrad } from './kernels/bias-add-grad';
import { conv2d } from './kernels/conv2d';
import { conv2dBackpropFilter } from './kernels/conv2d-backprop-filter';
import { conv2dBackpropInput } from './kernels/conv2d-backprop-input';
import { matMul } from './kernels/mat-mul';
import { maxPool } from './kernels/max-pool';
import { maxPoolGrad } from './kernels/max-pool-grad';
import { createWasmContext, type WasmContext, type WasmTensor } from './tensor';
import { viaReference } from './via-reference';

type NativeFactories = { [K in KernelName]?: (ctx: WasmContext) => KernelImpls<WasmTensor>[K] };

/** Kernels with a webasm implementation of their own; the one registration list. */
const NATIVE: NativeFactories = {
  Conv2D: conv2d,
  Conv2DBackpropInput: conv2dBackpropInput,
  Conv2DBackpropFilter: conv2dBackpropFilter,
  MatMul: matMul,
  BiasAdd: biasAdd,
  BiasAddGrad: biasAddGrad,
  MaxPool: maxPool,
  MaxPoolGrad: maxPoolGrad,
  Activation: activation,
  ActivationGrad: activationGrad,
  AdamUpdate: adamUpdate,
};

export const NATIVE_WEBASM_KERNELS = Object.keys(NATIVE) as KernelName[];

export interface WasmBackend extends Backend<WasmTensor> {
  readonly context: WasmContext;
}

/** The webasm backend: wasm SIMD kernels on the runtime's threads, the reference kernels for the rest. */
export function createWasmBackend(runtime: WasmRuntime): WasmBackend {
  const context = createWasmContext(runtime);
  const kernels = Object.fromEntries(
    KERNEL_NAMES.map((name) => [
      name,
      NATIVE[name] ? (NATIVE[name] as (c: WasmContext) => unknown)(context) : viaReference(context, name),
    ]),
  ) as unknown as KernelImpls<WasmTensor>;
  return {
    name: 'webasm',
    context,
    kernels,
    shapeOf: (x) => x.shape,
    fromValues: (shape, values) => context.fromValues(shape, values),
    toValues: (x) => context.values(x),
  };
}
