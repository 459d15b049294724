// Every export of a project whose names and class names are hostile (read from a file that bypassed validation):
// the generated code must carry them as data, never run them, and still compile.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelGraph } from '../model/graph';
import type { ProjectFile } from '../model/project-file';
import { branchingModel, projectWithWeights, sequentialCnn } from './export-fixtures.test-support';
import { exportProjectFile } from './index';
import { exportKerasScript } from './keras-export';
import { importModel, ModelImportError } from './model-import';
import { exportTfjs } from './tfjs-export';
import { exportTypeScript } from './typescript-export';
import { ExportError, fileBytes, type ExportFile } from './types';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'fb-hostile-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Each would print or log PWNED if it escaped its string or comment, in Python or in TypeScript. */
const HOSTILE_LAYER_NAMES = [
  'in\nprint("PWNED")\n#',
  'a"""\nprint("PWNED")\n"""',
  "b'''\nprint('PWNED')\n'''",
  'c */ console.log("PWNED") /*',
  'd\\',
  'e\\\nprint("PWNED")',
  'f\u2028console.log("PWNED")',
  'g\u2029print("PWNED")',
  'h${console.log("PWNED")}',
  'i`+console.log("PWNED")+`',
  'j\r\nprint("PWNED")',
  'k");print("PWNED");("',
  'l\u0000\u001b[31m\u000c\u000b',
  'm\u0085print("PWNED")',
  'n\ud800',
  'o\u{1F600}"',
];
const HOSTILE_MODEL_NAME = 'm """\nprint("PWNED")\n"""';
const HOSTILE_CLASS = (i: number) =>
  [`x"\nprint("PWNED")`, 'y\u2028console.log("PWNED")', "z'''\\", '${console.log("PWNED")}`*/'][i % 4] + i;

/** A project as a hostile file would hold it: every name replaced after validation, as a bypass would. */
function hostileProject(graph: ModelGraph): ProjectFile {
  const project = projectWithWeights(graph, 5);
  project.graph.name = HOSTILE_MODEL_NAME;
  project.graph.nodes.forEach((n, i) => {
    n.name = HOSTILE_LAYER_NAMES[i];
  });
  project.graph.groups = [{ id: 'g0', name: 'grp */\nprint("PWNED")', nodeIds: [project.graph.nodes[1].id] }];
  project.classNames = project.classNames!.map((_, i) => HOSTILE_CLASS(i));
  project.dataset!.path = '/data/"""\nprint("PWNED")';
  return project;
}

function writeFiles(name: string, files: readonly ExportFile[]): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.path), fileBytes(f));
  return dir;
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 << 20, ...options });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}`, stdout: r.stdout };
}

/**
 * Whether a payload ran: its print / console.log writes PWNED
 * on a line of its own (a name quoted in a message does not).
 */
const ranPayload = (output: string) => output.split(/\r?\n/).some((line) => line.trim() === 'PWNED');

/** A `tensorflow` package of no-op objects, so that the exported script's own top-level code and main() run here. */
const TENSORFLOW_STUB = `import sys, types

class _Stub:
    def __init__(self, *args, **kwargs): pass
    def __getattr__(self, name): return _Stub()
    def __call__(self, *args, **kwargs): return _Stub()
    def __enter__(self): return self
    def __exit__(self, *args): return False
    def __iter__(self): return iter(())
    def __format__(self, spec): return "1"

def __getattr__(name): return _Stub()

keras = types.ModuleType("tensorflow.keras")
keras.__getattr__ = lambda name: _Stub()
sys.modules["tensorflow.keras"] = keras
`;

/** Names of every function called anywhere in the script, and its top-level string constants. */
const INSPECT =
  `
import ast, json, sys
tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
called = sorted({n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)})
constants = {}
for node in tree.body:
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id in ` +
  `("MODEL_NAME", "CLASS_NAMES", "WEIGHT_NAMES"):
        constants[node.targets[0].id] = ast.literal_eval(node.value)
names = [k.value.value for n in ast.walk(tree) if isinstance(n, ast.Call) for k in n.keywords if k.arg == "name" ` +
  `and isinstance(k.value, ast.Constant)]
print(json.dumps({"called": called, "constants": constants, "names": names, "doc": ast.get_docstring(tree)}, ` +
  `ensure_ascii=True))
