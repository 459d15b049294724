// Learning-rate schedules with Keras' formulas, applied once per epoch (an epoch is one schedule "step"): step
// decay (ExponentialDecay with staircase), exponential decay, cosine decay, and ReduceLROnPlateau on val_loss.
import type { LearningRateSchedule } from '../model/lr-schedule';

/** The rate of a schedule that does not depend on the metrics (everything but plateau) at 0-based `epoch`. */
export function scheduledRate(schedule: LearningRateSchedule, initial: number, epoch: number, epochs: number): number {
  switch (schedule.kind) {
    case 'step':
      return initial * schedule.gamma ** Math.floor(epoch / schedule.everyEpochs);
    case 'exponential':
      return initial * schedule.decayRate ** (epoch / schedule.decayEpochs);
    case 'cosine': {
      const decay = schedule.decayEpochs ?? epochs;
      const fraction = Math.min(epoch, decay) / decay;
      return initial * ((1 - schedule.alpha) * 0.5 * (1 + Math.cos(Math.PI * fraction)) + schedule.alpha);
    }
    default:
      return initial;
  }
}

/** The learning rate of each epoch as planned before training (flat for plateau: its steps depend on val_loss). */
export function plannedRates(schedule: LearningRateSchedule, initial: number, epochs: number): number[] {
  return Array.from({ length: epochs }, (_, epoch) => scheduledRate(schedule, initial, epoch, epochs));
}

export interface LearningRateScheduler {
  /** The rate to train the 0-based `epoch` with. */
  rateFor(epoch: number): number;
  /** Reports the epoch's monitored value (val_loss, or loss); plateau may lower the next rate. */
  epochEnded(monitored: number | null): void;
}

/** A scheduler for one run. A rate that reaches 0 is held at the smallest positive float (optimizers need > 0). */
export function createScheduler(
  schedule: LearningRateSchedule,
  initial: number,
  epochs: number,
): LearningRateScheduler {
  const positive = (lr: number) => Math.max(lr, Number.MIN_VALUE);
  if (schedule.kind !== 'plateau') {
    return {
      rateFor: (epoch) => positive(scheduledRate(schedule, initial, epoch, epochs)),
      epochEnded: () => undefined,
    };
  }
  // Keras 3's ReduceLROnPlateau.on_epoch_end, mode 'min'.
  let lr = initial;
  let best = Infinity;
  let wait = 0;
  let cooldownCounter = 0;
  return {
    rateFor: () => positive(lr),
    epochEnded(current) {
      if (current === null || !Number.isFinite(current)) return;
      if (cooldownCounter > 0) {
        cooldownCounter--;
        wait = 0;
      }
      if (current < best - schedule.minDelta) {
        best = current;
        wait = 0;
      } else if (cooldownCounter <= 0 && ++wait >= schedule.patience && lr > Math.fround(schedule.minLr)) {
        lr = Math.max(lr * schedule.factor, schedule.minLr);
        cooldownCounter = schedule.cooldown;
        wait = 0;
      }
    },
  };
}

/** One line for the UI: what the schedule does, per epoch. */
export function describeSchedule(schedule: LearningRateSchedule): string {
  switch (schedule.kind) {
    case 'constant':
      return 'The same learning rate every epoch.';
    case 'step':
      return `Multiplied by ${schedule.gamma} every ${schedule.everyEpochs} epochs.`;
    case 'exponential': {
      const per = schedule.decayEpochs === 1 ? 'epoch' : `${schedule.decayEpochs} epochs`;
      return `Multiplied by ${schedule.decayRate} per ${per}, smoothly.`;
    }
    case 'cosine': {
      const over = schedule.decayEpochs === null ? 'the run' : `${schedule.decayEpochs} epochs`;
      return `Cosine decay to ${schedule.alpha}× over ${over}.`;
    }
    case 'plateau':
      return (
        `Multiplied by ${schedule.factor} after ${schedule.patience} epochs without val_loss improving by ` +
        `${schedule.minDelta}${schedule.cooldown ? `, then ${schedule.cooldown} epochs of cooldown` : ''}` +
        `${schedule.minLr ? `, never below ${schedule.minLr}` : ''}.`
      );
  }
}
