import type { Tensor } from '../core/tensor';
import type { Backend } from '../kernels/contracts';
import { referenceBackend } from '../kernels/reference';
import type { EngineConfig, TrainingEngine } from './engine';
import { createKernelEngine } from './kernel-engine';

/**
 * The plain-TypeScript engine: the numerical oracle and the always-available fallback. It is the kernel
 * engine over the reference kernels (float32 host arrays), so every backend shares its training step.
 * `backend` names it: 'reference' when asked for as the oracle, 'cpu' when it runs as the slowest backend.
 */
export function createReferenceEngine(
  config: EngineConfig,
  backend: 'reference' | 'cpu' = 'reference',
): TrainingEngine {
  return createKernelEngine(config, { ...(referenceBackend as unknown as Backend<Tensor>), name: backend });
}
