import { describe, expect, it } from 'vitest';
import type { LayerGroup, ModelGraph } from './graph';
import { formatSummary, summarize, type SummaryRow } from './summary';
import { kerasTutorialCnn } from './templates';

/** The tutorial CNN (n1..n7 after the input n0) as a Sequential of blocks. */
function tutorialWith(groups: LayerGroup[]): ModelGraph {
  return { ...kerasTutorialCnn(), name: 'sequential', groups };
}

const brief = (rows: readonly SummaryRow[] | undefined): unknown[] =>
  (rows ?? []).map((r) => (r.children ? [r.name, r.params, brief(r.children)] : [r.name, r.params]));

describe('nested blocks summarised as Keras summarises nested Sequentials', () => {
  it('a block inside a block is one row inside its parent, and the top level lists only the outer blocks', () => {
    const s = summarize(
      tutorialWith([
        { id: 'g1', name: 'feature_extractor', nodeIds: ['n1', 'n2', 'n3', 'n4'] },
        { id: 'g2', name: 'conv_block', nodeIds: ['n1', 'n2'], parent: 'g1' },
        { id: 'g3', name: 'conv_block_1', nodeIds: ['n3', 'n4'], parent: 'g1' },
        { id: 'g4', name: 'classifier', nodeIds: ['n5', 'n6', 'n7'] },
      ]),
    );
    expect(s.rows.map((r) => [r.name, r.className, r.params, r.outputShape])).toEqual([
      ['feature_extractor', 'Sequential', 6640, [null, 7, 7, 32]],
      ['classifier', 'Sequential', 101066, [null, 10]],
    ]);
    expect(brief(s.rows)).toEqual([
      [
        'feature_extractor',
        6640,
        [
          [
            'conv_block',
            208,
            [
              ['conv2d', 208],
              ['max_pooling2d', 0],
            ],
          ],
          [
            'conv_block_1',
            6432,
            [
              ['conv2d_1', 6432],
              ['max_pooling2d_1', 0],
            ],
          ],
        ],
      ],
      [
        'classifier',
        101066,
        [
          ['flatten', 0],
          ['dense', 100416],
          ['dense_1', 650],
        ],
      ],
    ]);
    expect(s.rows[0].children?.[1].outputShape).toEqual([null, 7, 7, 32]);
    expect(s.totalParams).toBe(107706);
  });

  it('prints the rows Keras prints: one per top-level Sequential, then the totals', () => {
    const text = formatSummary(
      summarize(
        tutorialWith([
          { id: 'g1', name: 'feature_extractor', nodeIds: ['n1', 'n2', 'n3', 'n4'] },
          { id: 'g2', name: 'conv_block', nodeIds: ['n3', 'n4'], parent: 'g1' },
          { id: 'g3', name: 'classifier', nodeIds: ['n5', 'n6', 'n7'] },
        ]),
      ),
    );
    const rows = text.split('\n').filter((l) => l.startsWith('│'));
    expect(rows.map((l) => l.split('│').map((c) => c.trim()))).toEqual([
      ['', 'feature_extractor (Sequential)', '(None, 7, 7, 32)', '6,640', ''],
      ['', 'classifier (Sequential)', '(None, 10)', '101,066', ''],
    ]);
    expect(text).toContain(' Total params: 107,706 (420.73 KB)');
  });

  it('two levels deep: the inner block of the inner block is one row of its parent', () => {
    const s = summarize(
      tutorialWith([
        { id: 'a', name: 'outer', nodeIds: ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'] },
        { id: 'b', name: 'middle', nodeIds: ['n3', 'n4', 'n5'], parent: 'a' },
        { id: 'c', name: 'inner', nodeIds: ['n3', 'n4'], parent: 'b' },
      ]),
    );
    expect(brief(s.rows)).toEqual([
      [
        'outer',
        107056,
        [
          ['conv2d', 208],
          ['max_pooling2d', 0],
          [
            'middle',
            6432,
            [
              [
                'inner',
                6432,
                [
                  ['conv2d_1', 6432],
                  ['max_pooling2d_1', 0],
                ],
              ],
              ['flatten', 0],
            ],
          ],
          ['dense', 100416],
        ],
      ],
      ['dense_1', 650],
    ]);
    expect(s.rows[0].children?.[2].outputShape).toEqual([null, 1568]);
  });
});
