import { describe, expect, it } from 'vitest';
import { defaultSchedule, LearningRateScheduleSchema, type LearningRateSchedule } from '../model/lr-schedule';
import { TrainingSettingsSchema } from '../model/settings';
import { createScheduler, plannedRates } from './lr-schedules';

const schedule = (value: object) => LearningRateScheduleSchema.parse(value) as LearningRateSchedule;

// Expected values are computed by hand from Keras' formulas (keras/src/optimizers/schedules, callbacks).
describe('learning-rate schedules', () => {
  it('step: lr × γ every N epochs (ExponentialDecay with staircase=True)', () => {
    expect(plannedRates(schedule({ kind: 'step', everyEpochs: 2, gamma: 0.5 }), 0.1, 5)).toEqual([
      0.1, 0.1, 0.05, 0.05, 0.025,
    ]);
  });

  it('exponential: lr × rate^(epoch / decayEpochs) (ExponentialDecay, staircase=False)', () => {
    const rates = plannedRates(schedule({ kind: 'exponential', decayEpochs: 2, decayRate: 0.5 }), 0.1, 4);
    [0.1, 0.0707107, 0.05, 0.0353553].forEach((v, i) => expect(rates[i]).toBeCloseTo(v, 6));
  });

  it('cosine: CosineDecay(1.0, decay_steps=4, alpha=0.1), held at alpha after decay_steps', () => {
    const rates = plannedRates(schedule({ kind: 'cosine', decayEpochs: 4, alpha: 0.1 }), 1, 6);
    [1, 0.8681981, 0.55, 0.2318019, 0.1, 0.1].forEach((v, i) => expect(rates[i]).toBeCloseTo(v, 6));
  });

  it('cosine without decayEpochs decays over the whole run', () => {
    const rates = plannedRates(schedule({ kind: 'cosine' }), 0.01, 2);
    expect(rates[0]).toBeCloseTo(0.01, 9);
    expect(rates[1]).toBeCloseTo(0.005, 9);
  });

  it('plateau follows ReduceLROnPlateau: patience, cooldown, min_lr', () => {
    const s = createScheduler(
      schedule({ kind: 'plateau', factor: 0.5, patience: 2, cooldown: 1, minLr: 0.01, minDelta: 0 }),
      0.1,
      12,
    );
    const used: number[] = [];
    const losses = [1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    losses.forEach((loss, epoch) => {
      used.push(s.rateFor(epoch));
      s.epochEnded(loss);
    });
    expect(used).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.0125, 0.01, 0.01]);
  });

  it('plateau counts an improvement smaller than min_delta as none, and ignores epochs without a value', () => {
    const s = createScheduler(schedule({ kind: 'plateau', factor: 0.1, patience: 1, minDelta: 0.01 }), 1, 4);
    s.epochEnded(1);
    s.epochEnded(null);
    expect(s.rateFor(2)).toBe(1);
    s.epochEnded(0.995);
    expect(s.rateFor(3)).toBeCloseTo(0.1, 12);
  });

  it('older settings without a schedule load as constant; each kind has Keras-like defaults', () => {
    expect(TrainingSettingsSchema.parse({}).learningRateSchedule).toEqual({ kind: 'constant' });
    expect(defaultSchedule('plateau')).toEqual({
      kind: 'plateau',
      factor: 0.1,
      patience: 10,
      minDelta: 1e-4,
      cooldown: 0,
      minLr: 0,
    });
    expect(() => schedule({ kind: 'step', gamma: 2 })).toThrow();
  });
});
