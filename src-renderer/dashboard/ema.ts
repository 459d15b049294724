/**
 * TensorBoard's smoothing of noisy training curves: an exponential moving average debiased by 1 − wᵗ, so the
 * first points are not dragged towards zero. Non-finite points (a diverged loss) are skipped, not averaged in.
 */

export interface EmaState {
  /** The biased running average. */
  last: number;
  /** How many finite points it has seen. */
  count: number;
}

export const EMA_START: EmaState = { last: 0, count: 0 };

/** Adds one point; returns the next state and the smoothed value (null when the point is not finite). */
export function emaStep(
  state: EmaState,
  value: number | null,
  weight: number,
): { state: EmaState; smoothed: number | null } {
  if (value === null || !Number.isFinite(value)) return { state, smoothed: null };
  const last = state.last * weight + (1 - weight) * value;
  const count = state.count + 1;
  const debias = weight === 0 ? 1 : 1 - weight ** count;
  return { state: { last, count }, smoothed: last / debias };
}

/** Smooths a whole series with `weight` in [0, 1): 0 leaves it as it is, 0.9 is heavy smoothing. */
export function emaSmooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`The smoothing weight must be in [0, 1), not ${weight}`);
  let state = EMA_START;
  return values.map((v) => {
    const step = emaStep(state, v, weight);
    state = step.state;
    return step.smoothed;
  });
}
