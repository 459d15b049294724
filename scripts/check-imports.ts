// The import rules of ARCHITECTURE.md, checked in `npm test` (npm run lint): no import circle anywhere, each
// floor of the engine and of the renderer imports only from floors below it, and the source trees (and the
// dashboard inside the renderer) reach each other only through their public entry points. Reads import
// specifiers with a regex (type imports count: a circle of types is still a concept without a home). Prints
// every violation; exit status 1 when there is one.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ENGINE_FLOORS,
  ENTRY_POINTS,
  RENDERER_ENTRY_POINTS,
  RENDERER_FLOORS,
  TREE_RULES,
  type TreeName,
} from './import-rules';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TREES: TreeName[] = ['src-shared', 'src-engine', 'src-main', 'src-renderer'];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC = /import\(\s*['"]([^'"]+)['"]\s*\)/g;

const isTestFile = (path: string) => /\.test\.tsx?$|\.test-support\.tsx?$|\/testing\/|\/fixtures\//.test(path);

function sourceFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

export interface ImportGraph {
  files: string[];
  edges: Map<string, string[]>;
}

export function readImportGraph(root = ROOT): ImportGraph {
  const files = TREES.flatMap((tree) => sourceFiles(join(root, tree)));
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = new Set<string>();
    for (const pattern of [IMPORT, DYNAMIC]) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
        const target = resolveImport(file, m[1]!);
        if (target) targets.add(target);
      }
    }
    edges.set(file, [...targets]);
  }
  return { files, edges };
}

/** Strongly connected components of more than one file (Tarjan, iterative: the graph can be deep). */
export function findCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  for (const start of graph.files) {
    if (index.has(start)) continue;
    const work: { node: string; i: number }[] = [{ node: start, i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const targets = graph.edges.get(top.node) ?? [];
      if (top.i < targets.length) {
        const w = targets[top.i++]!;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.node);
        if (component.length > 1) cycles.push(component);
      }
    }
  }
  return cycles;
}

const treeOf = (rel: string) => rel.split('/')[0] as TreeName;
/** The engine folder a file belongs to ('' for files at the engine's top level: its entry points). */
const engineFolder = (rel: string) => (rel.split('/').length > 2 ? rel.split('/')[1]! : '');

/** The RENDERER_FLOORS entry a path under src-renderer belongs to: the longest one that holds it. */
function rendererArea(path: string): string | undefined {
  let best: string | undefined;
  for (const key of Object.keys(RENDERER_FLOORS)) {
    if ((path === key || path.startsWith(`${key}/`)) && (best === undefined || key.length > best.length)) best = key;
  }
  return best;
}

function rendererProblems(from: string, to: string): string[] {
  const a = from.slice('src-renderer/'.length);
  const b = to.slice('src-renderer/'.length);
  for (const [folder, entry] of Object.entries(RENDERER_ENTRY_POINTS)) {
    if (b.startsWith(`${folder}/`) && !a.startsWith(`${folder}/`) && b !== entry) {
      return [
        `${from} imports ${to}: outside src-renderer/${folder}, import only its entry point src-renderer/${entry}`,
      ];
    }
  }
  const areaA = rendererArea(a);
  const areaB = rendererArea(b);
  if (areaA === undefined)
    return [`${from}: it has no floor in RENDERER_FLOORS (scripts/import-rules.ts); add its folder there`];
  if (areaA === areaB) return [];
  const floorA = RENDERER_FLOORS[areaA]!;
  const floorB = areaB === undefined ? undefined : RENDERER_FLOORS[areaB];
  if (floorB !== undefined && floorB < floorA) return [];
  return [
    `${from} imports ${to}: src-renderer/${areaA} (floor ${floorA}) may import only from lower floors, and ` +
      `${areaB ?? b} is ${floorB ?? 'not a floor'}`,
  ];
}

export function findViolations(graph: ImportGraph, root = ROOT): string[] {
  const problems: string[] = [];
  const rel = (path: string) => relative(root, path).split(sep).join('/');
  for (const cycle of findCycles(graph)) problems.push(`import circle: ${cycle.map(rel).sort().join(' <-> ')}`);
  for (const [file, targets] of graph.edges) {
    const from = rel(file);
    const fromTree = treeOf(from);
    for (const target of targets) {
      const to = rel(target);
      const toTree = treeOf(to);
      if (fromTree !== toTree) {
        if (!TREE_RULES[fromTree].includes(toTree)) {
          problems.push(
            `${from} imports ${to}: ${fromTree} may import only from ${TREE_RULES[fromTree].join(', ') || 'itself'}`,
          );
        } else if (!isTestFile(from) && ENTRY_POINTS[toTree] && !ENTRY_POINTS[toTree]!.includes(to)) {
          problems.push(
            `${from} imports ${to}: outside ${toTree}, import only its entry points (` +
              `${ENTRY_POINTS[toTree]!.join(', ')})`,
          );
        }
        continue;
      }
      if (fromTree === 'src-renderer' && !isTestFile(from)) problems.push(...rendererProblems(from, to));
      if (fromTree === 'src-engine' && !isTestFile(from)) {
        const a = engineFolder(from);
        const b = engineFolder(to);
        if (a === b || a === '') continue;
        const floorA = ENGINE_FLOORS[a];
        const floorB = ENGINE_FLOORS[b];
        if (floorA === undefined) problems.push(`${from}: src-engine/${a} has no floor in scripts/import-rules.ts`);
        else if (b === '' || floorB === undefined || floorB >= floorA) {
          problems.push(
            `${from} imports ${to}: src-engine/${a} (floor ${floorA}) may import only from lower floors, and ` +
              `${b || 'the entry point'} is ${floorB ?? 'not a floor'}`,
          );
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = findViolations(readImportGraph());
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(
      `${problems.length} import rule violation(s); the rules are in ARCHITECTURE.md and scripts/import-rules.ts.`,
    );
    process.exit(1);
  }
  console.log('imports: no circles, every floor imports downward, trees meet at their entry points');
}
