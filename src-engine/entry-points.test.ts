// The renderer bundles src-engine/index.ts, so nothing it reaches may load Node built-ins or Node-only packages.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ENGINE = dirname(fileURLToPath(import.meta.url));
const NODE_ONLY = /^(node:|fs$|path$|os$|child_process$|worker_threads$|sharp$|gpu\.js$|gl$|webgpu$|ws$)/;
// Value imports and re-exports only: `import type` and `export type` vanish from the bundle.
const VALUE_IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveFile(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, base, join(base, 'index.ts')])
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return null;
}

/** Every Node-only package reachable from `entry`, as "file -> package". */
function nodeOnlyImports(entry: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(VALUE_IMPORT)) {
      const specifier = (m[1] ?? m[2])!;
      if (specifier.startsWith('.')) {
        const target = resolveFile(file, specifier);
        if (target) queue.push(target);
      } else if (NODE_ONLY.test(specifier)) found.push(`${relative(ENGINE, file)} -> ${specifier}`);
    }
  }
  return found;
}

describe('engine entry points', () => {
  it('index.ts reaches no Node built-in or Node-only package (the renderer bundles it)', () => {
    expect(nodeOnlyImports(join(ENGINE, 'index.ts'))).toEqual([]);
  });

  it('node.ts does reach them (so the walk above finds such imports)', () => {
    expect(nodeOnlyImports(join(ENGINE, 'node.ts'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/-> node:fs/)]),
    );
  });
});
