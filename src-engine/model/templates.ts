import { sequential, type LayerNode, type ModelGraph } from './graph';

export interface ModelTemplate {
  id: string;
  title: string;
  description: string;
  build(): ModelGraph;
}

/** The Keras tutorial CNN on 28×28×1 digits: 107,706 parameters. */
export function kerasTutorialCnn(): ModelGraph {
  const graph = sequential('keras_tutorial_cnn', [
    { className: 'InputLayer', params: { shape: [28, 28, 1] } },
    { className: 'Conv2D', params: { filters: 8, kernelSize: 5, padding: 'same', activation: 'relu' } },
    { className: 'MaxPooling2D', params: { poolSize: 2 } },
    { className: 'Conv2D', params: { filters: 32, kernelSize: 5, padding: 'same', activation: 'relu' } },
    { className: 'MaxPooling2D', params: { poolSize: 2 } },
    { className: 'Flatten' },
    { className: 'Dense', params: { units: 64, activation: 'relu' } },
    { className: 'Dense', params: { units: 10, activation: 'softmax' } },
  ]);
  return graph;
}

/** Three blocks of Conv2D 3×3 same → ReLU → MaxPooling2D with 8, 16, 32 filters: 25,034 parameters on 28×28×1. */
export function threeBlockCnn(): ModelGraph {
  const blocks = [8, 16, 32].flatMap((filters) => [
    { className: 'Conv2D', params: { filters, kernelSize: 3, padding: 'same' } },
    { className: 'Activation', params: { activation: 'relu' } },
    { className: 'MaxPooling2D', params: { poolSize: 2 } },
  ]);
  return sequential('three_block_cnn', [
    { className: 'InputLayer', params: { shape: [28, 28, 1] } },
    ...blocks,
    { className: 'Flatten' },
    { className: 'Dense', params: { units: 64, activation: 'relu' } },
    { className: 'Dense', params: { units: 10, activation: 'softmax' } },
  ]);
}

/** LeNet-5 adapted to 28×28×1 input (the first convolution pads to keep 28×28, as in the original 32×32 setting). */
export function leNet5(): ModelGraph {
  return sequential('lenet5', [
    { className: 'InputLayer', params: { shape: [28, 28, 1] } },
    { className: 'Conv2D', params: { filters: 6, kernelSize: 5, padding: 'same', activation: 'tanh' } },
    { className: 'AveragePooling2D', params: { poolSize: 2 } },
    { className: 'Conv2D', params: { filters: 16, kernelSize: 5, activation: 'tanh' } },
    { className: 'AveragePooling2D', params: { poolSize: 2 } },
    { className: 'Flatten' },
    { className: 'Dense', params: { units: 120, activation: 'tanh' } },
    { className: 'Dense', params: { units: 84, activation: 'tanh' } },
    { className: 'Dense', params: { units: 10, activation: 'softmax' } },
  ]);
}

/** A small residual network: two residual blocks joined with Add. */
export function smallResNet(): ModelGraph {
  const nodes: LayerNode[] = [];
  const add = (className: string, params: Record<string, unknown>, inputs: string[], name: string) => {
    const id = `n${nodes.length}`;
    nodes.push({ id, name, className, params, inputs });
    return id;
  };
  const input = add('InputLayer', { shape: [28, 28, 1] }, [], 'input_layer');
  let x = add('Conv2D', { filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }, [input], 'conv2d');
  let conv = 1;
  for (let block = 0; block < 2; block++) {
    const a = add(
      'Conv2D',
      { filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' },
      [x],
      `conv2d_${conv++}`,
    );
    const b = add('Conv2D', { filters: 16, kernelSize: 3, padding: 'same' }, [a], `conv2d_${conv++}`);
    const sum = add('Add', {}, [x, b], block === 0 ? 'add' : `add_${block}`);
    x = add('Activation', { activation: 'relu' }, [sum], block === 0 ? 'activation' : `activation_${block}`);
    if (block === 0) x = add('MaxPooling2D', { poolSize: 2 }, [x], 'max_pooling2d');
  }
  const pooled = add('GlobalAveragePooling2D', {}, [x], 'global_average_pooling2d');
  add('Dense', { units: 10, activation: 'softmax' }, [pooled], 'dense');
  return { name: 'small_resnet', nodes };
}

export const TEMPLATES: readonly ModelTemplate[] = [
  {
    id: 'keras-tutorial-cnn',
    title: 'Keras tutorial CNN',
    description: 'Two Conv2D + MaxPooling2D stages and a Dense classifier for 28×28 digits (107,706 parameters).',
    build: kerasTutorialCnn,
  },
  {
    id: 'three-block-cnn',
    title: 'Three-block CNN',
    description: 'Three Conv-ReLU-Pool blocks with 8, 16 and 32 filters (25,034 parameters).',
    build: threeBlockCnn,
  },
  {
    id: 'lenet5',
    title: 'LeNet-5',
    description: "LeCun's 1998 digit classifier with tanh and average pooling.",
    build: leNet5,
  },
  {
    id: 'small-resnet',
    title: 'Small ResNet',
    description: 'Two residual blocks joined with Add, then global average pooling.',
    build: smallResNet,
  },
];
