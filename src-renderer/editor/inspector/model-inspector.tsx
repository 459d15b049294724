import { memo } from 'react';
import { ResetWeightsButton } from '../../dashboard';
import { useActions, useEditor } from '../store/use-editor';
import { countText, shapeText } from '../common/format';
import { NameField } from './name-field';
import { useModelStatus } from './use-dataset-fit';

/** With nothing selected: the model's name, inputs and output, totals, and whether it can be trained. */
export const ModelInspector = memo(function ModelInspector() {
  const name = useEditor((s) => s.doc.graph.name);
  const inference = useEditor((s) => s.inference);
  // The dataset fit counts: a model with 10 outputs for 3 classes is not "valid and can be trained".
  const { canTrain, reason } = useModelStatus();
  const layerCount = useEditor((s) => s.doc.graph.nodes.length);
  const hasWeights = useEditor((s) => s.extras.weights !== null);
  const untrained = useEditor((s) => s.untrainedLayers);
  const actions = useActions();
  const inputs = inference.inputIds.map((id) => inference.nodes.get(id));
  const output = inference.outputId ? inference.nodes.get(inference.outputId) : undefined;
  return (
    <div className="inspector__body" data-testid="model-inspector">
      <NameField label="model name" value={name} testId="model-name" onRename={actions.setModelName} />
      <dl className="facts">
        <dt>layers</dt>
        <dd className="mono">{layerCount}</dd>
        <dt>input</dt>
        <dd className="mono">{inputs.length ? inputs.map((n) => shapeText(n?.outputShape)).join(', ') : '—'}</dd>
        <dt>output</dt>
        <dd className="mono">{output ? `${shapeText(output.outputShape)} from ${output.node.name}` : '—'}</dd>
        <dt>params</dt>
        <dd className="mono">
          {countText(inference.totalParams)} ({countText(inference.trainableParams)} trainable)
        </dd>
      </dl>
      <div
        className={`train-status ${canTrain ? 'train-status--ok' : 'train-status--blocked'}`}
        data-testid="train-status"
      >
        {canTrain ? 'The model is valid and can be trained.' : reason}
      </div>
      {hasWeights ? (
        <div className="inspector__weights" data-testid="model-weights">
          <p className="muted">
            {untrained.length
              ? `Trained weights: all but ${untrained.join(', ')} (changed since training).`
              : 'Trained weights: every layer.'}
          </p>
          <ResetWeightsButton onReset={actions.resetWeights} />
        </div>
      ) : null}
      {layerCount === 0 ? (
        <p className="muted">
          Start from a template (New ▾), or click <strong>InputLayer</strong> in the palette and keep clicking layers:
          each click adds the layer after the selected one.
        </p>
      ) : (
        <p className="muted">Select a layer to edit its parameters, or several to group them into a block.</p>
      )}
    </div>
  );
});
