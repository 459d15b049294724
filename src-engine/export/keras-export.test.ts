import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inferShapes } from '../model/inference';
import { decodeWeights, type ProjectFile } from '../model/project-file';
import { branchingModel, projectWithWeights, quantize, sequentialCnn } from './export-fixtures.test-support';
import { exportKerasScript } from './keras-export';
import { exportTfjs } from './tfjs-export';
import { decodeTfjsWeights } from './tfjs-weights';
import { fileBytes, type ExportFile } from './types';

const work = mkdtempSync(join(tmpdir(), 'fb-keras-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Reads the script with Python's own parser: constants, build_model()'s layers with their literal arguments and inputs.
 */
const INSPECT =
  `
import ast, json, sys
tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
constants = {}
for node in tree.body:
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id.isupper():
        try:
            constants[node.targets[0].id] = ast.literal_eval(node.value)
        except ValueError:
            pass
def layer(call):
    cls = "InputLayer" if call.func.attr == "Input" else call.func.attr
    return cls, {k.arg: ast.literal_eval(k.value) for k in call.keywords}
build = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "build_model")
layers, names, style, output = [], {}, None, None
for stmt in build.body:
    if isinstance(stmt, ast.Assign):
        value = stmt.value
        if isinstance(value.func, ast.Call):
            cls, kwargs = layer(value.func)
            arg = value.args[0]
            inputs = [names[e.id] for e in (arg.elts if isinstance(arg, ast.List) else [arg])]
        else:
            (cls, kwargs), inputs = layer(value), []
        names[stmt.targets[0].id] = kwargs["name"]
        layers.append({"className": cls, "kwargs": kwargs, "inputs": inputs})
    elif isinstance(stmt, ast.Return):
        call = stmt.value
        style = call.func.attr
        if style == "Sequential":
            for e in call.args[0].elts:
                cls, kwargs = layer(e)
                layers.append({"className": cls, "kwargs": kwargs, "inputs": [layers[-1]["kwargs"]["name"]] if ` +
  `layers else []})
            output = layers[-1]["kwargs"]["name"]
        else:
            output = names[next(k.value.id for k in call.keywords if k.arg == "outputs")]
calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
strategy = next(c for c in calls if c.func.attr == "add_argument" and ast.literal_eval(c.args[0]) == "--strategy")
loader = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "load_datasets")
options = next(c for c in ast.walk(loader) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and ` +
  `c.func.id == "dict")
print(json.dumps({
    "constants": constants, "style": style, "layers": layers, "output": output,
    "strategyChoices": ast.literal_eval(next(k.value for k in strategy.keywords if k.arg == "choices")),
    "attributes": sorted({c.func.attr for c in calls}),
    "loaderOptions": {k.arg: ast.unparse(k.value) for k in options.keywords},
    "loader": ast.unparse(loader),
}))
`;

/** Runs only the script's read_tfjs_weights (numpy, no TensorFlow) on a folder and prints every weight. */
const READ_WEIGHTS =
  `
import ast, json, os, sys
import numpy as np
source = open(sys.argv[1], encoding="utf-8").read()
fn = next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == "read_tfjs_weights")
scope = {"np": np, "json": json, "os": os}
exec(compile(ast.Module(body=[fn], type_ignores=[]), "read_tfjs_weights", "exec"), scope)
weights = scope["read_tfjs_weights"](sys.argv[2])
print(json.dumps({k: {"shape": list(v.shape), "dtype": str(v.dtype), "values": [float(x) for x in v.ravel()]} for ` +
  `k, v in weights.items()}))
`;

function python(args: string[]): string {
  const r = spawnSync('python3', args, { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`python3 ${args.slice(0, 2).join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

function writeFiles(name: string, files: readonly ExportFile[]): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.path), fileBytes(f));
  return dir;
}

/** The model's layers in execution order with the names of their inputs. */
function expectedLayers(project: ProjectFile) {
  const inference = inferShapes(project.graph);
  const nameOf = (id: string) => inference.nodes.get(id)!.node.name;
  return inference.order.map((id) => {
    const { node } = inference.nodes.get(id)!;
    return { className: node.className, name: node.name, inputs: node.inputs.map(nameOf) };
  });
}

describe.each([
  ['seq_cnn', sequentialCnn, 'Sequential'],
  ['branching', branchingModel, 'Model'],
] as const)('Keras Python export of %s', (name, build, style) => {
  const project = projectWithWeights(build(), 3);
  const script = exportKerasScript(project).files[0];
  const dir = writeFiles(name, [script]);
  const path = join(dir, script.path);

  it('compiles, and its layers, connections, preprocessing and settings match the model', () => {
    expect(script.path).toBe(`${name}.py`);
    python(['-m', 'py_compile', path]);
    const info = JSON.parse(python(['-c', INSPECT, path]));
    expect(info.style).toBe(style);
    const expected = expectedLayers(project);
    expect(
      info.layers.map((l: { className: string; kwargs: { name: string }; inputs: string[] }) => [
        l.className,
        l.kwargs.name,
        l.inputs,
      ]),
    ).toEqual(expected.map((l) => [l.className, l.name, l.inputs]));
    expect(info.output).toBe(expected.at(-1)!.name);
    expect(info.constants).toMatchObject({
      CLASS_NAMES: project.classNames,
      IMAGE_SIZE: [project.dataset!.preprocessing.height, project.dataset!.preprocessing.width],
      INTERPOLATION: 'area',
      SCALE: 1 / 255,
      LOSS: 'sparse_categorical_crossentropy',
      LABEL_MODE: 'int',
      LEARNING_RATE: 0.002,
      BATCH_SIZE: 16,
      EPOCHS: 7,
      VALIDATION_SPLIT: 0.25,
      SEED: 9,
      EARLY_STOPPING_PATIENCE: 3,
    });
    const weights = decodeWeights(project.weights!);
    expect(info.constants.WEIGHT_NAMES).toEqual(
      Object.fromEntries(
        project.graph.nodes.filter((n) => weights.has(n.id)).map((n) => [n.name, [...weights.get(n.id)!.keys()]]),
      ),
    );
    expect(info.strategyChoices).toEqual(['default', 'mirrored', 'multiworker', 'tpu']);
    expect(info.attributes).toEqual(
      expect.arrayContaining([
        'MirroredStrategy',
        'MultiWorkerMirroredStrategy',
        'TPUStrategy',
        'set_weights',
        'fit',
        'compile',
        'EarlyStopping',
        'Rescaling',
      ]),
    );
    expect(info.loaderOptions).toEqual({
      labels: "'inferred'",
      label_mode: 'LABEL_MODE',
      class_names: 'CLASS_NAMES',
      color_mode: 'COLOR_MODE',
      image_size: 'IMAGE_SIZE',
      interpolation: 'INTERPOLATION',
      batch_size: 'batch_size',
      seed: 'seed',
    });
    expect(info.loader).toContain(
      "keras.utils.image_dataset_from_directory(data_dir, validation_split=validation_split, subset='validation', " +
        '**options)',
    );
    expect(info.loader).toContain('rescale = layers.Rescaling(SCALE)');
    if (name === 'seq_cnn') {
      // Hand-written from the fixture, independently of the generator.
      expect(info.constants.COLOR_MODE).toBe('rgb');
      expect(info.layers[1].kwargs).toEqual({
        filters: 6,
        kernel_size: [3, 3],
        strides: [1, 1],
        padding: 'same',
        activation: 'relu',
        use_bias: true,
        kernel_initializer: 'he_normal',
        bias_initializer: 'zeros',
        name: 'conv2d',
      });
      expect(info.layers[2].kwargs).toEqual({
        axis: -1,
        momentum: 0.9,
        epsilon: 0.001,
        center: true,
        scale: true,
        name: 'batch_normalization',
      });
      expect(info.layers[3].kwargs).toEqual({
        pool_size: [2, 2],
        strides: null,
        padding: 'valid',
        name: 'max_pooling2d',
      });
      expect(info.layers[5].kwargs).toMatchObject({
        filters: 8,
        kernel_size: [3, 2],
        strides: [2, 1],
        activation: 'tanh',
      });
      expect(info.layers[0].kwargs).toEqual({ shape: [16, 16, 3], name: 'input_layer' });
    } else {
      expect(info.constants.COLOR_MODE).toBe('grayscale');
      expect(info.layers.find((l: { kwargs: { name: string } }) => l.kwargs.name === 'pad').kwargs.padding).toEqual([
        [1, 0],
        [0, 1],
      ]);
      expect(info.layers.find((l: { kwargs: { name: string } }) => l.kwargs.name === 'rescale').kwargs).toEqual({
        scale: 2,
        offset: -1,
        name: 'rescale',
      });
      expect(info.layers.find((l: { kwargs: { name: string } }) => l.kwargs.name === 'joined').inputs).toEqual([
        'sum',
        'product',
        'rescale',
      ]);
    }
  });

  it.each(['float32', 'uint8'] as const)(
    "reads the TF.js export's %s weights with numpy exactly as Filterbank does",
    (dtype) => {
      const tfjs = exportTfjs(project).files;
      const files = dtype === 'float32' ? tfjs : quantize(tfjs, dtype);
      const folder = writeFiles(`${name}-${dtype}`, files);
      const read = JSON.parse(python(['-c', READ_WEIGHTS, path, folder]));
      const byPath = new Map(files.map((f) => [f.path, fileBytes(f)]));
      const json = JSON.parse(new TextDecoder().decode(byPath.get('model.json')));
      const expected = decodeTfjsWeights(json.weightsManifest, (p) => byPath.get(p) ?? null);
      expect(Object.keys(read).sort()).toEqual([...expected.keys()].sort());
      for (const [key, t] of expected) {
        expect(read[key].shape, key).toEqual(t.shape);
        expect(read[key].dtype).toBe('float32');
        expect(Float32Array.from(read[key].values), key).toEqual(t.values);
      }
    },
  );
});
