import type { KernelImpl } from '../contracts';
import { expectSlots } from './optimizer-util';
import type { FloatTensor } from './tensor';

/** Keras 3 RMSprop (ε inside the square root). In place. */
export const rmspropUpdate: KernelImpl<'RMSpropUpdate', FloatTensor> = (
  [variable, velocity, momentumSlot, averageGrad, grad],
  { learningRate, rho, momentum, epsilon, centered },
) => {
  expectSlots('RMSpropUpdate', variable, [
    ['velocity', velocity],
    ['momentum', momentumSlot],
    ['averageGrad', averageGrad],
    ['grad', grad],
  ]);
  if (momentum > 0 && momentumSlot === null) throw new Error('RMSpropUpdate: momentum > 0 needs a momentum slot');
  if (centered && averageGrad === null) throw new Error('RMSpropUpdate: centered needs an averageGrad slot');
  const V = variable.values;
  const S = velocity.values;
  const Mo = momentumSlot?.values;
  const A = averageGrad?.values;
  const G = grad.values;
  for (let i = 0; i < V.length; i++) {
    const g = G[i];
    S[i] = rho * S[i] + (1 - rho) * g * g;
    let denominator: number;
    if (centered && A) {
      A[i] = rho * A[i] + (1 - rho) * g;
      denominator = S[i] - A[i] * A[i] + epsilon;
    } else {
      denominator = S[i] + epsilon;
    }
    const increment = (learningRate * g) / Math.sqrt(denominator);
    if (momentum > 0 && Mo) {
      Mo[i] = momentum * Mo[i] + increment;
      V[i] -= Mo[i];
    } else {
      V[i] -= increment;
    }
  }
  return [variable, velocity, momentumSlot, averageGrad];
};
