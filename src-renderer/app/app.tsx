import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import '../styles/app.css';
import { DashboardProvider, ViewSwitch, type DashboardStore, type WorkspaceView } from '../dashboard';
import { EditorDashboard } from './editor-dashboard';
import { Canvas } from '../editor/canvas/canvas';
import { Inspector } from '../editor/inspector/inspector';
import { Palette } from '../editor/panels/palette';
import { BottomPanel } from '../editor/panels/bottom-panel';
import { createEditorStore, type EditorStore } from '../editor/store/editor-store';
import type { ProjectPort } from '../editor/store/project-port';
import type { ProjectFile } from '../../src-engine';
import { EditorStoreContext } from '../editor/store/use-editor';
import { startAutosave } from './autosave';
import { useDialog } from './dialog';
import { ExportDialog } from './export-dialog';
import type { ExportPort } from './export-port';
import { HelpPanel } from './help-panel';
import { NoticeBar } from './notice-bar';
import { createProjectController, type DiscardChoice } from './project-controller';
import { Toolbar } from './toolbar';
import { useCommands } from './use-commands';
import { useShortcuts } from './use-shortcuts';

export interface AppProps {
  /** Where projects are opened, saved and autosaved (the shell's transport, or an in-memory port in tests). */
  port: ProjectPort;
  /** A store to use instead of a new one (so a host can reach the editor state, e.g. the training panel). */
  store?: EditorStore;
  /** Shown along the bottom of the window, inside the editor's store context (the shell's connection status). */
  statusBar?: ReactNode;
  /** Rendered above everything (the browser-mode path dialog). */
  overlay?: ReactNode;
  /**
   * Ask the browser before leaving with unsaved changes (default true). The desktop shell asks in its own
   * close dialog instead, and a beforeunload veto there would silently keep the window open.
   */
  guardUnload?: boolean;
  /** The training dashboard's store: when given, the toolbar switches between the model and the dashboard. */
  dashboard?: DashboardStore;
  /** Where Export… writes (export:run and the folder dialog); without it Export… says it is not available. */
  exports?: ExportPort;
}

/** The Filterbank window: toolbar, palette, canvas with summary/problems/hints, inspector. */
export function App({ port, store: given, statusBar, overlay, guardUnload = true, dashboard, exports }: AppProps) {
  const [store] = useState(() => given ?? createEditorStore());
  const workspace = (
    <Workspace
      store={store}
      port={port}
      statusBar={statusBar}
      overlay={overlay}
      guardUnload={guardUnload}
      dashboard={dashboard}
      exports={exports}
    />
  );
  return (
    <EditorStoreContext.Provider value={store}>
      <ReactFlowProvider>
        {dashboard ? <DashboardProvider store={dashboard}>{workspace}</DashboardProvider> : workspace}
      </ReactFlowProvider>
    </EditorStoreContext.Provider>
  );
}

function Workspace({
  store,
  port,
  statusBar,
  overlay,
  guardUnload,
  dashboard,
  exports,
}: {
  store: EditorStore;
  port: ProjectPort;
  statusBar: ReactNode;
  overlay: ReactNode;
  guardUnload: boolean;
  dashboard?: DashboardStore;
  exports?: ExportPort;
}) {
  const { ask, dialog } = useDialog();
  const [view, setView] = useState<WorkspaceView>('model');
  const showTraining = useCallback(() => setView('train'), []);
  const [help, setHelp] = useState(false);
  const toggleHelp = useCallback(() => setHelp((h) => !h), []);

  const controller = useMemo(
    () =>
      createProjectController({
        store,
        port,
        askDiscard: (title, action) =>
          ask<DiscardChoice>({
            title: 'Unsaved changes',
            message: `${title} has changes that are not saved. ${action} replaces it.`,
            buttons: [
              { id: 'save', label: 'Save first', tone: 'primary' },
              { id: 'discard', label: 'Discard changes', tone: 'danger' },
              { id: 'cancel', label: 'Cancel' },
            ],
            cancel: 'cancel',
          }),
        confirmImport: async (message) =>
          (await ask<'import' | 'cancel'>({
            title: 'Import as a new project?',
            message,
            buttons: [
              { id: 'import', label: 'Import', tone: 'primary' },
              { id: 'cancel', label: 'Cancel' },
            ],
            cancel: 'cancel',
          })) === 'import',
      }),
    [store, port, ask],
  );
  // The project as Export… opened with it (weights included); null while the dialog is closed.
  const [exporting, setExporting] = useState<ProjectFile | null>(null);
  const openExport = useCallback(() => {
    const { actions } = store.getState();
    if (exports) setExporting(actions.projectFile());
    else
      actions.notify('Export is not available here: use filterbank export --model PROJECT --format tfjs --out FOLDER.');
  }, [store, exports]);
  const closeExport = useCallback(() => setExporting(null), []);
  const commands = useCommands(store, controller, toggleHelp, openExport);
  useShortcuts(commands, !help && dialog === null && exporting === null);

  useEffect(() => startAutosave(store, port), [store, port]);

  useEffect(() => {
    const tell = () => port.projectChanged?.(store.getState().project.title, store.getState().dirty);
    tell();
    return store.subscribe((s, prev) => {
      if (s.dirty !== prev.dirty || s.project.title !== prev.project.title) tell();
    });
  }, [store, port]);

  useEffect(() => {
    if (!guardUnload) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!store.getState().dirty) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [store, guardUnload]);

  useEffect(() => {
    let cancelled = false;
    void port
      .loadAutosave()
      .then(async (record) => {
        if (cancelled) return;
        if (!record) {
          // A first start (nothing recent, nothing to restore) opens a model that trains at once on the sample digits.
          const first = (await port.listRecent()).length === 0 && store.getState().doc.graph.nodes.length === 0;
          const text = first && port.initialProject ? await port.initialProject() : null;
          if (text && !cancelled && store.getState().doc.graph.nodes.length === 0)
            store.getState().actions.loadProjectText(text, null);
          return;
        }
        const answer = await ask<'restore' | 'discard'>({
          title: 'Restore unsaved work?',
          message:
            `Filterbank kept unsaved work${record.path ? ` on ${record.path}` : ''} from ` +
            `${new Date(record.savedAt).toLocaleString()}.`,
          buttons: [
            { id: 'restore', label: 'Restore', tone: 'primary' },
            { id: 'discard', label: 'Discard it', tone: 'danger' },
          ],
          cancel: 'discard',
        });
        if (answer === 'restore') controller.restore(record);
        else await port.clearAutosave();
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [port, ask, controller, store]);

  return (
    <div className={`app${dashboard && view === 'train' ? ' app--train' : ''}`} data-testid="app">
      <Toolbar
        commands={commands}
        controller={controller}
        extra={dashboard ? <ViewSwitch view={view} onChange={setView} dashboard={dashboard} /> : null}
      />
      <Palette />
      <main className="workspace">
        <Canvas />
        <BottomPanel />
      </main>
      <Inspector />
      {dashboard ? (
        <EditorDashboard editor={store} dashboard={dashboard} visible={view === 'train'} onShow={showTraining} />
      ) : null}
      {statusBar ?? <footer className="status-bar" />}
      <NoticeBar />
      {help ? <HelpPanel onClose={toggleHelp} /> : null}
      {exporting && exports ? (
        <ExportDialog port={exports} project={exporting} ask={ask} onClose={closeExport} />
      ) : null}
      {dialog}
      {overlay}
    </div>
  );
}
