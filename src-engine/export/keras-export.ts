import type { CompiledLayer } from '../model/executor';
import type { ProjectFile } from '../model/project-file';
import { defaultTrainingSettings, type TrainingSettings } from '../model/settings';
import { PY_RESERVED, variableNames } from './code-names';
import { pixelScale, prepareExport } from './export-model';
import { KERAS_SCRIPT_RUNTIME } from './keras-script-runtime';
import { isChain, layersToOutput } from './model-subset';
import { pyArgument, pyDocText, pyLiteral, pyString, pyTuple } from './python-source';
import { ExportError, type ExportResult } from './types';

/**
 * Filterbank's optimizers in Keras. 'momentum' and 'nesterov' are SGD with momentum 0.9, the value the training
 * engine uses; a null learning rate keeps Keras' default, as Filterbank does.
 */
export const KERAS_OPTIMIZERS: Record<TrainingSettings['optimizer'], { className: string; args: string }> = {
  sgd: { className: 'SGD', args: '' },
  momentum: { className: 'SGD', args: 'momentum=0.9' },
  nesterov: { className: 'SGD', args: 'momentum=0.9, nesterov=True' },
  adam: { className: 'Adam', args: '' },
  rmsprop: { className: 'RMSprop', args: '' },
};

const LABEL_MODES: Record<TrainingSettings['loss'], string> = {
  sparse_categorical_crossentropy: 'int',
  categorical_crossentropy: 'categorical',
  mean_squared_error: 'categorical',
};

const COLOR_MODES = { 1: 'grayscale', 3: 'rgb', 4: 'rgba' } as const;

function layerCall(layer: CompiledLayer): string {
  const args = Object.entries(layer.def.params).map(
    ([camel, spec]) => `${spec.kerasName}=${pyArgument(spec, layer.params[camel])}`,
  );
  args.push(`name=${pyString(layer.name)}`);
  if (layer.className === 'InputLayer') return `keras.Input(${args.join(', ')})`;
  return `layers.${layer.def.className}(${args.join(', ')})`;
}

function buildModelSource(name: string, layers: readonly CompiledLayer[], outputId: string): string {
  if (isChain(layers)) {
    return [
      `def build_model():`,
      `    return keras.Sequential(`,
      `        [`,
      ...layers.map((l) => `            ${layerCall(l)},`),
      `        ],`,
      `        name=${pyString(name)},`,
      `    )`,
    ].join('\n');
  }
  const vars = variableNames(
    layers.map((l) => l.name),
    PY_RESERVED,
  );
  const varOf = new Map(layers.map((l) => [l.id, vars.get(l.name)!]));
  const lines = layers.map((l) => {
    if (l.className === 'InputLayer') return `    ${varOf.get(l.id)} = ${layerCall(l)}`;
    const inputs = l.inputIds.map((id) => varOf.get(id)!);
    return `    ${varOf.get(l.id)} = ${layerCall(l)}(${inputs.length === 1 ? inputs[0] : `[${inputs.join(', ')}]`})`;
  });
  const input = layers.find((l) => l.className === 'InputLayer')!;
  return [
    `def build_model():`,
    ...lines,
    `    return keras.Model(inputs=${varOf.get(input.id)}, outputs=${varOf.get(outputId)}, name=${pyString(name)})`,
  ].join('\n');
}

/**
 * A readable Python script that defines the same model with tf.keras (layer names, parameters and initialisers as in
 * Filterbank), trains it on image folders with the project's preprocessing and training settings, on one device or
 * through a tf.distribute strategy, and can start from the weights of Filterbank's TF.js export.
 */
