import type { Tensor } from '../core/tensor';
import { sequential, type LayerNode, type ModelGraph } from '../model/graph';
import { inferShapes } from '../model/inference';
import { decodeWeights, encodeWeights, newProject, type ProjectFile, type WeightMap } from '../model/project-file';
import { DatasetSettingsSchema, TrainingSettingsSchema } from '../model/settings';
import { compileModel } from '../model/executor';
import { arrayBatchSource } from '../train/array-source';
import { fit } from '../train/fit';
import { createReferenceEngine } from '../train/reference-engine';
import { decodeTfjsWeights, type TfjsWeightEntry } from './tfjs-weights';
import { fileBytes, type ExportFile } from './types';

/** A small seeded generator (mulberry32) so fixtures are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Distinct random values for every weight (positive variances), so that a misplaced weight changes predictions. */
export function randomWeights(graph: ModelGraph, seed: number): WeightMap {
  const random = seededRandom(seed);
  const out: WeightMap = new Map();
  for (const info of inferShapes(graph).nodes.values()) {
    const m = new Map<string, Tensor>();
    for (const w of info.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const values = Float32Array.from({ length: n }, () =>
        w.name === 'moving_variance' ? 0.5 + random() : (random() - 0.5) * 0.8,
      );
      m.set(w.name, { shape: [...w.shape], values });
    }
    if (m.size > 0) out.set(info.node.id, m);
  }
  return out;
}

export function randomInputs(shape: readonly number[], count: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count * shape.reduce((a, b) => a * b, 1) }, () => random());
}

/** A Sequential CNN with BatchNormalization and Dropout on 16×16 RGB images, 4 classes. */
export function sequentialCnn(): ModelGraph {
  return sequential('seq_cnn', [
    { className: 'InputLayer', params: { shape: [16, 16, 3] } },
    {
      className: 'Conv2D',
      params: { filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'he_normal' },
    },
    { className: 'BatchNormalization', params: { momentum: 0.9 } },
    { className: 'MaxPooling2D', params: { poolSize: 2 } },
    { className: 'Dropout', params: { rate: 0.25 } },
    { className: 'Conv2D', params: { filters: 8, kernelSize: [3, 2], strides: [2, 1], activation: 'tanh' } },
    { className: 'Flatten' },
    { className: 'Dense', params: { units: 12, activation: 'relu' } },
    { className: 'Dropout', params: { rate: 0.5 } },
    { className: 'Dense', params: { units: 4, activation: 'softmax' } },
  ]);
}

/** A functional model using every other layer type: two branches joined by Add, Multiply and Concatenate. */
export function branchingModel(): ModelGraph {
  const nodes: LayerNode[] = [];
  const add = (name: string, className: string, params: Record<string, unknown>, inputs: string[]) => {
    nodes.push({ id: `n${nodes.length}`, name, className, params, inputs });
    return `n${nodes.length - 1}`;
  };
  const input = add('image', 'InputLayer', { shape: [10, 10, 1] }, []);
  const scaled = add('rescale', 'Rescaling', { scale: 2, offset: -1 }, [input]);
  const a = add('branch_a', 'Conv2D', { filters: 4, kernelSize: 3, padding: 'same', activation: 'elu' }, [scaled]);
  const b0 = add(
    'pad',
    'ZeroPadding2D',
    {
      padding: [
        [1, 0],
        [0, 1],
      ],
    },
    [scaled],
  );
  const b = add('branch_b', 'Conv2D', { filters: 4, kernelSize: 2, useBias: false }, [b0]);
  const sum = add('sum', 'Add', {}, [a, b]);
  const prod = add('product', 'Multiply', {}, [a, sum]);
  const joined = add('joined', 'Concatenate', { axis: -1 }, [sum, prod, scaled]);
  const bn = add('bn', 'BatchNormalization', { center: false }, [joined]);
  const act = add('act', 'Activation', { activation: 'sigmoid' }, [bn]);
  const avg = add('avg', 'AveragePooling2D', { poolSize: 3, strides: 2, padding: 'same' }, [act]);
  const gmp = add('gmp', 'GlobalMaxPooling2D', {}, [avg]);
  add('classes', 'Dense', { units: 3, activation: 'softmax' }, [gmp]);
  return { name: 'branching', nodes };
}

