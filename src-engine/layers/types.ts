import type { Ops } from '../ops/ops';
import type { InitializerName } from '../core/initializers';
import type { ParamSchema, ParamValues } from './params';

/** A tensor shape without the batch axis (Keras prints it after `None`). */
export type Shape = readonly number[];

export type LayerCategory =
  'input' | 'convolution' | 'pooling' | 'core' | 'normalization' | 'regularization' | 'reshaping' | 'merge';

/** A one-click repair the editor can apply. */
export type GraphEdit =
  | { kind: 'setParam'; nodeId: string; param: string; value: unknown }
  | { kind: 'insertBefore'; nodeId: string; className: string; params?: Record<string, unknown> }
  | { kind: 'removeNode'; nodeId: string };

export interface Fix {
  label: string;
  edit: GraphEdit;
}

/** A shape rule's complaint; the graph-level inference adds which node it is. */
export interface ShapeProblem {
  param?: string;
  message: string;
  /** The arithmetic that failed, e.g. "⌊(7 − 9)/1⌋ + 1 = −1". */
  arithmetic?: string;
  /** Fixes expressed against the node itself; inference fills in the node id. */
  fixes?: { label: string; edit: DistributiveOmit<GraphEdit, 'nodeId'> }[];
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type ShapeResult = { shape: Shape } | { problem: ShapeProblem };

export interface WeightSpec {
  /** Keras' weight name: kernel, bias, gamma, beta, moving_mean, moving_variance. */
  name: string;
  shape: Shape;
  trainable: boolean;
  initializer: InitializerName;
}

export interface ForwardContext<T> {
  training: boolean;
  /** Records a new value for a non-trainable weight (BatchNormalization's moving statistics). */
  setState(weightName: string, value: T): void;
}

/**
 * How an output cell's view of the input (its receptive field) follows from the inbound one: a `window` slides over
 * the image (the named parameters give its size and strides; null strides mean the size, as in Keras pooling),
 * `pointwise` keeps each cell's view, `pad` shifts it by the leading padding the named parameter adds, `none` has no
 * spatial field to carry (input, flatten, global pooling).
 */
export type ReceptiveFieldRule<S extends ParamSchema = ParamSchema> =
  | { kind: 'window'; sizeParam: keyof S & string; stridesParam: keyof S & string }
  | { kind: 'pointwise' }
  | { kind: 'pad'; paddingParam: keyof S & string }
  | { kind: 'none' };

/**
 * What the rest of Filterbank asks of a layer type besides its shapes and weights. Every field is required, so a new
 * layer type states each one instead of falling silently out of a list of class names somewhere else.
 */
export interface LayerTraits<S extends ParamSchema = ParamSchema> {
  /** For the design hints' receptive-field recursion. */
  receptiveField: ReceptiveFieldRule<S>;
  /** Its activations are streamed to the dashboard as feature maps while training. */
  showsFeatureMaps: boolean;
  /**
   * Its place in a classifier head: `dense` is where the head starts (output-rank fixes insert Flatten before the
   * first one), `passes-through` may follow it (Activation, Dropout...), null is not part of a head.
   */
  classifierHead: 'dense' | 'passes-through' | null;
  /** Other class names Keras and TF.js save for this layer (older or short spellings); model import accepts them. */
  kerasAliases: readonly string[];
  /** The weight the dashboard draws as a grid of filters, or null when its weights are not images. */
  filterWeight: string | null;
}

/**
 * Everything Filterbank knows about a layer type, declared once: the palette, the inspector form, shape badges,
 * summaries, serialisation, Keras import/export and the engine all derive from this.
 */
export interface LayerDefinition<S extends ParamSchema = ParamSchema> {
  /** Keras' class name. */
  className: string;
  category: LayerCategory;
  /** One sentence for the palette and the inspector. */
  description: string;
  params: S;
  /**
   * Keras options Filterbank does not model, with the one value it supports (Keras' default). Import accepts
   * them only at that value and names them otherwise; export writes them so Keras sees a complete config.
   */
  kerasFixed?: Readonly<Record<string, unknown>>;
  /** How many inbound tensors the layer takes. */
  inputs: { min: number; max: number };
  traits: LayerTraits<S>;
  /** Pure shape rule; receives only valid parameters and the inbound shapes (without batch). */
  computeOutputShape(inputShapes: readonly Shape[], params: ParamValues<S>): ShapeResult;
  weights(inputShapes: readonly Shape[], params: ParamValues<S>): WeightSpec[];
  forward<T>(
    ops: Ops<T>,
    inputs: readonly T[],
    weights: Readonly<Record<string, T>>,
    params: ParamValues<S>,
    ctx: ForwardContext<T>,
  ): T;
}

export function defineLayer<S extends ParamSchema>(def: LayerDefinition<S>): LayerDefinition<S> {
  return def;
}

/** Erases a layer's parameter types for registries that hold every layer. */
export type AnyLayerDefinition = LayerDefinition<ParamSchema>;
