import type { KernelImpl } from '../contracts';
import { expectSlots } from './optimizer-util';
import type { FloatTensor } from './tensor';

/** Keras 3 SGD with momentum: m = momentum·m − lr·g; variable += m, or += momentum·m − lr·g with Nesterov. In place. */
export const momentumUpdate: KernelImpl<'MomentumUpdate', FloatTensor> = (
  [variable, velocity, grad],
  { learningRate, momentum, nesterov },
) => {
  expectSlots('MomentumUpdate', variable, [
    ['velocity', velocity],
    ['grad', grad],
  ]);
  const V = variable.values;
  const M = velocity.values;
  const G = grad.values;
  for (let i = 0; i < V.length; i++) {
    const m = M[i] * momentum - G[i] * learningRate;
    M[i] = m;
    V[i] += nesterov ? M[i] * momentum - G[i] * learningRate : M[i];
  }
  return [variable, velocity];
};
