import { memo, useCallback, useMemo, useState } from 'react';
import { explainNode, getLayer } from '../../../src-engine';
import { ExplainPanel } from '../explain/explain-panel';
import { fieldTextOf } from '../explain/fields';
import { selectNode } from '../store/selectors';
import { useActions, useEditor } from '../store/use-editor';
import { countText, shapeText } from '../common/format';
import { ProblemList } from '../common/problem-list';
import { previewParamChange } from './change-preview';
import { ChangePreviewBox } from './change-preview-box';
import { NameField } from './name-field';
import { ParamField } from './param-field';
import { useParamDrafts } from './use-param-drafts';

const NONE: never[] = [];

/** The generic form for one layer, driven by its parameter schema; changes are previewed, then applied. */
export const LayerInspector = memo(function LayerInspector({ nodeId }: { nodeId: string }) {
  const node = useEditor(selectNode(nodeId));
  const graph = useEditor((s) => s.doc.graph);
  const inference = useEditor((s) => s.inference);
  const weights = useEditor((s) => s.extras.weights);
  const diagnostics = useEditor((s) => s.diagnosticsByNode.get(nodeId) ?? NONE);
  const hints = useEditor((s) => s.hints);
  const actions = useActions();
  const def = node ? getLayer(node.className) : undefined;
  const commit = useCallback((patch: Record<string, unknown>) => actions.setParams(nodeId, patch), [actions, nodeId]);
  const drafts = useParamDrafts(def?.params ?? {}, node?.params ?? {}, commit);
  const preview = useMemo(
    () =>
      drafts.invalid === 0 && Object.keys(drafts.patch).length > 0
        ? previewParamChange(graph, inference, nodeId, drafts.patch, weights)
        : null,
    [drafts.invalid, drafts.patch, graph, inference, nodeId, weights],
  );
  const [explaining, setExplaining] = useState(false);
  const explainable = useMemo(() => explainNode(inference, nodeId) !== null, [inference, nodeId]);
  const field = fieldTextOf(inference, nodeId);
  const closeExplain = useCallback(() => setExplaining(false), []);
  if (!node) return null;
  const info = inference.nodes.get(nodeId);
  const ownHints = hints.filter((h) => h.nodeId === nodeId);
  return (
    <div className="inspector__body" data-testid="layer-inspector">
      <div className="inspector__class">
        <strong>{node.className}</strong>
        <p className="muted">{def?.description ?? 'This layer type is unknown to this build of Filterbank.'}</p>
      </div>
      <NameField
        label="name"
        value={node.name}
        testId="inspector-name"
        onRename={(name) => actions.renameNode(nodeId, name)}
      />
      <dl className="facts">
        <dt>input</dt>
        <dd className="mono">
          {info?.inputShapes.length
            ? info.inputShapes.map((s) => shapeText(s)).join(', ')
            : node.inputs.length
              ? '?'
              : '—'}
        </dd>
        <dt>output</dt>
        <dd className="mono" data-testid="inspector-output">
          {shapeText(info?.outputShape)}
        </dd>
        <dt>params</dt>
        <dd className="mono" data-testid="inspector-params">
          {countText((info?.trainableParams ?? 0) + (info?.nonTrainableParams ?? 0))}
          {info?.nonTrainableParams ? ` (${countText(info.nonTrainableParams)} non-trainable)` : ''}
        </dd>
        {info?.weights.length ? (
          <>
            <dt>weights</dt>
            <dd className="mono">{info.weights.map((w) => `${w.name} (${w.shape.join(', ')})`).join(', ')}</dd>
          </>
        ) : null}
        {field ? (
          <>
            <dt>field</dt>
            <dd className="mono" data-testid="inspector-field">
              {field}
            </dd>
          </>
        ) : null}
      </dl>
      {explainable ? (
        <button
          type="button"
          className="explain-button"
          data-testid="inspector-explain"
          aria-pressed={explaining}
          onClick={() => setExplaining(!explaining)}
          title="Draw this layer's window arithmetic, filter bank and receptive field on its real input"
        >
          Explain
        </button>
      ) : null}
      {explaining && explainable ? <ExplainPanel inference={inference} nodeId={nodeId} onClose={closeExplain} /> : null}
      {diagnostics.length > 0 ? <ProblemList diagnostics={diagnostics} /> : null}
      {ownHints.map((h, i) => (
        <div key={i} className="hint" title={h.detail}>
          {h.message}
          {h.detail ? <div className="hint__detail mono">{h.detail}</div> : null}
        </div>
      ))}
      {def && Object.keys(def.params).length > 0 ? (
        <form
          className="params-form"
          onSubmit={(e) => {
            e.preventDefault();
            drafts.apply();
          }}
        >
          <div className="panel-subtitle">Parameters</div>
          {Object.entries(def.params).map(([name, spec]) => (
            <ParamField
              key={name}
              name={name}
              spec={spec}
              value={drafts.fields[name].value}
              changed={drafts.fields[name].changed}
              error={drafts.fields[name].error}
              onChange={(v) => drafts.set(name, v)}
              onRevert={drafts.revert}
            />
          ))}
          {drafts.pending > 0 ? (
            <div className="pending" data-testid="pending-changes">
              {preview ? (
                <ChangePreviewBox preview={preview} />
              ) : (
                <div className="field__error">Correct the highlighted values to see their effect.</div>
              )}
              <div className="pending__buttons">
                <button type="submit" className="primary" data-testid="inspector-apply" disabled={drafts.invalid > 0}>
                  Apply
                </button>
                <button type="button" data-testid="inspector-revert" onClick={drafts.revert}>
                  Revert
                </button>
              </div>
            </div>
          ) : null}
        </form>
      ) : (
        <p className="muted">{node.className} has no parameters.</p>
      )}
    </div>
  );
});
