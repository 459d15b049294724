import { type BackendChoice, createEngine, preprocessingFor } from '../../src-engine/node';
import {
  type CompiledModel,
  compileModel,
  decodeWeights,
  ModelInvalidError,
  NonFiniteWeightError,
  type Preprocessing,
  type ProjectFile,
  type TrainingEngine,
  type WeightMap,
} from '../../src-engine';
import { UsageError } from './args';
import { readModelFile } from './model-file';

export interface TrainedModel {
  project: ProjectFile;
  model: CompiledModel;
  classNames: string[];
  preprocessing: Preprocessing;
  engine: TrainingEngine;
  backendNotes: string[];
}

/** Opens a trained model file for prediction or evaluation; says what to do when it is not trained. */
export async function openTrainedModel(path: string, backend: BackendChoice = 'auto'): Promise<TrainedModel> {
  const { project } = await readModelFile(path);
  let model: CompiledModel;
  try {
    model = compileModel(project.graph);
  } catch (e) {
    if (e instanceof ModelInvalidError) throw new UsageError(`${path}: the model is invalid: ${e.message}`);
    throw e;
  }
  if (!project.weights || !project.classNames) {
    throw new UsageError(
      `${path}: the model has no trained weights or class names; ` +
        `train it first (npm run cli -- train --model ${path} --data DIR)`,
    );
  }
  const preprocessing = preprocessingFor(model, project.dataset);
  let weights: WeightMap;
  try {
    weights = decodeWeights(project.weights, project.graph);
  } catch (e) {
    if (e instanceof NonFiniteWeightError) throw new UsageError(`${path}: ${e.message}. ${e.hint}`);
    throw e;
  }
  const settings = project.training;
  const { engine, notes } = await createEngine(
    {
      model,
      optimizer: { name: settings?.optimizer ?? 'adam', learningRate: settings?.learningRate ?? null },
      loss: settings?.loss ?? 'sparse_categorical_crossentropy',
      seed: settings?.seed ?? 0,
      weights,
    },
    { backend },
  );
  return { project, model, classNames: project.classNames, preprocessing, engine, backendNotes: notes };
}
