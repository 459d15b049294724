import type { ActivationName } from '../core/activations';
import type { ParamSpec } from '../layers/params';
import type { InitializerName } from '../core/initializers';
import type { CompiledLayer } from '../model/executor';
import type { ProjectFile } from '../model/project-file';
import { formatShapeWithBatch } from '../model/summary';
import { TS_RESERVED, variableNames } from './code-names';
import { commentText, tsLiteral } from './code-text';
import { pixelScale, prepareExport } from './export-model';
import { layersToOutput } from './model-subset';
import { buildTfjsModel, MODEL_JSON, tfjsFiles, type TfjsExportOptions } from './tfjs-export';
import { tfjsActivation, tfjsInitializerIdentifier, tfjsLayerFactory, toCamelCase } from './tfjs-names';
import type { ExportResult } from './types';

export const TYPESCRIPT_MODULE = 'model.ts';

const literal = tsLiteral;
const numbers = (values: readonly number[]) => values.map(literal).join(', ');

/** One layer argument as TypeScript source, or null when TF.js' default stands for it (pooling strides = pool size). */
function argumentSource(spec: ParamSpec, value: unknown, layer: string): string | null {
  switch (spec.kind) {
    case 'activation':
      return literal(toCamelCase(tfjsActivation(value as ActivationName, layer)));
    case 'initializer':
      return literal(tfjsInitializerIdentifier(value as InitializerName));
    case 'padding2d': {
      const p = value as { top: number; bottom: number; left: number; right: number };
      return `[[${numbers([p.top, p.bottom])}], [${numbers([p.left, p.right])}]]`;
    }
    case 'pair':
      return value === null ? null : `[${numbers(value as number[])}]`;
    case 'shape':
      return `[${numbers(value as number[])}]`;
    default:
      return literal(value);
  }
}

function layerStatement(
  layer: CompiledLayer,
  vars: Map<string, string>,
  nameOfId: Map<string, string>,
  params: number,
): string {
  const v = vars.get(layer.name)!;
  const args = [`name: ${literal(layer.name)}`];
  for (const [camel, spec] of Object.entries(layer.def.params)) {
    const src = argumentSource(spec, layer.params[camel], layer.name);
    if (src !== null) args.push(`${toCamelCase(spec.kerasName)}: ${src}`);
  }
  const comment =
    `  // ${commentText(layer.name)} (${layer.def.className}): output ` +
    `${formatShapeWithBatch([null, ...layer.outputShape])}, ${params} parameters`;
  if (layer.className === 'InputLayer') return `${comment}\n  const ${v} = tf.input({ ${args.join(', ')} });`;
  const inputs = layer.inputIds.map((id) => vars.get(nameOfId.get(id)!)!);
  const applied = inputs.length === 1 ? inputs[0] : `[${inputs.join(', ')}]`;
  return (
    `${comment}\n  const ${v} = tf.layers.${tfjsLayerFactory(layer.def.className)}({ ${args.join(', ')} ` +
    `}).apply(${applied}) as tf.SymbolicTensor;`
  );
}

const shapeSize = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/**
 * A readable TypeScript module that rebuilds the model with @tensorflow/tfjs layer by layer (generated from the layer
 * declarations), loads the weights of the TF.js export beside it, and predicts class probabilities. The export
 * contains the module and the TF.js files it reads.
 */
