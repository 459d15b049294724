/** Classification metrics over host arrays (row-major, classes on the last axis). */

/** Index of the largest value in each row of `classes` values; the first one on ties (as argmax). */
export function argmaxRows(values: ArrayLike<number>, classes: number): Int32Array {
  if (classes < 1 || values.length % classes !== 0)
    throw new Error(`argmaxRows: ${values.length} values do not split into rows of ${classes}`);
  const rows = values.length / classes;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < classes; j++) if (values[r * classes + j] > values[r * classes + best]) best = j;
    out[r] = best;
  }
  return out;
}

export interface Count {
  correct: number;
  total: number;
}

/** Keras' categorical_accuracy: argmax(target) = argmax(output), per row. */
export function categoricalAccuracy(target: ArrayLike<number>, output: ArrayLike<number>, classes: number): Count {
  if (target.length !== output.length)
    throw new Error(`categoricalAccuracy: target has ${target.length} values, output ${output.length}`);
  const t = argmaxRows(target, classes);
  const p = argmaxRows(output, classes);
  let correct = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) correct++;
  return { correct, total: t.length };
}

/** Keras' sparse_categorical_accuracy: label = argmax(output), per row. */
export function sparseCategoricalAccuracy(
  labels: ArrayLike<number>,
  output: ArrayLike<number>,
  classes: number,
): Count {
  const p = argmaxRows(output, classes);
  if (labels.length !== p.length)
    throw new Error(`sparseCategoricalAccuracy: ${labels.length} labels for ${p.length} output rows`);
  let correct = 0;
  for (let i = 0; i < p.length; i++) if (labels[i] === p[i]) correct++;
  return { correct, total: p.length };
}

/** Keras' binary_accuracy: (output > threshold) = target, per element. */
export function binaryAccuracy(target: ArrayLike<number>, output: ArrayLike<number>, threshold = 0.5): Count {
  if (target.length !== output.length)
    throw new Error(`binaryAccuracy: target has ${target.length} values, output ${output.length}`);
  let correct = 0;
  for (let i = 0; i < output.length; i++) if ((output[i] > threshold ? 1 : 0) === target[i]) correct++;
  return { correct, total: output.length };
}

export function ratio({ correct, total }: Count): number {
  return total === 0 ? 0 : correct / total;
}

/** Rows are true classes, columns predicted classes (tf.math.confusion_matrix's layout). */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  numClasses: number,
): number[][] {
  if (labels.length !== predictions.length)
    throw new Error(`confusionMatrix: ${labels.length} labels but ${predictions.length} predictions`);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    const p = predictions[i];
    if (!Number.isInteger(t) || t < 0 || t >= numClasses || !Number.isInteger(p) || p < 0 || p >= numClasses) {
      throw new Error(
        `confusionMatrix: entry ${i} has label ${t} and prediction ` +
          `${p}; both must be integers in [0, ${numClasses - 1}]`,
      );
    }
    m[t][p]++;
  }
  return m;
}

export interface ClassScores {
  /** TP / (TP + FP) per class; 0 when the class was never predicted. */
  precision: number[];
  /** TP / (TP + FN) per class; 0 when the class never occurs. */
  recall: number[];
  /** Samples of each true class. */
  support: number[];
}

export function precisionRecall(confusion: readonly (readonly number[])[]): ClassScores {
  const k = confusion.length;
  const precision: number[] = [];
  const recall: number[] = [];
  const support: number[] = [];
  for (let c = 0; c < k; c++) {
    const tp = confusion[c][c];
    let predicted = 0;
    let actual = 0;
    for (let j = 0; j < k; j++) {
      predicted += confusion[j][c];
      actual += confusion[c][j];
    }
    precision.push(predicted === 0 ? 0 : tp / predicted);
    recall.push(actual === 0 ? 0 : tp / actual);
    support.push(actual);
  }
  return { precision, recall, support };
}
