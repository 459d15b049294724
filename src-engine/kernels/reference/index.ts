import type { Backend, FloatArray, KernelImpls } from '../contracts';
import { activation } from './activation';
import { activationGrad } from './activation-grad';
import { adamUpdate } from './adam-update';
import { addN } from './add-n';
import { avgPool } from './avg-pool';
import { avgPoolGrad } from './avg-pool-grad';
import { batchNorm } from './batch-norm';
import { batchNormGrad } from './batch-norm-grad';
import { batchNormTrain } from './batch-norm-train';
import { batchNormTrainGrad } from './batch-norm-train-grad';
import { biasAdd } from './bias-add';
import { biasAddGrad } from './bias-add-grad';
import { binaryCrossentropy } from './binary-crossentropy';
import { binaryCrossentropyGrad } from './binary-crossentropy-grad';
import { categoricalCrossentropy } from './categorical-crossentropy';
import { categoricalCrossentropyGrad } from './categorical-crossentropy-grad';
import { concat } from './concat';
import { conv2d } from './conv2d';
import { conv2dBackpropFilter } from './conv2d-backprop-filter';
import { conv2dBackpropInput } from './conv2d-backprop-input';
import { globalAvgPool } from './global-avg-pool';
import { globalAvgPoolGrad } from './global-avg-pool-grad';
import { globalMaxPool } from './global-max-pool';
import { globalMaxPoolGrad } from './global-max-pool-grad';
import { matMul } from './mat-mul';
import { maxPool } from './max-pool';
import { maxPoolGrad } from './max-pool-grad';
import { mean } from './mean';
import { meanGrad } from './mean-grad';
import { meanSquaredError } from './mean-squared-error';
import { meanSquaredErrorGrad } from './mean-squared-error-grad';
import { momentumUpdate } from './momentum-update';
import { movingAverage } from './moving-average';
import { multiply } from './multiply';
import { pad2d } from './pad2d';
import { reshape } from './reshape';
import { rmspropUpdate } from './rmsprop-update';
import { scale } from './scale';
import { sgdUpdate } from './sgd-update';
import { slice } from './slice';
import { softmax } from './softmax';
import { softmaxGrad } from './softmax-grad';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy';
import { sparseCategoricalCrossentropyGrad } from './sparse-categorical-crossentropy-grad';
import { make, type FloatTensor } from './tensor';

export type { FloatTensor } from './tensor';

/** The one registration list of the reference backend; the type demands every contract. */
export const REFERENCE_KERNELS: KernelImpls<FloatTensor> = {
  Conv2D: conv2d,
  Conv2DBackpropInput: conv2dBackpropInput,
  Conv2DBackpropFilter: conv2dBackpropFilter,
  MatMul: matMul,
  BiasAdd: biasAdd,
  BiasAddGrad: biasAddGrad,
  MaxPool: maxPool,
  MaxPoolGrad: maxPoolGrad,
  AvgPool: avgPool,
  AvgPoolGrad: avgPoolGrad,
  GlobalAvgPool: globalAvgPool,
  GlobalAvgPoolGrad: globalAvgPoolGrad,
  GlobalMaxPool: globalMaxPool,
  GlobalMaxPoolGrad: globalMaxPoolGrad,
  Pad2D: pad2d,
  Slice: slice,
  Reshape: reshape,
  Concat: concat,
  Activation: activation,
  ActivationGrad: activationGrad,
  Softmax: softmax,
  SoftmaxGrad: softmaxGrad,
  Scale: scale,
  AddN: addN,
  Multiply: multiply,
  BatchNorm: batchNorm,
  BatchNormGrad: batchNormGrad,
  BatchNormTrain: batchNormTrain,
  BatchNormTrainGrad: batchNormTrainGrad,
  MovingAverage: movingAverage,
  CategoricalCrossentropy: categoricalCrossentropy,
  CategoricalCrossentropyGrad: categoricalCrossentropyGrad,
  SparseCategoricalCrossentropy: sparseCategoricalCrossentropy,
  SparseCategoricalCrossentropyGrad: sparseCategoricalCrossentropyGrad,
  BinaryCrossentropy: binaryCrossentropy,
  BinaryCrossentropyGrad: binaryCrossentropyGrad,
  MeanSquaredError: meanSquaredError,
  MeanSquaredErrorGrad: meanSquaredErrorGrad,
  Mean: mean,
  MeanGrad: meanGrad,
  SGDUpdate: sgdUpdate,
  MomentumUpdate: momentumUpdate,
  AdamUpdate: adamUpdate,
  RMSpropUpdate: rmspropUpdate,
};

export const referenceBackend: Backend<FloatTensor> = {
  name: 'reference',
  kernels: REFERENCE_KERNELS,
  shapeOf: (x) => x.shape,
  fromValues: (shape: readonly number[], values: FloatArray) => make(shape, values),
  toValues: (x) => x.values,
};
