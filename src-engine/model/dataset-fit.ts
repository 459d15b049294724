// Whether a model fits the dataset it is about to train on, checked as soon as both are known: the output units
// against the number of classes (an error: training would fail) and the input against the images (a warning: they
// are resized and converted, which may not be what was meant). Each problem carries one-click fixes as graph edits.
import { getLayer } from '../layers';
import type { Fix, GraphEdit } from '../layers/types';
import type { TrainingLossName } from '../core/vocabulary';
import type { Diagnostic } from './diagnostics';
import type { ModelGraph, LayerNode } from './graph';
import type { GraphInference } from './inference';

/** What the dataset report says about the images (src-engine/data/report.ts). */
export interface DatasetFacts {
  classNames: readonly string[];
  /** Source sizes, most common first. */
  imageSizes?: readonly { width: number; height: number; count: number }[];
  /** Images whose size is not among `imageSizes`. */
  otherSizes?: { count: number };
  colorModes?: readonly { channels: number; count: number }[];
}

/** Larger sources are resized as a matter of course; smaller ones that differ from the input are worth a word. */
const MAX_MATCHED_SIDE = 256;

function listed(names: readonly string[]): string {
  return names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', ');
}

/** The Dense layer that sets the number of outputs: the output node, or what it passes through. */
function classifierHead(graph: ModelGraph, outputId: string): LayerNode | null {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  let node = byId.get(outputId);
  while (node) {
    const head = getLayer(node.className)?.traits.classifierHead;
    if (head === 'dense') return node;
    if (head !== 'passes-through' || node.inputs.length !== 1) return null;
    node = byId.get(node.inputs[0]);
  }
  return null;
}

function classesProblem(
  graph: ModelGraph,
  inference: GraphInference,
  classNames: readonly string[],
  loss: TrainingLossName | null,
): Diagnostic | null {
  const out = inference.outputId ? inference.nodes.get(inference.outputId) : undefined;
  const shape = out?.outputShape;
  const k = classNames.length;
  if (!out || !shape || shape.length !== 1 || k === 0 || shape[0] === k) return null;
  const units = shape[0];
  const head = classifierHead(graph, out.node.id);
  const oneUnit =
    units === 1 && loss !== 'mean_squared_error'
      ? ` One unit with ${loss ?? 'this loss'} cannot tell classes apart: a classifier needs one unit per class.`
      : '';
  const fixes: Fix[] = [];
  if (head) {
    fixes.push({
      label: `Set ${head.name} units to ${k}`,
      edit: { kind: 'setParam', nodeId: head.id, param: 'units', value: k },
    });
    if (head.params.activation === 'sigmoid' && k > 1)
      fixes.push({
        label: `Set ${head.name} activation to softmax`,
        edit: { kind: 'setParam', nodeId: head.id, param: 'activation', value: 'softmax' },
      });
  }
  const at = head ?? out.node;
  return {
    severity: 'error',
    code: 'dataset-classes',
    nodeId: at.id,
    layer: at.name,
    param: head ? 'units' : undefined,
    message:
      `${at.name}: the model outputs ${units} class${units === 1 ? '' : 'es'} but the dataset has ${k} ` +
      `(${listed(classNames)}).${oneUnit}` +
      (head ? '' : ` End the model with Dense(${k}, activation='softmax').`),
    fixes,
  };
}

function inputProblem(graph: ModelGraph, inference: GraphInference, facts: DatasetFacts): Diagnostic | null {
  if (inference.inputIds.length !== 1) return null;
  const input = inference.nodes.get(inference.inputIds[0]);
  const shape = input?.outputShape;
  if (!input || !shape || shape.length !== 3) return null;
  const [height, width, channels] = shape;
  const modes = facts.colorModes ?? [];
  // Gray with alpha counts as gray; colour with alpha as colour.
  const grayOnly = modes.length > 0 && modes.every((m) => m.channels <= 2);
  const colourOnly = modes.length > 0 && modes.every((m) => m.channels >= 3);
  const wantChannels = grayOnly && channels !== 1 ? 1 : colourOnly && channels === 1 ? 3 : channels;
  const sizes = facts.imageSizes ?? [];
  const oneSize = sizes.length === 1 && (facts.otherSizes?.count ?? 0) === 0 ? sizes[0] : null;
  const resize =
    oneSize &&
    Math.max(oneSize.width, oneSize.height) <= MAX_MATCHED_SIDE &&
    (oneSize.width !== width || oneSize.height !== height)
      ? oneSize
      : null;
  if (!resize && wantChannels === channels) return null;
  const target = [resize?.height ?? height, resize?.width ?? width, wantChannels];
  const said: string[] = [];
  if (resize)
    said.push(
      `every image is ${resize.width}×${resize.height} but the model takes ${width}×${height}, so each is resized`,
    );
  if (wantChannels !== channels)
    said.push(
      grayOnly
        ? `the images are grayscale but the model takes ${channels} channels, so each gray value is repeated`
        : 'the images are RGB but the model takes 1 channel, so they are converted to grayscale',
    );
  const name = input.node.name;
  const edit: GraphEdit = { kind: 'setParam', nodeId: input.node.id, param: 'shape', value: target };
  return {
    severity: 'warning',
    code: 'dataset-input',
    nodeId: input.node.id,
    layer: name,
    param: 'shape',
    message: `${name}: ${said.join('; ')}.`,
    fixes: [{ label: `Set the input to ${target[0]}×${target[1]}×${target[2]}`, edit }],
  };
}

/** The model-versus-dataset problems, errors first. Nothing while the model itself has shape errors upstream. */
export function datasetFitDiagnostics(
  graph: ModelGraph,
  inference: GraphInference,
  facts: DatasetFacts,
  loss: TrainingLossName | null = null,
): Diagnostic[] {
  return [classesProblem(graph, inference, facts.classNames, loss), inputProblem(graph, inference, facts)].filter(
    (d): d is Diagnostic => d !== null,
  );
}

/** Every edit "Fit the model to this dataset" applies: each problem's fixes, in order. */
export function datasetFitEdits(diagnostics: readonly Diagnostic[]): Fix[] {
  return diagnostics
    .filter((d) => d.code === 'dataset-classes' || d.code === 'dataset-input')
    .flatMap((d) => d.fixes ?? []);
}
