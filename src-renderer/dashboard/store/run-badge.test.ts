import { describe, expect, it } from 'vitest';
import { activeRunBadge, progressFraction, type ProgressView } from './dashboard-state';

const progress = (epoch: number, epochs: number): ProgressView => ({
  epoch,
  epochs,
  batch: 5,
  batchesPerEpoch: 10,
  loss: 1,
  accuracy: null,
  samplesPerSecond: null,
  etaSeconds: null,
});

describe('the run badge', () => {
  it("shows a continued run's share as the progress bar does, not the share of all epochs", () => {
    // Weights trained 2 epochs, continued for 2 more: halfway through epoch 3 is 25 % of this run.
    const p = progress(2, 4);
    const info = { initialEpoch: 2 } as never;
    expect(progressFraction(p, 2)).toBe(0.25);
    expect(activeRunBadge({ phase: 'running', progress: p, info })).toBe('25 %');
    expect(activeRunBadge({ phase: 'running', progress: p, info: null })).toBe('63 %');
    expect(activeRunBadge({ phase: 'completed', progress: p, info })).toBeNull();
    expect(activeRunBadge({ phase: 'starting', progress: null, info: null })).toBe('…');
  });
});
