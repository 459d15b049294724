import { describe, expect, it } from 'vitest';
import { groupTreeProblem, MAX_BLOCK_DEPTH } from './group-tree';
import { importKerasModel } from './keras-import';
import { newProject } from './project-file';
import { summarize } from './summary';

const dense = (name: string, units: number) => ({ class_name: 'Dense', config: { name, units, activation: 'relu' } });
const seq = (name: string, layers: unknown[]) => ({ class_name: 'Sequential', config: { name, layers } });
const input = { class_name: 'InputLayer', config: { name: 'input_layer', batch_shape: [null, 4] } };

describe('importing Sequentials nested two levels deep', () => {
  it('keeps the inner Sequential as a block inside its parent block', () => {
    const model = seq('model', [input, seq('outer', [dense('d0', 8), seq('inner', [dense('d1', 8)]), dense('d2', 2)])]);
    const { graph } = importKerasModel(model);
    expect(groupTreeProblem(graph)).toBeNull();
    expect(() => newProject(graph)).not.toThrow();
    const [outer] = summarize(graph).rows;
    expect([outer.name, outer.params]).toEqual(['outer', 40 + 72 + 18]);
    expect(outer.children?.map((r) => [r.name, r.className, r.params])).toEqual([
      ['d0', 'Dense', 40],
      ['inner', 'Sequential', 72],
      ['d2', 'Dense', 18],
    ]);
  });

  it(`keeps blocks ${MAX_BLOCK_DEPTH} deep and flattens deeper Sequentials into their parent, with a note`, () => {
    let body: unknown = dense('d', 3);
    for (let i = 0; i < MAX_BLOCK_DEPTH + 3; i++) body = seq(`s_${i}`, [body]);
    const { graph, notes } = importKerasModel(seq('model', [input, body]));
    expect(groupTreeProblem(graph)).toBeNull();
    expect(graph.groups).toHaveLength(MAX_BLOCK_DEPTH);
    expect(notes.join('\n')).toMatch(/nested more than 8 deep/);
  });
});
