import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findViolations, type ImportGraph } from './check-imports';

const ROOT = '/repo';
/** An import graph from `from -> to` pairs of paths under the repository root. */
function graphOf(pairs: [string, string][]): ImportGraph {
  const edges = new Map<string, string[]>();
  for (const [from, to] of pairs) {
    edges.set(join(ROOT, from), [...(edges.get(join(ROOT, from)) ?? []), join(ROOT, to)]);
    if (!edges.has(join(ROOT, to))) edges.set(join(ROOT, to), []);
  }
  return { files: [...edges.keys()], edges };
}
const check = (...pairs: [string, string][]) => findViolations(graphOf(pairs), ROOT);

describe('check-imports: the renderer floors', () => {
  it('accepts imports down the floors: views onto the store, the canvas onto nodes, app onto everything', () => {
    expect(
      check(
        ['src-renderer/editor/nodes/layer-node.tsx', 'src-renderer/editor/store/selectors.ts'],
        ['src-renderer/editor/canvas/canvas.tsx', 'src-renderer/editor/nodes/node-types.ts'],
        ['src-renderer/editor/nodes/layer-node.tsx', 'src-renderer/dashboard/index.ts'],
        ['src-renderer/dashboard/store/kit.ts', 'src-renderer/common/store-kit.ts'],
        ['src-renderer/app/app.tsx', 'src-renderer/editor/panels/palette.tsx'],
        ['src-renderer/main.tsx', 'src-renderer/app/app.tsx'],
      ),
    ).toEqual([]);
  });

  it('reports a store importing up into the views, and a view importing a sibling on its own floor', () => {
    const problems = check(
      ['src-renderer/editor/store/derive.ts', 'src-renderer/editor/canvas/canvas.tsx'],
      ['src-renderer/editor/nodes/layer-node.tsx', 'src-renderer/editor/inspector/inspector.tsx'],
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      new RegExp(
        [
          /^src-renderer\/editor\/store\/derive\.ts imports /.source,
          /src-renderer\/editor\/canvas\/canvas\.tsx: .*floor 1.*editor\/canvas is 6/.source,
        ].join(''),
      ),
    );
    expect(problems[1]).toMatch(
      /editor\/nodes \(floor 5\) may import only from lower floors, and editor\/inspector is 5/,
    );
  });

  it('reports reaching into the dashboard past its entry point, except from tests', () => {
    const problems = check(
      ['src-renderer/editor/nodes/layer-node.tsx', 'src-renderer/dashboard/ui/feature-map-thumbnail.tsx'],
      ['src-renderer/editor/nodes/layer-node.test.ts', 'src-renderer/dashboard/ui/feature-map-thumbnail.tsx'],
    );
    expect(problems).toEqual([
      'src-renderer/editor/nodes/layer-node.tsx imports src-renderer/dashboard/ui/feature-map-thumbnail.tsx: ' +
        'outside src-renderer/dashboard, import only its entry point src-renderer/dashboard/index.ts',
    ]);
  });

  it('reports a renderer file with no floor, and a circle inside one floor', () => {
    const problems = check(
      ['src-renderer/widgets/button.tsx', 'src-renderer/api/index.ts'],
      ['src-renderer/editor/store/a.ts', 'src-renderer/editor/store/b.ts'],
      ['src-renderer/editor/store/b.ts', 'src-renderer/editor/store/a.ts'],
    );
    expect(problems).toContain('import circle: src-renderer/editor/store/a.ts <-> src-renderer/editor/store/b.ts');
    expect(
      problems.some((p) => p.startsWith('src-renderer/widgets/button.tsx: it has no floor in RENDERER_FLOORS')),
    ).toBe(true);
  });
});
