import { describe, expect, it } from 'vitest';
import { datasetFitDiagnostics, datasetFitEdits, type DatasetFacts } from './dataset-fit';
import { sequential, type ModelGraph } from './graph';
import { inferShapes } from './inference';

const cnn = (units: number, activation = 'softmax', shape = [28, 28, 1]) =>
  sequential('m', [
    { className: 'InputLayer', params: { shape } },
    { className: 'Conv2D', params: { filters: 4, kernelSize: 3, activation: 'relu' } },
    { className: 'Flatten' },
    { className: 'Dense', params: { units, activation } },
    { className: 'Dropout', params: { rate: 0.1 } },
  ]);
const facts = (classes: number, extra: Partial<DatasetFacts> = {}): DatasetFacts => ({
  classNames: Array.from({ length: classes }, (_, i) => `c${i}`),
  ...extra,
});
const check = (graph: ModelGraph, f: DatasetFacts, loss: 'sparse_categorical_crossentropy' | null = null) =>
  datasetFitDiagnostics(graph, inferShapes(graph), f, loss);

describe('model against dataset', () => {
  it('a 10-unit softmax against 4 classes is an error on the Dense, fixed by setting its units', () => {
    const [d, ...rest] = check(cnn(10), facts(4));
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      severity: 'error',
      code: 'dataset-classes',
      nodeId: 'n3',
      layer: 'dense',
      param: 'units',
    });
    expect(d.message).toBe('dense: the model outputs 10 classes but the dataset has 4 (c0, c1, c2, c3).');
    expect(d.fixes).toEqual([
      { label: 'Set dense units to 4', edit: { kind: 'setParam', nodeId: 'n3', param: 'units', value: 4 } },
    ]);
  });

  it('one sigmoid unit with sparse crossentropy says why and offers units and softmax', () => {
    const [d] = check(cnn(1, 'sigmoid'), facts(2), 'sparse_categorical_crossentropy');
    expect(d.message).toMatch(/outputs 1 class but the dataset has 2.*One unit with sparse_categorical_crossentropy/);
    expect(d.fixes?.map((f) => f.label)).toEqual(['Set dense units to 2', 'Set dense activation to softmax']);
  });

  it('a model that matches raises nothing; a model without a Dense head gets advice but no fix', () => {
    expect(check(cnn(4), facts(4))).toEqual([]);
    const noHead = sequential('m', [
      { className: 'InputLayer', params: { shape: [4, 4, 1] } },
      { className: 'Flatten' },
    ]);
    const [d] = check(noHead, facts(3));
    expect(d.message).toMatch(/outputs 16 classes.*End the model with Dense\(3, activation='softmax'\)/);
    expect(d.fixes).toEqual([]);
  });

  it('colour 32×32 images against a 28×28×1 input: a warning with "Set the input to 32×32×3"', () => {
    const f = facts(4, {
      imageSizes: [{ width: 32, height: 32, count: 12 }],
      otherSizes: { count: 0 },
      colorModes: [{ channels: 3, count: 12 }],
    });
    const [classes, input] = check(cnn(10), f);
    expect(classes.code).toBe('dataset-classes');
    expect(input).toMatchObject({ severity: 'warning', code: 'dataset-input', nodeId: 'n0', param: 'shape' });
    expect(input.message).toMatch(/every image is 32×32 but the model takes 28×28.*converted to grayscale/);
    expect(input.fixes).toEqual([
      {
        label: 'Set the input to 32×32×3',
        edit: { kind: 'setParam', nodeId: 'n0', param: 'shape', value: [32, 32, 3] },
      },
    ]);
    // Fitting applies both fixes, and the fitted model raises nothing.
    const edits = datasetFitEdits(check(cnn(10), f));
    expect(edits.map((e) => e.label)).toEqual(['Set dense units to 4', 'Set the input to 32×32×3']);
    expect(check(cnn(4, 'softmax', [32, 32, 3]), f)).toEqual([]);
  });

  it('grayscale images against an RGB input, and mixed or large sources, are judged sensibly', () => {
    const gray = facts(4, {
      colorModes: [
        { channels: 1, count: 3 },
        { channels: 2, count: 1 },
      ],
    });
    expect(check(cnn(4, 'softmax', [28, 28, 3]), gray)[0].fixes?.[0].label).toBe('Set the input to 28×28×1');
    const photos = facts(4, { imageSizes: [{ width: 640, height: 480, count: 5 }], otherSizes: { count: 0 } });
    expect(check(cnn(4), photos)).toEqual([]);
    const mixed = facts(4, {
      imageSizes: [{ width: 32, height: 32, count: 5 }],
      otherSizes: { count: 2 },
      colorModes: [
        { channels: 1, count: 3 },
        { channels: 3, count: 4 },
      ],
    });
    expect(check(cnn(4), mixed)).toEqual([]);
  });
});
