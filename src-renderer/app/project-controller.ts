import type { EditorStore } from '../editor/store/editor-store';
import {
  type AutosaveRecord,
  ModelFileRefusal,
  type ProjectPort,
  type RecentProject,
} from '../editor/store/project-port';

export type DiscardChoice = 'save' | 'discard' | 'cancel';

export interface ProjectControllerDeps {
  store: EditorStore;
  port: ProjectPort;
  /** Asks what to do with unsaved changes before they would be replaced (`action` says by what). */
  askDiscard(projectTitle: string, action: string): Promise<DiscardChoice>;
  /** Asks whether to import a model file that Open was given (`message` says what the file is). */
  confirmImport(message: string): Promise<boolean>;
}

export interface ProjectController {
  newProject(): Promise<boolean>;
  newFromTemplate(templateId: string): Promise<boolean>;
  /** Opens a project (a dialog when `path` is omitted); false when cancelled or failed (a notice says why). */
  open(path?: string): Promise<boolean>;
  /** Imports a TF.js or Keras model as a new, unsaved project (a dialog when `path` is omitted). */
  importModel(path?: string): Promise<boolean>;
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
export function createProjectController({
  store,
  port,
  askDiscard,
  confirmImport,
}: ProjectControllerDeps): ProjectController {
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

  // Callers have already asked about unsaved changes.
  const importFrom = async (path?: string): Promise<boolean> => {
    if (!port.importModel) {
      notify('Importing models is not available here: use filterbank import FILE --out PROJECT.filterbank.json.');
      return false;
    }
    try {
      const imported = await port.importModel(path);
      if (!imported) return false;
      const name = (JSON.parse(imported.text) as { graph?: { name?: unknown } }).graph?.name;
      const named = typeof name === 'string' ? name : 'Imported model';
      // Laid out for the canvas once shown, like a template: a long imported chain wraps into columns.
      store.getState().actions.loadProjectText(imported.text, null, named, true);
      // Not on disk yet: it stays marked unsaved until the person saves it as a project.
      store.getState().actions.markUnsaved();
      const title = store.getState().project.title;
      const notes = imported.notes.length ? ` Notes: ${imported.notes.join('; ')}` : '';
      notify(`Imported ${title} as a new project (not saved yet).${notes}`, 'info');
      return true;
    } catch (e) {
      notify(`Could not import ${path ?? 'the model'}: ${message(e)}`);
      return false;
    }
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
        if (e instanceof ModelFileRefusal)
          return port.importModel && (await confirmImport(e.message)) ? importFrom(e.path) : false;
        const what = path ?? 'the project';
        notify(`Could not open ${what}: ${message(e)}`);
        return false;
      }
    },
    async importModel(path) {
      if (!(await mayReplace('Importing a model'))) return false;
      return importFrom(path);
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
