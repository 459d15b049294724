// A trained project ready to run: compiled model, weights in an engine, class names and the preprocessing
// recorded with it. Shared by model:evaluate and model:predict.
import {
  type CompiledModel,
  compileModel,
  decodeWeights,
  type Preprocessing,
  type ProjectFile,
  type TrainingEngine,
} from '../../src-engine';
import { createEngine, preprocessingFor } from '../../src-engine/node';
import { IpcError } from '../../src-shared';

export interface TrainedModel {
  model: CompiledModel;
  engine: TrainingEngine;
  classNames: string[];
  preprocessing: Preprocessing;
}

/** Throws IpcErrors for untrained projects; engine errors (invalid model) pass through for engineCall. */
export async function loadTrainedModel(project: ProjectFile): Promise<TrainedModel> {
  const model = compileModel(project.graph);
  if (!project.weights)
    throw new IpcError(
      'invalid-model',
      'The model has no trained weights yet.',
      'Train it first, or open a trained project.',
    );
  const classNames = project.classNames;
  if (!classNames)
    throw new IpcError(
      'invalid-model',
      'The project does not record the classes its model was trained on.',
      'Train the model again to record them.',
    );
  const units = model.outputShape.at(-1);
  if (model.outputShape.length !== 1 || units !== classNames.length) {
    throw new IpcError(
      'invalid-model',
      `The model outputs (None, ${model.outputShape.join(', ')}) but was trained on ${classNames.length} classes.`,
      'The model changed after training: train it again.',
    );
  }
  const preprocessing = preprocessingFor(model, project.dataset);
  const training = project.training;
  // Inference takes the fastest engine that works, whatever backend training was forced to.
  const { engine } = await createEngine({
    model,
    optimizer: { name: training?.optimizer ?? 'adam' },
    loss: training?.loss ?? 'sparse_categorical_crossentropy',
    seed: training?.seed ?? 0,
    weights: decodeWeights(project.weights, project.graph),
  });
  return { model, engine, classNames, preprocessing };
}

/** Runs `task` on the loaded model and releases its engine. */
export async function withTrainedModel<T>(project: ProjectFile, task: (m: TrainedModel) => Promise<T>): Promise<T> {
  const loaded = await loadTrainedModel(project);
  try {
    return await task(loaded);
  } finally {
    loaded.engine.dispose();
  }
}
