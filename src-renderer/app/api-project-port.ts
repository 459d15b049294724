import { choosePath, errorSentence, FilterbankError, type FilterbankApi, type ServerPathPrompt } from '../api';
import {
  fileTitle,
  ModelFileRefusal,
  type AutosaveRecord,
  type ProjectPort,
  type RecentProject,
} from '../editor/store/project-port';

/** A service error as one sentence with its hint, for the editor's notices. */
function readable(error: unknown): Error {
  if (error instanceof FilterbankError) return new Error(errorSentence(error));
  return error instanceof Error ? error : new Error(String(error));
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ModelFileRefusal) throw error;
    throw readable(error);
  }
}

/**
 * ProjectPort over the Filterbank API (Electron preload or browser-mode WebSocket): project:open / save /
 * autosave / recovery channels, the native dialog or the UI's server path prompt, and the recent list the
 * services keep (in Electron it is what the app may reopen without a dialog, so the main process owns it).
 */
export function createApiProjectPort(
  api: FilterbankApi,
  promptForServerPath: ServerPathPrompt,
): ProjectPort & { projectChanged(title: string, dirty: boolean): void } {
  const autosaveIds = new Set<string>();
  let home: Promise<string> | null = null;
  // Browser mode refuses paths outside its root, so Save as starts there.
  const homeDir = () =>
    (home ??= api.invoke('app:info').then(
      (i) => i.paths.root ?? i.paths.home,
      () => '',
    ));

  return {
    open: (path) =>
      call(async () => {
        const chosen = path ?? (await choosePath(api, 'open-project', promptForServerPath));
        if (chosen === null) return null;
        try {
          const opened = await api.invoke('project:open', { path: chosen });
          return { path: opened.path, text: JSON.stringify(opened.project) };
        } catch (error) {
          // The editor offers to import it instead of showing a refusal.
          if (error instanceof FilterbankError && error.code === 'is-model-file')
            throw new ModelFileRefusal(error.message, chosen);
          throw error;
        }
      }),
    importModel: (path) =>
      call(async () => {
        const chosen = path ?? (await choosePath(api, 'import-model', promptForServerPath));
        if (chosen === null) return null;
        const { project, notes } = await api.invoke('model:import', { path: chosen });
        return { text: JSON.stringify(project), notes };
      }),
    save: (path, text) =>
      call(async () => {
        await api.invoke('project:save', { path, project: JSON.parse(text) });
      }),
    saveAs: (text, suggestedName) =>
      call(async () => {
        const dir = await homeDir();
        const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
        const defaultPath = dir ? `${dir.replace(/[\\/]$/, '')}${sep}${suggestedName}` : undefined;
        const chosen = await choosePath(api, 'save-project', promptForServerPath, defaultPath);
        if (chosen === null) return null;
        await api.invoke('project:save', { path: chosen, project: JSON.parse(text) });
        return chosen;
      }),
    listRecent: async (): Promise<RecentProject[]> =>
      (await api.invoke('project:listRecent')).entries.map((e) => ({ ...e, title: fileTitle(e.path) })),
    initialProject: async () => JSON.stringify((await api.invoke('project:initial')).project),
    autosave: (record: AutosaveRecord) =>
      call(async () => {
        const entry = await api.invoke('project:autosave', {
          documentPath: record.path,
          project: JSON.parse(record.text),
        });
        autosaveIds.add(entry.id);
      }),
    loadAutosave: () =>
      call(async () => {
        const { entries } = await api.invoke('project:listRecovery');
        const newest = entries[0];
        if (!newest) return null;
        const { entry, project } = await api.invoke('project:openRecovery', { id: newest.id });
        autosaveIds.add(entry.id);
        return { text: JSON.stringify(project), path: entry.documentPath, savedAt: entry.savedAt };
      }),
    clearAutosave: () =>
      call(async () => {
        for (const id of [...autosaveIds]) {
          await api.invoke('project:discardRecovery', { id });
          autosaveIds.delete(id);
        }
      }),
    projectChanged(title, dirty) {
      api.send('project:changed', { title, dirty });
    },
  };
}
