import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** The modules a file loads at run time: its import and export-from statements that are not type-only. */
function runtimeImports(path: string, source: string): string[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest);
  const out: string[] = [];
  for (const st of file.statements) {
    if (ts.isImportDeclaration(st) && !st.importClause?.isTypeOnly)
      out.push((st.moduleSpecifier as ts.StringLiteral).text);
    if (ts.isExportDeclaration(st) && st.moduleSpecifier && !st.isTypeOnly)
      out.push((st.moduleSpecifier as ts.StringLiteral).text);
  }
  return out;
}

describe('IPC contract', () => {
  it('stays loadable by the renderer and preload: it and what it imports use nothing but zod', async () => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = async (file: URL): Promise<void> => {
      if (seen.has(file.href)) return;
      seen.add(file.href);
      for (const from of runtimeImports(file.pathname, await readFile(file, 'utf8'))) {
        if (!from.startsWith('.')) packages.add(from);
        else {
          const asFile = new URL(`${from}.ts`, file);
          await visit(existsSync(asFile) ? asFile : new URL(`${from}/index.ts`, file));
        }
      }
    };
    await visit(new URL('./contract.ts', import.meta.url));
    expect([...packages]).toEqual(['zod']);
    expect([...seen].some((f) => f.endsWith('src-engine/model/project-file.ts'))).toBe(true);
  });
});
