import { expectSameShape, type FloatTensor } from './tensor';

export function expectSlots(
  kernel: string,
  variable: FloatTensor,
  slots: readonly [string, FloatTensor | null][],
): void {
  for (const [name, slot] of slots) if (slot !== null) expectSameShape(kernel, variable, slot, ['variable', name]);
}
