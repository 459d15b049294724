import { Activation } from './activation';
import { BatchNormalization } from './batch-normalization';
import { Conv2D } from './conv2d';
import { Dense } from './dense';
import { Dropout } from './dropout';
import { Flatten } from './flatten';
import { InputLayer } from './input-layer';
import { Add, Concatenate, Multiply } from './merge';
import { AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D } from './pooling2d';
import { Rescaling } from './rescaling';
import type { AnyLayerDefinition } from './types';
import { ZeroPadding2D } from './zero-padding2d';

/** Every layer type, in palette order. Adding a layer type is one file plus one line here. */
export const LAYERS: readonly AnyLayerDefinition[] = [
  InputLayer,
  Conv2D,
  MaxPooling2D,
  AveragePooling2D,
  GlobalAveragePooling2D,
  GlobalMaxPooling2D,
  ZeroPadding2D,
  Flatten,
  Dense,
  Activation,
  Dropout,
  BatchNormalization,
  Rescaling,
  Add,
  Multiply,
  Concatenate,
] as unknown as readonly AnyLayerDefinition[];

const byClassName = new Map(LAYERS.map((l) => [l.className, l]));

export function getLayer(className: string): AnyLayerDefinition | undefined {
  return byClassName.get(className);
}

export const LAYER_CLASS_NAMES = LAYERS.map((l) => l.className);

export type { AnyLayerDefinition, LayerDefinition, Shape, WeightSpec, GraphEdit, Fix } from './types';
