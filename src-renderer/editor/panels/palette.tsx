import { memo, useMemo, useState, type DragEvent, type ReactNode } from 'react';
import { LAYERS } from '../../../src-engine';
import { useActions } from '../store/use-editor';
import { LAYER_DRAG_TYPE } from '../canvas/canvas';
import { CATEGORIES } from '../common/categories';
import { useRevealNode } from '../canvas/use-reveal';

/** A class name with break points between its words (GlobalAverage|Pooling2D), so a long one wraps in the column. */
function wordBreaks(className: string): ReactNode[] {
  return className.split(/(?<=[a-z])(?=[A-Z])/).flatMap((w, i) => (i ? [<wbr key={i} />, w] : [w]));
}

function matches(query: string, className: string, description: string): boolean {
  const q = query.trim().toLowerCase();
  return q === '' || className.toLowerCase().includes(q) || description.toLowerCase().includes(q);
}

/** Every layer type, by category, with search. Click adds after the selected layer; drag places it freely. */
export const Palette = memo(function Palette() {
  const actions = useActions();
  const reveal = useRevealNode();
  const [query, setQuery] = useState('');
  const add = (className: string) => reveal(actions.appendLayer(className));
  const sections = useMemo(
    () =>
      CATEGORIES.map((c) => ({
        ...c,
        layers: LAYERS.filter((l) => l.category === c.id && matches(query, l.className, l.description)),
      })).filter((c) => c.layers.length > 0),
    [query],
  );
  const onDragStart = (e: DragEvent, className: string) => {
    e.dataTransfer.setData(LAYER_DRAG_TYPE, className);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <aside className="palette" data-testid="palette">
      <div className="panel-title">Layers</div>
      <input
        className="palette__search"
        type="search"
        placeholder="Search layers"
        value={query}
        data-testid="palette-search"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && sections[0]) add(sections[0].layers[0].className);
          if (e.key === 'Escape') setQuery('');
        }}
      />
      <div className="palette__list">
        {sections.map((section) => (
          <section key={section.id} className="palette__section">
            <h3 className="palette__heading">{section.label}</h3>
            {section.layers.map((l) => (
              <button
                key={l.className}
                type="button"
                className="palette__item"
                draggable
                data-testid={`palette-item-${l.className}`}
                title={`${l.description}\nClick: add after the selected layer · Drag: place on the canvas`}
                onDragStart={(e) => onDragStart(e, l.className)}
                onClick={() => add(l.className)}
              >
                <span className="palette__dot" style={{ background: section.colour }} />
                <span className="palette__name">{wordBreaks(l.className)}</span>
              </button>
            ))}
          </section>
        ))}
        {sections.length === 0 ? <p className="muted">No layer matches “{query}”.</p> : null}
      </div>
      <p className="palette__hint muted">Click to add after the selected layer, or drag onto the canvas.</p>
    </aside>
  );
});
