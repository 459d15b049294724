import { memo, useState, type ReactNode } from 'react';
import { TEMPLATES } from '../../src-engine';
import type { ShortcutId } from './shortcuts';
import type { RecentProject } from '../editor/store/project-port';
import { useEditor } from '../editor/store/use-editor';
import { MenuButton } from './menu-button';
import { ThemeButton } from './theme-button';
import type { ProjectController } from './project-controller';

export type Commands = Record<ShortcutId, () => void>;

/** File commands, history, block and view commands, and the project's name with its unsaved marker. */
export const Toolbar = memo(function Toolbar({
  commands,
  controller,
  extra,
}: {
  commands: Commands;
  controller: ProjectController;
  extra?: ReactNode;
}) {
  const title = useEditor((s) => s.project.title);
  const path = useEditor((s) => s.project.path);
  const dirty = useEditor((s) => s.dirty);
  const canUndo = useEditor((s) => s.canUndo);
  const canRedo = useEditor((s) => s.canRedo);
  const undoLabel = useEditor((s) => s.undoLabel);
  const redoLabel = useEditor((s) => s.redoLabel);
  const canGroup = useEditor((s) => s.selection.nodeIds.length + s.selection.groupIds.length > 0);
  const [recent, setRecent] = useState<RecentProject[]>([]);
  return (
    <header className="toolbar">
      <div className="toolbar__brand">Filterbank</div>
      <div className="toolbar__group">
        <MenuButton
          label="New"
          testId="menu-new"
          items={[
            { id: 'empty', label: 'Empty model', detail: 'Ctrl+N', onSelect: commands.new },
            ...TEMPLATES.map((t) => ({
              id: t.id,
              label: t.title,
              detail: t.description,
              onSelect: () => void controller.newFromTemplate(t.id),
            })),
          ]}
        />
        <button
          type="button"
          className="toolbar__button"
          data-testid="cmd-open"
          onClick={commands.open}
          title="Open a project (Ctrl+O)"
        >
          Open
        </button>
        <button
          type="button"
          className="toolbar__button"
          data-testid="cmd-import"
          onClick={() => void controller.importModel()}
          title="Import a TF.js model.json or a Keras topology JSON as a new project"
        >
          Import…
        </button>
        <MenuButton
          label="Recent"
          testId="menu-recent"
          onOpen={() => void controller.recent().then(setRecent)}
          items={recent.map((r) => ({
            id: r.path,
            label: r.title,
            detail: r.path,
            onSelect: () => void controller.open(r.path),
          }))}
        />
        <button
          type="button"
          className="toolbar__button"
          data-testid="cmd-save"
          onClick={commands.save}
          title="Save (Ctrl+S)"
        >
          Save
        </button>
        <button
          type="button"
          className="toolbar__button"
          data-testid="cmd-save-as"
          onClick={commands.saveAs}
          title="Save as (Ctrl+Shift+S)"
        >
          Save as
        </button>
        <button
          type="button"
          className="toolbar__button"
          data-testid="cmd-export"
          onClick={commands.export}
          title="Export as a TF.js model, TypeScript, a Keras script or a project file (Ctrl+E)"
        >
          Export…
        </button>
      </div>
      <div className="toolbar__group">
        <button
          type="button"
          className="toolbar__button"
          data-testid="cmd-undo"
          disabled={!canUndo}
          onClick={commands.undo}
          title={undoLabel ? `Undo ${undoLabel} (Ctrl+Z)` : 'Nothing to undo'}
        >
          Undo
        </button>
        <button
          type="button"
          className="toolbar__button"
          data-testid="cmd-redo"
          disabled={!canRedo}
          onClick={commands.redo}
          title={redoLabel ? `Redo ${redoLabel} (Ctrl+Shift+Z)` : 'Nothing to redo'}
        >
          Redo
        </button>
      </div>
      <div className="toolbar__group">
        <button
          type="button"
          className="toolbar__button"
          data-testid="cmd-group"
          disabled={!canGroup}
          onClick={commands.group}
          title="Group the selected layers and blocks into a block (Ctrl+G)"
        >
          Group
        </button>
        <button
          type="button"
          className="toolbar__button"
          data-testid="cmd-layout"
          onClick={commands.layout}
          title="Auto layout (L)"
        >
          Layout
        </button>
        <button
          type="button"
          className="toolbar__button"
          data-testid="cmd-fit"
          onClick={commands.fit}
          title="Fit view (F)"
        >
          Fit
        </button>
      </div>
      {extra ? <div className="toolbar__group">{extra}</div> : null}
      <div className="toolbar__title" title={path ?? 'Not saved yet'} data-testid="project-title">
        {title}
        {dirty ? (
          <span className="dirty-mark" data-testid="dirty-mark" title="Unsaved changes">
            ●
          </span>
        ) : null}
      </div>
      <ThemeButton />
      <button
        type="button"
        className="toolbar__button toolbar__help"
        data-testid="cmd-help"
        onClick={commands.help}
        title="Keyboard shortcuts (?)"
      >
        ?
      </button>
    </header>
  );
});
