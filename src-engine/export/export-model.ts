import { shapesEqual, type Tensor } from '../core/tensor';
import { compileModel, ModelInvalidError, type CompiledModel } from '../model/executor';
import {
  decodeWeights,
  NonFiniteWeightError,
  ProjectFileError,
  type ProjectFile,
  type WeightMap,
} from '../model/project-file';
import { PreprocessingSchema, type Preprocessing } from '../model/settings';
import { ExportError } from './types';

/** The factor from byte values to model inputs for a preprocessing's value range ('0..1': x / 255). */
export function pixelScale(p: Preprocessing): number {
  return p.valueRange === '0..1' ? 1 / 255 : 1;
}

/** What every exporter works from: a validated model, its complete weights, and how images become its input. */
export interface ExportModel {
  project: ProjectFile;
  compiled: CompiledModel;
  /** Every weight of every layer, shape-checked; null when the project has none (an untrained model). */
  weights: WeightMap | null;
  /** Null when the input is not an image (height, width, 1/3/4 channels): no image pipeline can feed it. */
  preprocessing: Preprocessing | null;
  classNames: string[];
  notes: string[];
}

const showShape = (s: readonly number[]) => `[${s.join(', ')}]`;

/** Checks that `weights` holds exactly the model's weights with the right shapes; names the first one that is not. */
export function checkWeights(compiled: CompiledModel, weights: WeightMap): void {
  const layerIds = new Set(compiled.layers.map((l) => l.id));
  for (const [nodeId, byName] of weights) {
    if (!layerIds.has(nodeId) && byName.size > 0) {
      throw new ExportError(
        `the weights include ${[...byName.keys()].join(', ')} for a node '${nodeId}' that is not in the model`,
      );
    }
  }
  for (const layer of compiled.layers) {
    const stored = weights.get(layer.id) ?? new Map<string, Tensor>();
    for (const spec of layer.weights) {
      const t = stored.get(spec.name);
      if (!t)
        throw new ExportError(
          `weight '${spec.name}' ${showShape(spec.shape)} is missing; train the model or re-import its weights`,
          layer.name,
        );
      if (!shapesEqual(t.shape, spec.shape)) {
        throw new ExportError(
          `weight '${spec.name}' has shape ${showShape(t.shape)} but the layer needs ${showShape(spec.shape)}; ` +
            `retrain after changing the layer`,
          layer.name,
        );
      }
    }
    const expected = new Set(layer.weights.map((w) => w.name));
    const extra = [...stored.keys()].filter((n) => !expected.has(n));
    if (extra.length > 0) throw new ExportError(`has weights it does not use: ${extra.join(', ')}`, layer.name);
  }
}

function preprocessingFor(project: ProjectFile, compiled: CompiledModel, notes: string[]): Preprocessing | null {
  const shape = compiled.inputShape;
  const stored = project.dataset?.preprocessing;
  if (stored) {
    if (shape.length !== 3 || stored.height !== shape[0] || stored.width !== shape[1] || stored.channels !== shape[2]) {
      throw new ExportError(
        `the dataset preprocessing makes ${stored.height}×${stored.width}×${stored.channels} images but the ` +
          `model's input is ${shape.join('×')}; change the InputLayer shape or the image size`,
      );
    }
    return stored;
  }
  if (shape.length !== 3 || ![1, 3, 4].includes(shape[2])) {
    notes.push(
      `the model's input ${showShape(shape)} is not an image (height, ` +
        `width and 1, 3 or 4 channels), so no image preprocessing is exported`,
    );
    return null;
  }
  notes.push(
    `the project has no dataset settings: images are assumed to be ` +
      `resized bilinearly to ${shape[0]}×${shape[1]} and scaled by 1/255`,
  );
  return PreprocessingSchema.parse({ height: shape[0], width: shape[1], channels: shape[2] });
}

function classNamesFor(project: ProjectFile, compiled: CompiledModel, notes: string[]): string[] {
  const units = compiled.outputShape[compiled.outputShape.length - 1];
  if (compiled.outputShape.length !== 1) {
    throw new ExportError(
      `the model's output ${showShape(compiled.outputShape)} is not a vector of class scores; end the model with ` +
        `Flatten or global pooling and a Dense layer`,
    );
  }
  if (project.classNames) {
    if (project.classNames.length !== units) {
      throw new ExportError(
        `the project has ${project.classNames.length} class names but the model's output has ${units} units; set ` +
          `the last Dense layer's units to ${project.classNames.length}`,
      );
    }
    return project.classNames;
  }
  notes.push(`the project has no class names: they are exported as class_0 … class_${units - 1}`);
  return Array.from({ length: units }, (_, i) => `class_${i}`);
}

/** Validates a project for export. Throws ExportError (never a stack trace) for anything the user must fix. */
export function prepareExport(project: ProjectFile, options: { requireWeights: boolean }): ExportModel {
  let compiled: CompiledModel;
  try {
    compiled = compileModel(project.graph);
  } catch (e) {
    if (e instanceof ModelInvalidError) throw new ExportError(`the model is invalid: ${e.message}`);
    throw e;
  }
  let weights: WeightMap | null = null;
  if (project.weights) {
    try {
      weights = decodeWeights(project.weights, project.graph);
    } catch (e) {
      if (e instanceof NonFiniteWeightError) throw new ExportError(`${e.message}. ${e.hint}`);
      if (e instanceof ProjectFileError || e instanceof Error)
        throw new ExportError(`the project's weights are damaged: ${e.message}`);
      throw e;
    }
    checkWeights(compiled, weights);
  } else if (options.requireWeights && compiled.layers.some((l) => l.weights.length > 0)) {
    throw new ExportError(
      'the model has no trained weights: train it first, or export the Keras script or the project file',
    );
  }
  const notes: string[] = [];
  return {
    project,
    compiled,
    weights,
    preprocessing: preprocessingFor(project, compiled, notes),
    classNames: classNamesFor(project, compiled, notes),
    notes,
  };
}
