import type { KernelImpl } from '../contracts';
import { expectSlots } from './optimizer-util';
import type { FloatTensor } from './tensor';

/** Updates the variable in place and returns it. */
export const sgdUpdate: KernelImpl<'SGDUpdate', FloatTensor> = ([variable, grad], { learningRate }) => {
  expectSlots('SGDUpdate', variable, [['grad', grad]]);
  const V = variable.values;
  const G = grad.values;
  for (let i = 0; i < V.length; i++) V[i] -= learningRate * G[i];
  return [variable];
};
