import { describe, expect, it } from 'vitest';
import { MAX_BLOCK_DEPTH } from './group-tree';
import { parseProjectFile } from './project-file';
import { kerasTutorialCnn } from './templates';

const fileWith = (groups: unknown) =>
  JSON.stringify({ format: 'filterbank-project', version: 1, graph: { ...kerasTutorialCnn(), groups } });

describe('nested blocks in a project file', () => {
  it('loads old flat blocks unchanged and nested blocks with their parents', () => {
    const flat = [{ id: 'g1', name: 'features', nodeIds: ['n1', 'n2'] }];
    expect(parseProjectFile(fileWith(flat)).graph.groups).toEqual(flat);
    const nested = [...flat, { id: 'g2', name: 'inner', nodeIds: ['n2'], parent: 'g1' }];
    expect(parseProjectFile(fileWith(nested)).graph.groups).toEqual(nested);
  });

  it.each([
    ['an unknown layer id', [{ id: 'g1', name: 'b', nodeIds: ['n1', 'nope'] }], /layer id "nope", which is not in/],
    ['an unknown parent', [{ id: 'g1', name: 'b', nodeIds: ['n1'], parent: 'gx' }], /parent "gx" is not a block/],
    [
      'a cycle of parents',
      [
        { id: 'g1', name: 'a', nodeIds: ['n1'], parent: 'g2' },
        { id: 'g2', name: 'b', nodeIds: ['n1'], parent: 'g1' },
      ],
      /inside itself \(its parents form a cycle\)/,
    ],
    ['a block that is its own parent', [{ id: 'g1', name: 'a', nodeIds: ['n1'], parent: 'g1' }], /cycle/],
    [
      'a layer in two unrelated blocks',
      [
        { id: 'g1', name: 'a', nodeIds: ['n1', 'n2'] },
        { id: 'g2', name: 'b', nodeIds: ['n2', 'n3'] },
      ],
      /"n2" is in blocks a and b, neither inside the other/,
    ],
    [
      'an inner block reaching outside its parent',
      [
        { id: 'g1', name: 'a', nodeIds: ['n1'] },
        { id: 'g2', name: 'b', nodeIds: ['n1', 'n2'], parent: 'g1' },
      ],
      /holds layer "n2", which is outside its parent a/,
    ],
    ['an empty block', [{ id: 'g1', name: 'a', nodeIds: [] }], /holds no layers/],
    [
      'two blocks with one id',
      [
        { id: 'g1', name: 'a', nodeIds: ['n1'] },
        { id: 'g1', name: 'b', nodeIds: ['n2'] },
      ],
      /Two blocks have the id "g1"/,
    ],
  ])('refuses %s with a message saying what is wrong', (_what, groups, message) => {
    expect(() => parseProjectFile(fileWith(groups))).toThrow(message);
  });

  it(`bounds nesting at ${MAX_BLOCK_DEPTH} blocks deep`, () => {
    const chain = (depth: number) =>
      Array.from({ length: depth }, (_, i) => ({
        id: `g${i}`,
        name: `b_${i}`,
        nodeIds: ['n1'],
        ...(i > 0 ? { parent: `g${i - 1}` } : {}),
      }));
    expect(parseProjectFile(fileWith(chain(MAX_BLOCK_DEPTH))).graph.groups).toHaveLength(MAX_BLOCK_DEPTH);
    expect(() => parseProjectFile(fileWith(chain(MAX_BLOCK_DEPTH + 1)))).toThrow(/nested more than 8 blocks deep/);
  });
});
