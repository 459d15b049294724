import { describe, expect, it } from 'vitest';
import { getLayer } from '../../../src-engine/layers';
import type { ParamSpec } from '../../../src-engine/layers/params';
import { checkParamText, formatParamValue, parseParamText } from './param-text';

const spec = (cls: string, param: string): ParamSpec => {
  const s = getLayer(cls)?.params[param];
  if (!s) throw new Error(`${cls}.${param}`);
  return s;
};

describe('param text', () => {
  it('round-trips every kind through the text a person types', () => {
    expect(parseParamText(spec('Conv2D', 'filters'), ' 16 ')).toBe(16);
    expect(parseParamText(spec('Conv2D', 'kernelSize'), '3')).toBe(3);
    expect(parseParamText(spec('Conv2D', 'kernelSize'), '(3, 5)')).toEqual([3, 5]);
    expect(parseParamText(spec('MaxPooling2D', 'strides'), '')).toBeNull();
    expect(parseParamText(spec('ZeroPadding2D', 'padding'), '(1, 2), (3, 4)')).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(parseParamText(spec('ZeroPadding2D', 'padding'), '1, 2')).toEqual([1, 2]);
    expect(parseParamText(spec('InputLayer', 'shape'), '32×32×3')).toEqual([32, 32, 3]);
    expect(parseParamText(spec('Rescaling', 'scale'), '1/255')).toBeCloseTo(1 / 255, 12);
    expect(parseParamText(spec('Concatenate', 'axis'), '-1')).toBe(-1);
    expect(formatParamValue(spec('Conv2D', 'kernelSize'), [3, 3])).toBe('3');
    expect(formatParamValue(spec('Conv2D', 'kernelSize'), [3, 5])).toBe('3, 5');
    expect(
      formatParamValue(spec('ZeroPadding2D', 'padding'), [
        [1, 2],
        [3, 4],
      ]),
    ).toBe('(1, 2), (3, 4)');
    expect(formatParamValue(spec('MaxPooling2D', 'strides'), null)).toBe('');
    expect(formatParamValue(spec('InputLayer', 'shape'), [28, 28, 1])).toBe('28, 28, 1');
  });

  it("validates with normaliseParam and reports in Keras' words", () => {
    expect(checkParamText(spec('Conv2D', 'filters'), 'abc')).toEqual({
      error: "filters must be an integer, got 'abc'",
    });
    expect(checkParamText(spec('Conv2D', 'filters'), '0')).toEqual({ error: 'filters must be at least 1, got 0' });
    expect(checkParamText(spec('Conv2D', 'filters'), '2.5')).toEqual({ error: 'filters must be an integer, got 2.5' });
    expect(checkParamText(spec('Conv2D', 'kernelSize'), '3, 0')).toEqual({
      error: 'kernel_size must be at least 1, got [3,0]',
    });
    expect(checkParamText(spec('Dropout', 'rate'), '1')).toEqual({ error: 'rate must be less than 1, got 1' });
    expect(checkParamText(spec('InputLayer', 'shape'), '28, 28, 1, 1')).toEqual({
      error: 'shape must have 1 to 3 dimensions, got 4',
    });
    expect(checkParamText(spec('Conv2D', 'kernelSize'), '5')).toEqual({ value: 5 });
  });
});
