import { choosePath, FilterbankError, type FilterbankApi, type ServerPathPrompt } from '../api';
import { fileTitle, type AutosaveRecord, type ProjectPort, type RecentProject } from '../store/project-port';

/** Where the recent-projects list is kept (window.localStorage in the app; a Map in tests). */
export interface RecentStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const RECENT_KEY = 'filterbank.recentProjects';
const RECENT_LIMIT = 10;

/** A service error as one sentence with its hint, for the editor's notices. */
function readable(error: unknown): Error {
  if (error instanceof FilterbankError) return new Error(error.hint ? `${error.message} ${error.hint}` : error.message);
  return error instanceof Error ? error : new Error(String(error));
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw readable(error);
  }
}

function readRecent(store: RecentStore): RecentProject[] {
  try {
    const parsed: unknown = JSON.parse(store.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((r): r is RecentProject => typeof r?.path === 'string' && typeof r?.openedAt === 'string').map((r) => ({ ...r, title: fileTitle(r.path) })) : [];
  } catch {
    return [];
  }
}

/**
 * ProjectPort over the Filterbank API (Electron preload or browser-mode WebSocket): project:open / save /
 * autosave / recovery channels, the native dialog or the UI's server path prompt, and a recent list kept in
 * the renderer (the services keep none).
 */
export function createApiProjectPort(api: FilterbankApi, promptForServerPath: ServerPathPrompt, recentStore: RecentStore): ProjectPort & { projectChanged(title: string, dirty: boolean): void } {
  const autosaveIds = new Set<string>();
  let home: Promise<string> | null = null;
  const homeDir = () => (home ??= api.invoke('app:info').then((i) => i.paths.home, () => ''));
  const remember = (path: string) => {
    const list = [{ path, title: fileTitle(path), openedAt: new Date().toISOString() }, ...readRecent(recentStore).filter((r) => r.path !== path)].slice(0, RECENT_LIMIT);
    try {
      recentStore.setItem(RECENT_KEY, JSON.stringify(list));
    } catch {
      // A full or disabled storage only costs the recent list.
    }
  };

  return {
    open: (path) =>
      call(async () => {
        const chosen = path ?? (await choosePath(api, 'open-project', promptForServerPath));
        if (chosen === null) return null;
        const opened = await api.invoke('project:open', { path: chosen });
        remember(opened.path);
        return { path: opened.path, text: JSON.stringify(opened.project) };
      }),
    save: (path, text) =>
      call(async () => {
        await api.invoke('project:save', { path, project: JSON.parse(text) });
        remember(path);
      }),
    saveAs: (text, suggestedName) =>
      call(async () => {
        const dir = await homeDir();
        const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
        const defaultPath = dir ? `${dir.replace(/[\\/]$/, '')}${sep}${suggestedName}` : undefined;
        const chosen = await choosePath(api, 'save-project', promptForServerPath, defaultPath);
        if (chosen === null) return null;
        await api.invoke('project:save', { path: chosen, project: JSON.parse(text) });
        remember(chosen);
        return chosen;
      }),
    listRecent: async () => readRecent(recentStore),
    initialProject: async () => JSON.stringify((await api.invoke('project:initial')).project),
    autosave: (record: AutosaveRecord) =>
      call(async () => {
        const entry = await api.invoke('project:autosave', { documentPath: record.path, project: JSON.parse(record.text) });
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
