import { ProjectFileError } from '../../src-engine';
import type { EditorStore } from '../editor/store/editor-store';
import type { AutosaveRecord, ProjectPort, RecentProject } from '../editor/store/project-port';

export type DiscardChoice = 'save' | 'discard' | 'cancel';

export interface ProjectControllerDeps {
  store: EditorStore;
  port: ProjectPort;
  /** Asks what to do with unsaved changes before they would be replaced (`action` says by what). */
  askDiscard(projectTitle: string, action: string): Promise<DiscardChoice>;
}

export interface ProjectController {
  newProject(): Promise<boolean>;
  newFromTemplate(templateId: string): Promise<boolean>;
  /** Opens a project (a dialog when `path` is omitted); false when cancelled or failed (a notice says why). */
  open(path?: string): Promise<boolean>;
  save(): Promise<boolean>;
  saveAs(): Promise<boolean>;
  recent(): Promise<RecentProject[]>;
  /** Restores unsaved work kept by autosave, marked unsaved; false when it cannot be read (a notice says why). */
  restore(record: AutosaveRecord): boolean;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** "Could not ACTION: reason", unless the service's reason already says what could not be done. */
const couldNot = (action: string, e: unknown) =>
  message(e).startsWith('Could not ') ? message(e) : `Could not ${action}: ${message(e)}`;

/**
 * New / open / save / save as, through the port. Nothing replaces unsaved changes without asking: the person
 * chooses to save them first, discard them, or cancel.
 */
export function createProjectController({ store, port, askDiscard }: ProjectControllerDeps): ProjectController {
  const notify = (text: string, kind: 'error' | 'info' = 'error') => store.getState().actions.notify(text, kind);
  const suggestedName = () => `${store.getState().doc.graph.name}.filterbank.json`;

  const write = async (path: string | null): Promise<boolean> => {
    const text = store.getState().actions.projectText();
    try {
      let target = path;
      if (target === null) target = await port.saveAs(text, suggestedName());
      else await port.save(target, text);
      if (target === null) return false;
      store.getState().actions.markSaved(target);
      await port.clearAutosave().catch(() => undefined);
      notify(`Saved ${store.getState().project.title}`, 'info');
      return true;
    } catch (e) {
      notify(couldNot('save the project', e));
      return false;
    }
  };

  const mayReplace = async (action: string): Promise<boolean> => {
    const s = store.getState();
    if (!s.dirty) return true;
    const choice = await askDiscard(s.project.title, action);
    if (choice === 'cancel') return false;
    if (choice === 'discard') return true;
    return write(s.project.path);
  };

  return {
    async newProject() {
      if (!(await mayReplace('Starting a new project'))) return false;
      store.getState().actions.newProject();
      return true;
    },
    async newFromTemplate(templateId) {
      if (!(await mayReplace('Starting from a template'))) return false;
      store.getState().actions.newFromTemplate(templateId);
      return true;
    },
    async open(path) {
      if (!(await mayReplace('Opening another project'))) return false;
      try {
        const doc = await port.open(path);
        if (!doc) return false;
        store.getState().actions.loadProjectText(doc.text, doc.path);
        return true;
      } catch (e) {
        const what = path ?? 'the project';
        notify(
          e instanceof ProjectFileError
            ? `Could not open ${what}: ${e.message}`
            : `Could not open ${what}: ${message(e)}`,
        );
        return false;
      }
    },
    save: () => write(store.getState().project.path),
    saveAs: () => write(null),
    recent: () => port.listRecent().catch(() => []),
    restore(record) {
      try {
        store.getState().actions.loadProjectText(record.text, record.path);
        // Restored work is not on disk yet: it stays marked unsaved so it cannot be lost a second time.
        store.getState().actions.markUnsaved();
        return true;
      } catch (e) {
        notify(`The autosaved work could not be restored: ${message(e)}`);
        return false;
      }
    },
  };
}
