/** A project file on disk as the editor sees it: where it is and its JSON text. */
export interface ProjectDocument {
  /** Absolute path (desktop) or the server's identifier (browser mode). */
  path: string;
  text: string;
}

export interface RecentProject {
  path: string;
  /** File name without folders, for menus. */
  title: string;
  /** ISO time of the last open or save. */
  openedAt: string;
}

/** Unsaved work the port kept for crash recovery. */
export interface AutosaveRecord {
  text: string;
  /** The file the work belongs to, or null for an untitled project. */
  path: string | null;
  savedAt: string;
}

/** A TF.js or Keras model read as a new project: the project file's text and what the import could not keep. */
export interface ImportedModel {
  text: string;
  notes: string[];
}

/** Thrown by open when the file is a TF.js or Keras model rather than a project: the editor offers to import it. */
export class ModelFileRefusal extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ModelFileRefusal';
  }
}

/**
 * Persistence as the editor needs it. The App receives one; the shell's transport (Electron IPC or WebSocket)
 * implements it, and tests use an in-memory one. Every method rejects with an Error whose message says what
 * went wrong and what to do; a cancelled dialog resolves to null instead.
 */
export interface ProjectPort {
  /** Shows an open dialog (or opens `path` directly); null when the user cancels. */
  open(path?: string): Promise<ProjectDocument | null>;
  /** Writes the text to an existing path. */
  save(path: string, text: string): Promise<void>;
  /** Asks where to save (suggesting `suggestedName`), writes there and returns the chosen path; null when cancelled. */
  saveAs(text: string, suggestedName: string): Promise<string | null>;
  listRecent(): Promise<RecentProject[]>;
  /** Reads a TF.js model.json or Keras topology JSON (a dialog when `path` is omitted); null when cancelled. */
  importModel?(path?: string): Promise<ImportedModel | null>;
  /** Keeps a recovery copy of unsaved work; never touches the user's file. */
  autosave(record: AutosaveRecord): Promise<void>;
  /** The recovery copy left by a previous session, if any. */
  loadAutosave(): Promise<AutosaveRecord | null>;
  /** Drops the recovery copy (after a save, or when the user declines to restore it). */
  clearAutosave(): Promise<void>;
  /** The project a first start opens (the Keras tutorial CNN set up on the bundled sample digits), as JSON text. */
  initialProject?(): Promise<string>;
  /** Told whenever the title or the unsaved state changes (the desktop shell titles the window and guards closing). */
  projectChanged?(title: string, dirty: boolean): void;
}

export function fileTitle(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
