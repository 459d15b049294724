import { describe, expect, it } from 'vitest';
import { LAYERS, LAYER_CLASS_NAMES } from '.';
import { defaultParams } from './params';
import type { Shape } from './types';

// A shape each layer accepts, to ask it for its weights.
const sampleInputs = (min: number): Shape[] => Array.from({ length: Math.max(min, 1) }, () => [8, 8, 3]);

describe('layer traits', () => {
  it('a window rule names two pair parameters of the layer (size and strides)', () => {
    for (const def of LAYERS) {
      const rule = def.traits.receptiveField;
      if (rule.kind !== 'window') continue;
      expect(def.params[rule.sizeParam]?.kind, `${def.className}.${rule.sizeParam}`).toBe('pair');
      expect(def.params[rule.stridesParam]?.kind, `${def.className}.${rule.stridesParam}`).toBe('pair');
    }
  });

  it('the weight drawn as filters is one of the layer’s weights, of rank 4 (height, width, in, out)', () => {
    const drawn = LAYERS.filter((def) => def.traits.filterWeight !== null);
    expect(drawn.map((def) => def.className)).toEqual(['Conv2D']);
    for (const def of drawn) {
      const weights = def.weights(sampleInputs(def.inputs.min), defaultParams(def.params) as never);
      const weight = weights.find((w) => w.name === def.traits.filterWeight);
      expect(weight?.shape, def.className).toHaveLength(4);
    }
  });

  it('Keras aliases never shadow a class name and belong to one layer each', () => {
    const aliases = LAYERS.flatMap((def) => def.traits.kerasAliases);
    expect(new Set(aliases).size).toBe(aliases.length);
    for (const alias of aliases) expect(LAYER_CLASS_NAMES).not.toContain(alias);
  });

  it('a classifier head starts only at a layer with units (Flatten goes before it)', () => {
    for (const def of LAYERS.filter((d) => d.traits.classifierHead === 'dense'))
      expect(def.params).toHaveProperty('units');
  });
});
