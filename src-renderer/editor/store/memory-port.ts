import {
  fileTitle,
  type AutosaveRecord,
  type ProjectDocument,
  type ProjectPort,
  type RecentProject,
} from './project-port';

/**
 * A ProjectPort over a Map: for tests, and for running the editor without a transport. `choosePath` stands in
 * for the open/save dialogs (return null to cancel).
 */
export function createMemoryPort(
  options: { choosePath?: (purpose: 'open' | 'save', suggested: string) => string | null; now?: () => Date } = {},
) {
  const files = new Map<string, string>();
  let recent: RecentProject[] = [];
  let autosaved: AutosaveRecord | null = null;
  const choose = options.choosePath ?? ((_purpose, suggested) => suggested);
  const now = options.now ?? (() => new Date());
  const touch = (path: string) => {
    recent = [
      { path, title: fileTitle(path), openedAt: now().toISOString() },
      ...recent.filter((r) => r.path !== path),
    ].slice(0, 10);
  };
  const port: ProjectPort = {
    async open(path?: string): Promise<ProjectDocument | null> {
      const p = path ?? choose('open', '');
      if (p === null) return null;
      const text = files.get(p);
      if (text === undefined) throw new Error(`There is no project at ${p}: it may have been moved or deleted`);
      touch(p);
      return { path: p, text };
    },
    async save(path, text) {
      files.set(path, text);
      touch(path);
    },
    async saveAs(text, suggestedName) {
      const p = choose('save', suggestedName);
      if (p === null) return null;
      files.set(p, text);
      touch(p);
      return p;
    },
    listRecent: async () => recent,
    async autosave(record) {
      autosaved = record;
    },
    loadAutosave: async () => autosaved,
    async clearAutosave() {
      autosaved = null;
    },
  };
  return { port, files, autosaved: () => autosaved };
}