export function exportKerasScript(project: ProjectFile): ExportResult {
  const model = prepareExport(project, { requireWeights: false });
  const p = model.preprocessing;
  if (!p)
    throw new ExportError(
      `the model's input [${model.compiled.inputShape.join(', ')}] is not an image, so no Keras image pipeline ` +
        `can feed it; give the InputLayer a (height, width, 1, 3 or 4 channels) shape`,
    );
  const { layers } = layersToOutput(model.compiled);
  const settings = project.training ?? defaultTrainingSettings();
  const notes = project.training ? [] : ["the project has no training settings: the script uses Filterbank's defaults"];
  if (!Object.hasOwn(KERAS_OPTIMIZERS, settings.optimizer))
    throw new ExportError(
      `unknown optimizer ${JSON.stringify(settings.optimizer)}; choose one of ` +
        `${Object.keys(KERAS_OPTIMIZERS).join(', ')}`,
    );
  const optimizer = KERAS_OPTIMIZERS[settings.optimizer];
  const weightNames = layers
    .filter((l) => l.weights.length > 0)
    .map((l) => `    ${pyString(l.name)}: [${l.weights.map((w) => pyString(w.name)).join(', ')}],`);
  const name = project.graph.name;
  const file = name.replace(/[^A-Za-z0-9_-]/g, '_') || 'model';
  const source =
    `#!/usr/bin/env python3
"""${pyDocText(name)}: a Keras model exported by Filterbank (${layers.length} layers, ${model.classNames.length} ` +
    `classes).

Defines the model layer by layer with tf.keras (names, parameters and initialisers as in Filterbank), loads images
with keras.utils.image_dataset_from_directory prepared as Filterbank prepared them, and trains with the project's
optimizer and settings, on one device or through a tf.distribute strategy.

    python3 ${file}.py --data IMAGES_FOLDER                           # train (one sub-folder per class)
    python3 ${file}.py --data IMAGES_FOLDER --strategy mirrored       # all GPUs of this machine
    python3 ${file}.py --data IMAGES_FOLDER --strategy multiworker    # several machines; set TF_CONFIG on each
    python3 ${file}.py --data IMAGES_FOLDER --strategy tpu --tpu NAME # a Cloud TPU (images on gs://)
    python3 ${file}.py --weights TFJS_EXPORT_FOLDER --epochs 0        # Filterbank's trained weights, saved as .keras

Differences from Filterbank: the validation split picks its own files (same fraction and seed), transparent pixels
are dropped rather than flattened over the background colour` +
    `${p.autoOrient ? ', and EXIF orientation is not applied' : ''}. Requires TensorFlow 2
and numpy.
"""
import argparse
import json
import os
import shutil
import tempfile

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

MODEL_NAME = ${pyString(name)}
# The default --output, from the model name reduced to a safe file name.
OUTPUT_FILE = ${pyString(`${file}.keras`)}
CLASS_NAMES = ${pyLiteral(model.classNames)}

# Preprocessing: resize to IMAGE_SIZE (height, width) with INTERPOLATION, then multiply pixel values by SCALE.
IMAGE_SIZE = ${pyTuple([p.height, p.width])}
COLOR_MODE = ${pyString(COLOR_MODES[p.channels])}
INTERPOLATION = ${pyString(p.interpolation)}
SCALE = ${pyLiteral(pixelScale(p))}

# Training settings from the Filterbank project.
LOSS = ${pyString(settings.loss)}
LABEL_MODE = ${pyString(LABEL_MODES[settings.loss])}
LEARNING_RATE = ${pyLiteral(settings.learningRate)}
BATCH_SIZE = ${pyLiteral(settings.batchSize)}
EPOCHS = ${pyLiteral(settings.epochs)}
VALIDATION_SPLIT = ${pyLiteral(settings.validationSplit)}
SEED = ${pyLiteral(settings.seed)}
EARLY_STOPPING_PATIENCE = ${pyLiteral(settings.earlyStoppingPatience)}
# The learning-rate schedule, stepped once per epoch (schedule_callbacks turns it into Keras callbacks).
LR_SCHEDULE = ${pyLiteral(settings.learningRateSchedule ?? { kind: 'constant' })}

# Keras weight names of each layer, in the order layer.set_weights() takes them.
WEIGHT_NAMES = {
${weightNames.join('\n')}
}


${buildModelSource(name, layers, model.compiled.outputId)}


def make_optimizer(learning_rate=LEARNING_RATE):
    if learning_rate is None:
        return keras.optimizers.${optimizer.className}(${optimizer.args})
    return keras.optimizers.${optimizer.className}(` +
    `${['learning_rate=learning_rate', optimizer.args].filter(Boolean).join(', ')})
${KERAS_SCRIPT_RUNTIME}`;
  return { files: [{ path: `${file}.py`, text: source }], notes: [...model.notes, ...notes] };
}
