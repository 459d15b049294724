// Epoch-level divergence rules: a run whose loss explodes without ever becoming NaN, or that sits at chance level,
// is wasting the user's time (and, continued, would replace a good model). The per-batch NaN / 10^4× guard stays in
// fit; these rules look at whole epochs, where one noisy batch cannot trigger them.
import type { EpochRecord } from '../model/settings';

/** A loss this many times the first epoch's means the run is diverging. */
export const EXPLOSION_FACTOR = 10;
/** Rising this many epochs in a row, each by RISE_FACTOR or more, means the same. */
export const RISING_EPOCHS = 3;
export const RISE_FACTOR = 1.5;
/** At chance for this many epochs after the first (which may still be warming up) means the model does not learn. */
export const STALLED_EPOCHS = 3;
/** Accuracy within this of 1 / classes, and loss within this fraction of ln(classes), counts as chance level. */
export const CHANCE_ACCURACY_MARGIN = 0.02;
export const CHANCE_LOSS_MARGIN = 0.05;

const FIX =
  'The learning rate is most likely too high: lower it (e.g. by 10×) and train again from the weights before this run.';

const fixed = (x: number) => x.toPrecision(3);

/** Why training should stop, from this run's epochs so far; null while it looks healthy. */
export function epochDivergence(history: readonly EpochRecord[], numClasses: number | null): string | null {
  const losses = history.map((h) => h.loss);
  const first = losses[0];
  const last = history[history.length - 1];
  if (!last || first === null || first === undefined) return null;
  const epochNumber = last.epoch + 1;
  if (last.loss !== null && Number.isFinite(last.loss) && history.length > 1 && last.loss > EXPLOSION_FACTOR * first) {
    return (
      `The loss rose to ${fixed(last.loss)} at epoch ${epochNumber}, more than ${EXPLOSION_FACTOR}× the first ` +
      `epoch's ${fixed(first)}: training is diverging. ${FIX}`
    );
  }
  const recent = losses.slice(-(RISING_EPOCHS + 1));
  if (
    recent.length === RISING_EPOCHS + 1 &&
    recent.every((l, i) => l !== null && (i === 0 || l >= RISE_FACTOR * (recent[i - 1] as number)))
  ) {
    return (
      `The loss rose for ${RISING_EPOCHS} epochs in a row (${recent.map((l) => fixed(l as number)).join(' → ')}) ` +
      `up to epoch ${epochNumber}: training is diverging. ${FIX}`
    );
  }
  if (numClasses !== null && numClasses >= 2 && history.length > STALLED_EPOCHS) {
    const chance = 1 / numClasses;
    const chanceLoss = Math.log(numClasses);
    const stalled = history.slice(-STALLED_EPOCHS).every((h) => {
      const accuracy = h.valAccuracy ?? h.accuracy;
      const loss = h.valLoss ?? h.loss;
      return (
        accuracy !== null &&
        loss !== null &&
        Math.abs(accuracy - chance) <= CHANCE_ACCURACY_MARGIN &&
        Math.abs(loss - chanceLoss) <= CHANCE_LOSS_MARGIN * chanceLoss
      );
    });
    if (stalled) {
      const which = last.valAccuracy !== null ? 'Validation accuracy' : 'Accuracy';
      return (
        `${which} has stayed at chance level (${(chance * 100).toFixed(1)} % for ${numClasses} classes, loss ≈ ` +
        `ln ${numClasses} = ${chanceLoss.toFixed(2)}) for ${STALLED_EPOCHS} epochs up to epoch ${epochNumber}: ` +
        `the model is not learning. Lower the learning rate (e.g. by 10×); if that does not help, check that the ` +
        `labels match the images and that the preprocessing (size, channels) suits the data.`
      );
    }
  }
  return null;
}
