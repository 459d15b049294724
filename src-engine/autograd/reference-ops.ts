import type { Tensor } from '../core/tensor';
import type { Backend } from '../kernels/contracts';
import { referenceBackend, type FloatTensor } from '../kernels/reference';
import { createOps, type EngineOps, type OpsOptions } from './engine-ops';

/**
 * The plain-TypeScript engine: float32 `Tensor`s for training, or float64 tensors (`dtype: 'float64'`)
 * for gradient checks. Kernels allocate outputs with their first input's precision, so a float32
 * context stays float32 as long as the tensors given to it are.
 */
export function createReferenceOps(options?: OpsOptions & { dtype?: 'float32' }): EngineOps<Tensor>;
export function createReferenceOps(options: OpsOptions & { dtype: 'float64' }): EngineOps<FloatTensor>;
export function createReferenceOps(options: OpsOptions = {}): EngineOps<Tensor> | EngineOps<FloatTensor> {
  if (options.dtype === 'float64') return createOps(referenceBackend, options);
  return createOps(referenceBackend as unknown as Backend<Tensor>, options);
}
