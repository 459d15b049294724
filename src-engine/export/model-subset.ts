import type { CompiledLayer, CompiledModel } from '../model/executor';

/** The layers the output depends on, in execution order; layers that feed nothing are not part of a Keras model. */
export function layersToOutput(compiled: CompiledModel): { layers: CompiledLayer[]; dropped: string[] } {
  const byId = new Map(compiled.layers.map((l) => [l.id, l]));
  const needed = new Set<string>();
  const stack = [compiled.outputId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (needed.has(id)) continue;
    needed.add(id);
    stack.push(...(byId.get(id)?.inputIds ?? []));
  }
  return {
    layers: compiled.layers.filter((l) => needed.has(l.id)),
    dropped: compiled.layers.filter((l) => !needed.has(l.id)).map((l) => l.name),
  };
}

/** One input, each layer fed by the one before it: Keras' Sequential. */
export function isChain(layers: readonly CompiledLayer[]): boolean {
  return layers.every((l, i) =>
    i === 0 ? l.className === 'InputLayer' : l.inputIds.length === 1 && l.inputIds[0] === layers[i - 1].id,
  );
}
