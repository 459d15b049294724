import type { ExportFormat, ProjectFile } from '../../src-engine';
import { choosePath, errorSentence, FilterbankError, type FilterbankApi, type ServerPathPrompt } from '../api';

export interface ExportRequest {
  format: ExportFormat;
  directory: string;
  name: string;
  project: ProjectFile;
  overwrite: boolean;
}

/** The export's answer: the files written, or the files it would replace (absolute), which need the user's consent. */
export type ExportOutcome = { files: string[] } | { exists: string; replaced: string[] };

/**
 * Exports as the Export… dialog needs them: the folder dialog (native in Electron, the path prompt in browser mode)
 * and export:run. Rejects with an Error whose message says what went wrong and what to do.
 */
export interface ExportPort {
  /** The folder dialog; a folder chosen is remembered for the rest of the session. */
  chooseFolder(defaultPath?: string): Promise<string | null>;
  /**
   * The folder the dialog opens with: the last one chosen in this session, else browser mode's root; null in the
   * desktop app until one is chosen (it writes only where the user picked).
   */
  startFolder(): Promise<string | null>;
  run(request: ExportRequest): Promise<ExportOutcome>;
  /** Whether Show in folder exists here (the desktop app; browser mode has no file manager to open). */
  canReveal(): Promise<boolean>;
  /** Shows a file the last exports wrote in the system's file manager. */
  reveal(path: string): Promise<void>;
}

export function createApiExportPort(api: FilterbankApi, promptForServerPath: ServerPathPrompt): ExportPort {
  let lastFolder: string | null = null;
  const readable = (error: unknown) =>
    error instanceof FilterbankError ? new Error(errorSentence(error), { cause: error }) : error;
  return {
    async chooseFolder(defaultPath) {
      const chosen = await choosePath(api, 'choose-export-folder', promptForServerPath, defaultPath);
      if (chosen !== null) lastFolder = chosen;
      return chosen;
    },
    async startFolder() {
      if (lastFolder !== null) return lastFolder;
      return (await api.invoke('app:info')).paths.root;
    },
    async run(request) {
      try {
        return { files: (await api.invoke('export:run', request)).files };
      } catch (error) {
        if (error instanceof FilterbankError && error.code === 'confirm-overwrite')
          return { exists: error.message, replaced: error.issues.map((i) => i.path) };
        throw readable(error);
      }
    },
    canReveal: async () => (await api.invoke('app:info')).capabilities.nativeDialogs,
    async reveal(path) {
      await api.invoke('export:reveal', { path }).catch((error: unknown) => {
        throw readable(error);
      });
    },
  };
}
