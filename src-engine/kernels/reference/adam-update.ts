import type { KernelImpl } from '../contracts';
import { expectSlots } from './optimizer-util';
import type { FloatTensor } from './tensor';

/** Keras 3 Adam (ε outside the square root, not bias-corrected). In place. */
export const adamUpdate: KernelImpl<'AdamUpdate', FloatTensor> = (
  [variable, m, v, grad],
  { learningRate, beta1, beta2, epsilon, step },
) => {
  expectSlots('AdamUpdate', variable, [
    ['m', m],
    ['v', v],
    ['grad', grad],
  ]);
  if (!(step >= 1)) throw new Error(`AdamUpdate: step must be 1 or more (1-based), got ${step}`);
  const alpha = (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
  const V = variable.values;
  const M = m.values;
  const S = v.values;
  const G = grad.values;
  for (let i = 0; i < V.length; i++) {
    const g = G[i];
    M[i] += (g - M[i]) * (1 - beta1);
    S[i] += (g * g - S[i]) * (1 - beta2);
    V[i] -= (M[i] * alpha) / (Math.sqrt(S[i]) + epsilon);
  }
  return [variable, m, v];
};
