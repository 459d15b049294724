import { describe, expect, it } from 'vitest';
import { summarize } from '../model/summary';
import { projectWithWeights, sequentialCnn } from './export-fixtures.test-support';
import { importModel } from './model-import';
import { exportTfjs } from './tfjs-export';
import { fileBytes } from './types';

describe('nested blocks through a TF.js export and back', () => {
  it('keeps which block is inside which', () => {
    const project = projectWithWeights(sequentialCnn(), 4);
    project.graph.groups = [
      { id: 'g0', name: 'features', nodeIds: ['n1', 'n2', 'n3'] },
      { id: 'g1', name: 'conv_block', nodeIds: ['n1', 'n2'], parent: 'g0' },
    ];
    const { files } = exportTfjs(project);
    const m = new Map(files.map((f) => [f.path, fileBytes(f)]));
    const json = JSON.parse(new TextDecoder().decode(m.get('model.json')));
    const back = importModel(json, (p) => m.get(p) ?? null).project;
    expect(back.graph.groups).toEqual(project.graph.groups);
    expect(summarize(back.graph)).toEqual(summarize(project.graph));
  });

  it('drops the nesting, keeping the outer blocks, when the metadata names a parent that is not there', () => {
    const project = projectWithWeights(sequentialCnn(), 4);
    project.graph.groups = [{ id: 'g0', name: 'features', nodeIds: ['n1', 'n2', 'n3'] }];
    const { files } = exportTfjs(project);
    const m = new Map(files.map((f) => [f.path, fileBytes(f)]));
    const json = JSON.parse(new TextDecoder().decode(m.get('model.json')));
    json.userDefinedMetadata.filterbank.groups.push({ name: 'stray', layers: ['conv2d'], parent: 'missing' });
    const imported = importModel(json, (p) => m.get(p) ?? null);
    expect(imported.project.graph.groups).toEqual(project.graph.groups);
    expect(imported.notes.join('\n')).toMatch(/blocks .* were not restored/);
  });
});
