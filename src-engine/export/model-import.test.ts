import { describe, expect, it } from 'vitest';
import { decodeWeights, encodeWeights } from '../model/project-file';
import { summarize } from '../model/summary';
import { branchingModel, projectWithWeights, randomWeights, sequentialCnn } from './export-fixtures.test-support';
import { checkWeights, prepareExport } from './export-model';
import { importModel } from './model-import';
import { exportTfjs } from './tfjs-export';
import { fileBytes, type ExportFile } from './types';

const readerOf = (files: readonly ExportFile[]) => {
  const m = new Map(files.map((f) => [f.path, fileBytes(f)]));
  return (p: string) => m.get(p) ?? null;
};
const jsonOf = (files: readonly ExportFile[]) =>
  JSON.parse(new TextDecoder().decode(fileBytes(files.find((f) => f.path === 'model.json')!)));

describe('importModel', () => {
  it('imports a Keras topology JSON without weights, laid out', () => {
    const keras = {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [{ class_name: 'Dense', config: { name: 'd', units: 3, batch_input_shape: [null, 4] } }],
      },
    };
    const imported = importModel(keras, null);
    expect(imported.hasWeights).toBe(false);
    expect(imported.project.weights).toBeNull();
    expect(Object.keys(imported.project.layout)).toHaveLength(2);
  });

  it('brings back groups, positions, class names and settings from a Filterbank export', () => {
    const project = projectWithWeights(sequentialCnn(), 4);
    project.graph.groups = [{ id: 'g0', name: 'features', nodeIds: ['n1', 'n2', 'n3'] }];
    project.layout = Object.fromEntries(project.graph.nodes.map((n, i) => [n.id, { x: 7 * i, y: 100 - 3 * i }]));
    const { files } = exportTfjs(project);
    const back = importModel(jsonOf(files), readerOf(files)).project;
    expect(back.graph.groups).toEqual(project.graph.groups);
    expect(summarize(back.graph)).toEqual(summarize(project.graph));
    expect(summarize(back.graph).rows[0]).toMatchObject({ name: 'features', className: 'Sequential' });
    expect(back.layout).toEqual(project.layout);
    expect(back.weights).toEqual(project.weights);
  });

  it('says when the weights could not be read, and when the metadata is unreadable', () => {
    const { files } = exportTfjs(projectWithWeights(sequentialCnn(), 4));
    const json = jsonOf(files);
    expect(importModel(json, null).notes).toContain(
      'the weights were not imported: open model.json from its folder so that its weight files can be read',
    );
    const damaged = { ...json, userDefinedMetadata: { filterbank: { version: 1, classNames: 'cats' } } };
    const imported = importModel(damaged, readerOf(files));
    expect(
      imported.notes.some((n) => n.startsWith("model.json's userDefinedMetadata.filterbank is not readable")),
    ).toBe(true);
    expect(imported.project.classNames).toBeNull();
    expect(imported.hasWeights).toBe(true);
  });
});

describe('export checks', () => {
  it('names a missing, extra or misshapen weight and a class-name mismatch', () => {
    const graph = branchingModel();
    const project = projectWithWeights(graph, 1);
    const { compiled } = prepareExport(project, { requireWeights: true });
    const weights = decodeWeights(project.weights!);
    weights.get('n2')!.delete('bias');
    expect(() => checkWeights(compiled, weights)).toThrow(
      "branch_a: weight 'bias' [4] is missing; train the model or re-import its weights",
    );
    const extra = randomWeights(graph, 1);
    extra.get('n4')!.set('bias', { shape: [4], values: new Float32Array(4) });
    expect(() => checkWeights(compiled, extra)).toThrow('branch_b: has weights it does not use: bias');
    const misshapen = randomWeights(graph, 1);
    misshapen.get('n12')!.set('kernel', { shape: [3, 9], values: new Float32Array(27) });
    expect(() => checkWeights(compiled, misshapen)).toThrow(
      "classes: weight 'kernel' has shape [3, 9] but the layer needs [9, 3]; retrain after changing the layer",
    );
    expect(() => prepareExport({ ...project, weights: encodeWeights(misshapen) }, { requireWeights: true })).toThrow(
      /classes: weight 'kernel' has shape/,
    );
    expect(() => prepareExport({ ...project, classNames: ['a', 'b'] }, { requireWeights: true })).toThrow(
      "the project has 2 class names but the model's output has 3 units; set the last Dense layer's units to 2",
    );
    const invalid = {
      ...project,
      graph: { ...graph, nodes: graph.nodes.map((n) => (n.name === 'classes' ? { ...n, inputs: [] } : n)) },
    };
    expect(() => prepareExport(invalid, { requireWeights: true })).toThrow(/^the model is invalid: /);
  });
});
