import { describe, expect, it } from 'vitest';
import { inferShapes } from '../../../src-engine/model/inference';
import { kerasTutorialCnn } from '../../../src-engine/model/templates';
import { createRng } from '../../../src-engine/core/rng';
import { compileModel } from '../../../src-engine/model/executor';
import { encodeWeights } from '../../../src-engine/model/project-file';
import { initialWeights } from '../../../src-engine/train/weights';
import { previewParamChange } from './change-preview';

describe('previewParamChange', () => {
  it('shows the output shape and parameter change before it is applied', () => {
    const g = kerasTutorialCnn();
    const p = previewParamChange(g, inferShapes(g), 'n1', { padding: 'valid', kernelSize: 3 });
    expect(p.outputBefore).toBe('(None, 28, 28, 8)');
    expect(p.outputAfter).toBe('(None, 26, 26, 8)');
    expect(p.paramsBefore).toBe(208);
    expect(p.paramsAfter).toBe(80);
    expect(p.totalBefore).toBe(107_706);
    // 26 → 13 → 13 (same) → 6: Flatten 6·6·32 = 1152, Dense 1152·64 + 64.
    expect(p.totalAfter).toBe(80 + 6432 + 1152 * 64 + 64 + 650);
    expect(p.newErrors).toEqual([]);
  });

  it('names the errors a change would cause downstream', () => {
    const g = kerasTutorialCnn();
    const p = previewParamChange(g, inferShapes(g), 'n3', { kernelSize: 14, padding: 'valid' });
    expect(p.outputAfter).toBe('(None, 1, 1, 32)');
    expect(p.paramsAfter).toBe(14 * 14 * 8 * 32 + 32);
    expect(p.newErrors.map((d) => d.layer)).toEqual(['max_pooling2d_1']);
    expect(p.newErrors[0].arithmetic).toBe('⌊(1 − 2)/2⌋ + 1 = 0');
  });
});

describe('previewParamChange on a layer that would not build', () => {
  it('has no parameter count to show rather than a false 0', () => {
    const g = kerasTutorialCnn();
    const p = previewParamChange(g, inferShapes(g), 'n3', { kernelSize: 15, padding: 'valid' });
    expect(p.outputAfter).toBe('?');
    expect(p.paramsAfter).toBeNull();
    expect(p.newErrors[0].arithmetic).toBe('⌊(14 − 15)/1⌋ + 1 = 0');
  });
});

describe('previewParamChange on a trained model', () => {
  const g = kerasTutorialCnn();
  const weights = encodeWeights(initialWeights(compileModel(g), createRng(1)));

  it("names the layers whose trained weights a Dense's new units would re-initialise", () => {
    const p = previewParamChange(g, inferShapes(g), 'n6', { units: 32 }, weights);
    expect(p.weightsLost).toEqual(['dense', 'dense_1']);
  });

  it('loses none when the weight shapes stay (activation), or when the model was never trained', () => {
    expect(previewParamChange(g, inferShapes(g), 'n6', { activation: 'tanh' }, weights).weightsLost).toEqual([]);
    expect(previewParamChange(g, inferShapes(g), 'n6', { units: 32 }, null).weightsLost).toEqual([]);
  });
});