export function exportTypeScript(project: ProjectFile, options: TfjsExportOptions = {}): ExportResult {
  const model = prepareExport(project, { requireWeights: true });
  const tfjs = buildTfjsModel(model, options);
  const { layers } = layersToOutput(model.compiled);
  const vars = variableNames(
    layers.map((l) => l.name),
    TS_RESERVED,
  );
  const nameOfId = new Map(layers.map((l) => [l.id, l.name]));
  const input = layers.find((l) => l.id === model.compiled.inputId)!;
  const output = layers.find((l) => l.id === model.compiled.outputId)!;
  const body = layers
    .map((l) =>
      layerStatement(
        l,
        vars,
        nameOfId,
        l.weights.reduce((n, w) => n + shapeSize(w.shape), 0),
      ),
    )
    .join('\n');
  const manifest = tfjs.modelJson.weightsManifest;
  const weightList = manifest
    .flatMap((g) => g.weights)
    .map((w) => `  { name: ${literal(w.name)}, shape: [${numbers(w.shape)}] },`);
  const p = model.preprocessing;
  const [h, w, c] = model.compiled.inputShape;
  const inputDoc = p
    ? [
        ` * Input: one image as ${h}×${w}×${c} float32 values in row-major (height, width, channels) order, i.e. index`,
        ` * (y · ${w} + x) · ${c} + channel, ${c === 1 ? 'grayscale' : c === 3 ? 'RGB' : 'RGBA'}. Prepare it as ` +
          `Filterbank did for training: resize the image to`,
        ` * ${w}×${h} (${p.interpolation} interpolation` +
          `${p.autoOrient ? ', after applying its EXIF orientation' : ''})${
            c < 4 ? `, flatten transparency over RGB(${p.background.join(', ')})` : ''
          }, then divide each`,
        ` * byte value (0–255) by ${Math.round(1 / pixelScale(p))} (see PREPROCESSING).`,
      ]
    : [` * Input: one sample of shape [${model.compiled.inputShape.join(', ')}] as float32 values in row-major order.`];
  const weightFiles = manifest.flatMap((g) => g.paths).join(', ') || 'none';
  const source =
    `/**
 * ${commentText(model.project.graph.name)}: a ${layers.length}-layer model exported by Filterbank.
 *
 * buildModel() rebuilds it with @tensorflow/tfjs layer by layer; loadModel() also loads the trained weights from the
 * files exported beside this module (${MODEL_JSON}'s weight shards: ${commentText(weightFiles)}).
 *
${inputDoc.map(commentText).join('\n')}
 * Output: ${model.classNames.length} class scores for CLASS_NAMES, which sum to 1 when the last layer is a softmax.
 *
 * Node:    const model = await loadModel((path) => readFile(new URL(path, import.meta.url)));
 * Browser: const model = await loadModel(async (path) => (await fetch(new URL(path, import.meta.url))).arrayBuffer());
 *          const { className, probability } = predict(model, pixels).best;
 */
import * as tf from '@tensorflow/tfjs';

export const CLASS_NAMES: readonly string[] = ${literal(model.classNames)};

/** One sample's shape without the batch axis. */
export const INPUT_SHAPE = [${numbers(model.compiled.inputShape)}] as const;

/** How Filterbank turned images into inputs while training. */
export const PREPROCESSING = ${literal(p)} as const;

export function buildModel(): tf.LayersModel {
${body}
  return tf.model({ inputs: ${vars.get(input.name)}, outputs: ${vars.get(output.name)}, name: ` +
    `${literal(model.project.graph.name)} });
}

/** Weight files, in the order their bytes are concatenated. */
export const WEIGHT_FILES: readonly string[] = ${literal(manifest.flatMap((g) => g.paths))};

/** Every weight as stored in the weight files: float32, little-endian, one after another. */
export const WEIGHTS: readonly { name: string; shape: readonly number[] }[] = [
${weightList.join('\n')}
];

/** Sets every layer's weights from the weight files' contents (in WEIGHT_FILES order). */
export function setWeights(model: tf.LayersModel, files: readonly Uint8Array[]): void {
  const total = files.reduce((n, f) => n + f.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const f of files) {
    bytes.set(f, offset);
    offset += f.byteLength;
  }
  const byName = new Map<string, tf.Tensor>();
  offset = 0;
  for (const w of WEIGHTS) {
    const size = w.shape.reduce((a, b) => a * b, 1);
    if (offset + size * 4 > total) throw new Error(\`weight \${w.name} lies beyond the end of the weight files ` +
    `(\${total} bytes): a file is missing or truncated\`);
    const values = new Float32Array(bytes.slice(offset, offset + size * 4).buffer);
    byName.set(w.name, tf.tensor(values, [...w.shape], 'float32'));
    offset += size * 4;
  }
  for (const layer of model.layers) {
    const values = layer.weights.map((v) => {
      const t = byName.get(v.originalName);
      if (!t) throw new Error(\`no weight \${v.originalName} in the weight files\`);
      return t;
    });
    if (values.length > 0) layer.setWeights(values);
  }
  for (const t of byName.values()) t.dispose();
}

/** Builds the model and loads its weights; \`readFile\` returns a file's bytes given its path relative to this ` +
    `module. */
export async function loadModel(readFile: (path: string) => Promise<ArrayBuffer | Uint8Array>): ` +
    `Promise<tf.LayersModel> {
  const model = buildModel();
  const files = await Promise.all(WEIGHT_FILES.map(async (path) => {
    const data = await readFile(path);
    return data instanceof Uint8Array ? data : new Uint8Array(data);
  }));
  setWeights(model, files);
  return model;
}

export interface Prediction {
  /** One probability per class, in CLASS_NAMES order. */
  probabilities: number[];
  classNames: readonly string[];
  best: { className: string; probability: number };
}

/** Classifies one preprocessed image (see the input description at the top of this file). */
export function predict(model: tf.LayersModel, image: Float32Array | readonly number[]): Prediction {
  const size = INPUT_SHAPE.reduce((a: number, b: number) => a * b, 1);
  if (image.length !== size) throw new Error(\`predict: expected \${size} values (\${INPUT_SHAPE.join('×')}), got ` +
    `\${image.length}\`);
  const probabilities = tf.tidy(() => {
    const x = tf.tensor(Float32Array.from(image), [1, ...INPUT_SHAPE]);
    return Array.from((model.predict(x) as tf.Tensor).dataSync());
  });
  let top = 0;
  probabilities.forEach((p, i) => {
    if (p > (probabilities[top] ?? -Infinity)) top = i;
  });
  return { probabilities, classNames: CLASS_NAMES, best: { className: CLASS_NAMES[top] ?? String(top), ` +
    `probability: probabilities[top] ?? 0 } };
}
`;
  return {
    files: [{ path: TYPESCRIPT_MODULE, text: source }, ...tfjsFiles(tfjs)],
    notes: [...model.notes, ...tfjs.notes],
  };
}
