import { memo, useState } from 'react';
import { useEditor } from '../store/use-editor';
import { HintsPanel } from './hints-panel';
import { ProblemsPanel } from './problems-panel';
import { SummaryPanel } from './summary-panel';
import { useModelStatus } from '../inspector/use-dataset-fit';

type Tab = 'summary' | 'problems' | 'hints';

/** Summary, problems and hints under the canvas. */
export const BottomPanel = memo(function BottomPanel() {
  const [tab, setTab] = useState<Tab>('summary');
  const [folded, setFolded] = useState(false);
  const { errorCount: errors, warningCount: warnings } = useModelStatus();
  const hints = useEditor((s) => s.hints.length);
  const tabs: { id: Tab; label: string; count?: number; tone?: string }[] = [
    { id: 'summary', label: 'Summary' },
    {
      id: 'problems',
      label: 'Problems',
      count: errors + warnings,
      tone: errors ? 'error' : warnings ? 'warning' : 'ok',
    },
    { id: 'hints', label: 'Hints', count: hints },
  ];
  return (
    <section className={`bottom-panel${folded ? ' bottom-panel--folded' : ''}`}>
      <div className="tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            className={`tab${tab === t.id ? ' tab--active' : ''}`}
            data-testid={`tab-${t.id}`}
            onClick={() => {
              setTab(t.id);
              setFolded(false);
            }}
          >
            {t.label}
            {t.count !== undefined ? <span className={`count count--${t.tone ?? 'plain'}`}>{t.count}</span> : null}
          </button>
        ))}
        <button
          type="button"
          className="tabs__fold"
          data-testid="fold-bottom-panel"
          title={folded ? 'Show the panel' : 'Hide the panel'}
          onClick={() => setFolded(!folded)}
        >
          {folded ? '▴' : '▾'}
        </button>
      </div>
      {folded ? null : (
        <div className="tab-body">
          {tab === 'summary' ? <SummaryPanel /> : tab === 'problems' ? <ProblemsPanel /> : <HintsPanel />}
        </div>
      )}
    </section>
  );
});