`;

describe.each([
  ['sequential', sequentialCnn],
  ['branching', branchingModel],
] as const)('hostile names in the Keras script of a %s model', (label, build) => {
  const project = hostileProject(build());
  const script = exportKerasScript(project).files[0];
  const benign = exportKerasScript(projectWithWeights(build(), 5)).files[0];
  const dir = writeFiles(`keras-${label}`, [script]);
  const path = join(dir, script.path);
  writeFiles(`keras-${label}/stub/tensorflow`, [{ path: '__init__.py', text: TENSORFLOW_STUB }]);

  it('compiles, and carries every name as a string, never as code', () => {
    expect(script.path).toMatch(/^[A-Za-z0-9_-]+\.py$/);
    const compiled = run('python3', ['-m', 'py_compile', path]);
    expect(compiled.status, compiled.output).toBe(0);
    const inspect = (file: string) => {
      const inspected = run('python3', ['-c', INSPECT, file]);
      expect(inspected.status, inspected.output).toBe(0);
      return JSON.parse(inspected.stdout);
    };
    const info = inspect(path);
    // The same functions are called as in the export of the same model with plain names: no name added a call.
    expect(info.called).toEqual(inspect(join(writeFiles(`keras-${label}-benign`, [benign]), benign.path)).called);
    expect(info.constants.MODEL_NAME).toBe(HOSTILE_MODEL_NAME);
    expect(info.constants.CLASS_NAMES).toEqual(project.classNames);
    expect(info.names).toEqual(expect.arrayContaining([HOSTILE_MODEL_NAME, ...project.graph.nodes.map((n) => n.name)]));
    expect(info.doc.split('\n')[0]).toContain('print');
  });

  it.each(['default', 'mirrored', 'multiworker', 'tpu'])(
    'runs with --strategy %s and prints nothing from a name',
    (strategy) => {
      const out = join(dir, `${strategy}.keras`);
      const ran = run('python3', [path, '--epochs', '0', '--strategy', strategy, '--output', out], {
        cwd: dir,
        env: { ...process.env, PYTHONPATH: join(dir, 'stub') },
      });
      expect(ran.status, ran.output).toBe(0);
      expect(ran.output).toContain(`saved ${out}`);
      expect(ranPayload(ran.output), ran.output).toBe(false);
    },
  );
});

const TS_RUNNER =
  `import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { CLASS_NAMES, loadModel, WEIGHTS } from './model';

await tf.setBackend('cpu');
// TF.js refuses such names itself when it builds the layers: that refusal must be the first thing the names reach.
const built = await loadModel((path) => readFile(new URL(path, import.meta.url))).then(() => 'built', (e: Error) ` +
  `=> e.message.split('\\n')[0]);
console.log(JSON.stringify({ classNames: CLASS_NAMES, weights: WEIGHTS.map((w) => w.name), built }));
`;

describe('hostile names in the TypeScript and TF.js exports', () => {
  const project = hostileProject(branchingModel());

  it('the TypeScript module type-checks with strict tsc, loads, and runs nothing from a name', () => {
    const { files } = exportTypeScript(project);
    const dir = writeFiles('ts', files);
    writeFileSync(join(dir, 'main.ts'), TS_RUNNER);
    const tsconfig = {
      strict: true,
      noUncheckedIndexedAccess: true,
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      types: ['node'],
      skipLibCheck: true,
      noEmit: true,
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: tsconfig, include: ['*.ts'] }));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const checked = run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: dir,
    });
    expect(checked.status, checked.output).toBe(0);
    const ran = run(process.execPath, [join(repo, 'node_modules/tsx/dist/cli.mjs'), 'main.ts'], { cwd: dir });
    expect(ran.status, ran.output).toBe(0);
    expect(ranPayload(ran.output), ran.output).toBe(false);
    const out = JSON.parse(ran.stdout.trim().split('\n').at(-1)!);
    expect(out.classNames).toEqual(project.classNames);
    expect(out.weights).toContain(`${HOSTILE_LAYER_NAMES[2]}/kernel`);
    expect(out.built).toBe("Not a valid tensor name: 'in");
  });

  it('model.json and the sidecar carry the names as data, and importing them back refuses the names', () => {
    const { files } = exportTfjs(project);
    const text = (path: string) => new TextDecoder().decode(fileBytes(files.find((f) => f.path === path)!));
    const json = JSON.parse(text('model.json'));
    expect(json.modelTopology.config.name).toBe(HOSTILE_MODEL_NAME);
    expect(json.modelTopology.config.layers.map((l: { name: string }) => l.name)).toEqual(
      project.graph.nodes.map((n) => n.name),
    );
    expect(json.userDefinedMetadata.filterbank.classNames).toEqual(project.classNames);
    expect(JSON.parse(text('filterbank.json')).modelName).toBe(HOSTILE_MODEL_NAME);
    expect(() => importModel(json, null)).toThrow(ModelImportError);
    expect(() => importModel(json, null)).toThrow(/names use only letters/);
  });

  it(
    'the project file export refuses the names with the ' + 'rule instead of writing a file Filterbank would not open',
    () => {
      expect(() => exportProjectFile(project)).toThrow(ExportError);
      expect(() => exportProjectFile(project)).toThrow(
        /graph\.name: the model name "m \\"\\"\\"\\nprint.*names use only letters/,
      );
    },
  );
});