/** A trained-looking project: the given (or random) weights, class names, preprocessing and training settings. */
export function projectWithWeights(
  graph: ModelGraph,
  seed: number,
  weights: WeightMap = randomWeights(graph, seed),
): ProjectFile {
  const project = newProject(graph);
  const inference = inferShapes(graph);
  const inputShape = inference.nodes.get(inference.inputIds[0])!.outputShape!;
  const units = inference.nodes.get(inference.outputId!)!.outputShape![0];
  project.weights = encodeWeights(weights);
  project.classNames = Array.from({ length: units }, (_, i) => `class ${String.fromCharCode(97 + i)}`);
  if (inputShape.length === 3) {
    project.dataset = DatasetSettingsSchema.parse({
      path: '/data/images',
      preprocessing: { height: inputShape[0], width: inputShape[1], channels: inputShape[2], interpolation: 'area' },
    });
  }
  project.training = TrainingSettingsSchema.parse({
    optimizer: 'adam',
    learningRate: 0.002,
    batchSize: 16,
    epochs: 7,
    validationSplit: 0.25,
    seed: 9,
    earlyStoppingPatience: 3,
  });
  return project;
}

/** Float to IEEE half, round-to-nearest-even on the mantissa (test fixture: TF.js only decodes float16). */
function floatToHalf(value: number): number {
  const f = new Float32Array([value]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  const mant = x & 0x7fffff;
  if (exp <= 0) return sign | Math.round((mant | 0x800000) / 2 ** (14 - exp));
  if (exp >= 31) return sign | 0x7c00;
  let h = sign | (exp << 10) | (mant >> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
  return h;
}

/** Re-encodes a saved model's weights in `dtype` as the TF.js converter's --quantize options do. */
export function quantize(files: ExportFile[], dtype: 'uint8' | 'uint16' | 'float16'): ExportFile[] {
  const json = JSON.parse(new TextDecoder().decode(fileBytes(files[0])));
  const byPath = new Map(files.map((f) => [f.path, fileBytes(f)]));
  const values = decodeTfjsWeights(json.weightsManifest, (p) => byPath.get(p) ?? null);
  const chunks: Uint8Array[] = [];
  const entries: TfjsWeightEntry[] = [];
  for (const spec of json.weightsManifest[0].weights as TfjsWeightEntry[]) {
    const v = values.get(spec.name)!.values;
    if (dtype === 'float16') {
      chunks.push(new Uint8Array(Uint16Array.from(v, floatToHalf).buffer));
      entries.push({ ...spec, quantization: { dtype } });
      continue;
    }
    const levels = dtype === 'uint8' ? 255 : 65535;
    const min = Math.min(...v);
    const scale = (Math.max(...v) - min) / levels || 1;
    const q = Array.from(v, (x) => Math.round((x - min) / scale));
    chunks.push(dtype === 'uint8' ? Uint8Array.from(q) : new Uint8Array(Uint16Array.from(q).buffer));
    entries.push({ ...spec, quantization: { dtype, scale, min, original_dtype: 'float32' } });
  }
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((at, c) => (bytes.set(c, at), at + c.length), 0);
  const modelJson = { ...json, weightsManifest: [{ paths: ['q.bin'], weights: entries }] };
  return [
    { path: 'model.json', text: JSON.stringify(modelJson) },
    { path: 'q.bin', bytes },
  ];
}

/** Filterbank's own predict: the reference engine (runForward on the reference ops) with the project's weights. */
export async function filterbankPredict(project: ProjectFile, x: Float32Array, n: number): Promise<Float32Array> {
  const engine = createReferenceEngine({
    model: compileModel(project.graph),
    optimizer: { name: 'adam' },
    loss: 'sparse_categorical_crossentropy',
    seed: 0,
    weights: project.weights ? decodeWeights(project.weights) : null,
  });
  return engine.predict(x, n);
}

/**
 * Trains a model a few steps on random images with the reference engine; returns the project with the trained weights.
 */
export async function trainedProject(graph: ModelGraph, seed: number): Promise<ProjectFile> {
  const model = compileModel(graph);
  const engine = createReferenceEngine({
    model,
    optimizer: { name: 'adam', learningRate: 0.01 },
    loss: 'sparse_categorical_crossentropy',
    seed,
  });
  const n = 48;
  const classes = model.outputShape[0];
  const random = seededRandom(seed);
  const labels = Int32Array.from({ length: n }, () => Math.floor(random() * classes));
  const result = await fit(
    engine,
    arrayBatchSource(
      randomInputs(model.inputShape, n, seed),
      labels,
      model.inputShape.reduce((a, b) => a * b, 1),
    ),
    { epochs: 1, batchSize: 16, seed },
  );
  if (result.history.length !== 1) throw new Error(`training stopped early: ${result.message}`);
  return projectWithWeights(graph, seed, await engine.getWeights());
}
