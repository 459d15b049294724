import type { KernelAttrs, KernelImpl, KernelInputs, KernelName, KernelOutputs } from '../../kernels/contracts';
import { REFERENCE_KERNELS, type FloatTensor } from '../../kernels/reference';
import type { WasmContext, WasmTensor } from './tensor';

/**
 * Runs a reference kernel on wasm tensors: its inputs are views of wasm memory (no copy), its outputs
 * are copied into new wasm tensors. An output that is one of its inputs (the optimizer updates work in
 * place) was written in wasm memory already and maps back to that input. This gives the webasm backend
 * the whole contract; kernels where the copy or the plain loops cost measurable time get native files.
 */
export function viaReference<K extends KernelName>(ctx: WasmContext, name: K): KernelImpl<K, WasmTensor> {
  const reference = REFERENCE_KERNELS[name] as unknown as (
    inputs: readonly (FloatTensor | null)[],
    attrs: KernelAttrs<K>,
  ) => readonly (FloatTensor | null)[];
  return ((inputs: KernelInputs<K, WasmTensor>, attrs: KernelAttrs<K>) => {
    const wasmInputs = inputs as unknown as readonly (WasmTensor | null)[];
    const views = new Map<FloatTensor, WasmTensor>();
    const floatInputs = wasmInputs.map((t) => {
      if (t === null) return null;
      const view: FloatTensor = { shape: t.shape, values: ctx.values(t) };
      views.set(view, t);
      return view;
    });
    const outputs = reference(floatInputs, attrs).map((out) => {
      if (out === null) return null;
      const input = views.get(out);
      if (input) return input;
      for (const [view, tensor] of views) {
        if (view.values === out.values) return { ...tensor, shape: [...out.shape] };
      }
      return ctx.fromValues(out.shape, out.values);
    });
    return outputs as unknown as KernelOutputs<K, WasmTensor>;
  }) as KernelImpl<K, WasmTensor>;
}
