import type { KernelImpl } from '../../../kernels/contracts';
import { formatShape } from '../../../kernels/reference/tensor';
import type { WasmContext, WasmTensor } from '../tensor';
import { ELEMENTWISE_GRAIN } from './bias-add';

const bits = new Int32Array(1);
const asFloat = new Float32Array(bits.buffer);

/** The bit pattern of x as float32: float arguments travel through the thread pool as i32. */
export function f32Bits(x: number): number {
  asFloat[0] = x;
  return bits[0];
}

/** Keras 3 Adam (ε outside the square root), in place, in wasm SIMD. */
export const adamUpdate =
  (ctx: WasmContext): KernelImpl<'AdamUpdate', WasmTensor> =>
  ([variable, m, v, grad], { learningRate, beta1, beta2, epsilon, step }) => {
    for (const [name, slot] of [
      ['m', m],
      ['v', v],
      ['grad', grad],
    ] as const) {
      if (slot.shape.join() !== variable.shape.join()) {
        throw new Error(
          `AdamUpdate: variable ${formatShape(variable.shape)} and ` +
            `${name} ${formatShape(slot.shape)} must have the same shape`,
        );
      }
    }
    if (!(step >= 1)) throw new Error(`AdamUpdate: step must be 1 or more (1-based), got ${step}`);
    const alpha = (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
    const args = [
      variable.ptr,
      m.ptr,
      v.ptr,
      grad.ptr,
      f32Bits(alpha),
      f32Bits(1 - beta1),
      f32Bits(1 - beta2),
      f32Bits(epsilon),
    ];
    ctx.runtime.pool.run('adam_update', args, variable.size, ELEMENTWISE_GRAIN);
    return [variable, m, v];
  };
