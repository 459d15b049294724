import { describe, expect, it } from 'vitest';
import { chartOptions } from './chart-options';

type AxisValues = (u: unknown, splits: Array<number | null>) => string[];

describe('chartOptions', () => {
  it('labels the learning-rate axis without failing on the null splits uPlot hands out', () => {
    const values = chartOptions(200, 100, 'lr', false, []).axes?.[1].values as AxisValues;
    expect(values(null, [0.001, null, 0.002])).toEqual(['0.00100', '', '0.00200']);
  });
});
