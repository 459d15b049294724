// Opens, saves and autosaves project files. Generic over the document schema: the project format is owned
// by src-engine/model and handed in by whoever creates the service.
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { describeJsonSyntaxError } from '../../src-engine';
import { readRegularFile } from '../../src-engine/node';
import { IpcError, type IpcIssue, missingFolderMessage, type RecoveryEntry, zodIssues } from '../../src-shared';
import { writeFileAtomic } from './atomic-write';
import { errnoCode, fsError } from './fs-errors';
import { modelFileRefusal } from './model-import';

export interface ProjectFileOptions<T> {
  schema: z.ZodType<T>;
  /** Folder for autosaved copies (Electron: userData/recovery). */
  recoveryDir: string;
  /** Refuse to read project files above this size (bytes). */
  maxBytes?: number;
}

export interface OpenedProject<T> {
  path: string;
  project: T;
  modifiedAt: string;
  /** An autosave of this document newer than the file on disk, if one exists. */
  recovery: RecoveryEntry | null;
}

const RecoveryFile = z.object({
  format: z.literal('filterbank-recovery'),
  version: z.literal(1),
  documentPath: z.string().nullable(),
  savedAt: z.string(),
  project: z.unknown(),
});

const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

/** The only name project:save writes, so a save cannot replace another kind of file. */
export const PROJECT_FILE_SUFFIX = '.filterbank.json';

export class ProjectFiles<T> {
  private readonly schema: z.ZodType<T>;
  private readonly recoveryDir: string;
  private readonly maxBytes: number;
  /** Autosaves of untitled documents from this run share one slot. */
  private readonly untitledId = `untitled-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  /** Writes to one document are serialised so an autosave never races a save of the same file. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(options: ProjectFileOptions<T>) {
    this.schema = options.schema;
    this.recoveryDir = options.recoveryDir;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  async open(path: string): Promise<OpenedProject<T>> {
    const { text, modifiedAt } = await this.readText(path, 'open the project');
    const json = parseJson(text, path);
    const refusal = modelFileRefusal(json, path);
    if (refusal) throw refusal;
    const project = this.validate(json, path, 'file');
    const recovery = (await this.listRecovery()).find((e) => e.documentPath === path && e.savedAt > modifiedAt) ?? null;
    return { path, project, modifiedAt, recovery };
  }

  async save(path: string, project: unknown): Promise<{ path: string; savedAt: string; bytes: number }> {
    if (
      !basename(path).toLowerCase().endsWith(PROJECT_FILE_SUFFIX) ||
      basename(path).length === PROJECT_FILE_SUFFIX.length
    ) {
      const message = `Projects are saved only as NAME${PROJECT_FILE_SUFFIX} files, and ${basename(path)} is not one.`;
      throw new IpcError('invalid-payload', message, `Choose a name ending in ${PROJECT_FILE_SUFFIX}.`);
    }
    const valid = this.validate(project, path);
    const { bytes } = await this.serialised(path, async () => {
      const written = await this.write(path, JSON.stringify(valid, null, 2), 'save the project');
      await this.discardRecovery(recoveryIdFor(path, this.untitledId)).catch(() => undefined);
      return written;
    });
    return { path, savedAt: new Date().toISOString(), bytes };
  }

  async autosave(documentPath: string | null, project: unknown): Promise<RecoveryEntry> {
    this.validate(project, documentPath ?? 'the untitled project');
    const id = recoveryIdFor(documentPath, this.untitledId);
    const path = this.recoveryPath(id);
    const savedAt = new Date().toISOString();
    const text = JSON.stringify({ format: 'filterbank-recovery', version: 1, documentPath, savedAt, project });
    try {
      await mkdir(this.recoveryDir, { recursive: true });
    } catch (error) {
      throw fsError(error, 'create the recovery folder', this.recoveryDir);
    }
    // Queued with saves of the same document, so an autosave never lands after (and outlives) a save.
    const { bytes } = await this.serialised(documentPath ?? path, () => this.write(path, text, 'autosave the project'));
    return { id, documentPath, savedAt, path, bytes };
  }

  async listRecovery(): Promise<RecoveryEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.recoveryDir);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw fsError(error, 'list autosaved projects', this.recoveryDir);
    }
    const entries: RecoveryEntry[] = [];
    for (const name of names.filter((n) => /^[a-z0-9-]{1,80}\.json$/.test(n))) {
      const id = name.slice(0, -'.json'.length);
      const entry = await this.readRecovery(id).then(
        (r) => r.entry,
        () => null,
      );
      if (entry) entries.push(entry);
    }
    return entries.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  async openRecovery(id: string): Promise<{ entry: RecoveryEntry; project: T }> {
    const { entry, project } = await this.readRecovery(id);
    return { entry, project: this.validate(project, entry.path, 'file') };
  }

  async discardRecovery(id: string): Promise<boolean> {
    try {
      await unlink(this.recoveryPath(id));
      return true;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return false;
      throw fsError(error, 'discard the autosaved project', this.recoveryPath(id));
    }
  }

  private async readRecovery(id: string): Promise<{ entry: RecoveryEntry; project: unknown }> {
    const path = this.recoveryPath(id);
    const { text } = await this.readText(path, 'open the autosaved project');
    const parsed = RecoveryFile.safeParse(parseJson(text, path));
    if (!parsed.success) {
      throw new IpcError(
        'invalid-file',
        `${path} is not a Filterbank recovery file.`,
        'Discard it with project:discardRecovery.',
        fileIssues(parsed.error),
      );
    }
    const { documentPath, savedAt, project } = parsed.data;
    return { entry: { id, documentPath, savedAt, path, bytes: Buffer.byteLength(text) }, project };
  }

  private recoveryPath(id: string): string {
    if (!/^[a-z0-9-]{1,80}$/.test(id))
      throw new IpcError(
        'invalid-payload',
        `${JSON.stringify(id)} is not a recovery id.`,
        'Use an id from project:listRecovery.',
      );
    return join(this.recoveryDir, `${id}.json`);
  }

  /** `from` 'file': the document was read from disk, so the issues must not echo what the file holds. */
  private validate(project: unknown, where: string, from: 'file' | 'caller' = 'caller'): T {
    const parsed = this.schema.safeParse(project);
    if (parsed.success) return parsed.data;
    const issues = from === 'file' ? fileIssues(parsed.error) : zodIssues(parsed.error);
    throw new IpcError(
      'invalid-file',
      `${where} is not a valid Filterbank project.`,
      'The issues list the fields that are wrong; fix them or open another file.',
      issues,
    );
  }

  private async readText(path: string, action: string): Promise<{ text: string; modifiedAt: string }> {
    try {
      // Regular files only: a FIFO or a device would stall or never end.
      const { bytes, modifiedAt } = await readRegularFile(path, { maxBytes: this.maxBytes });
      return { text: bytes.toString('utf8'), modifiedAt: modifiedAt.toISOString() };
    } catch (error) {
      throw fsError(error, action, path);
    }
  }

  private async write(path: string, text: string, action: string): Promise<{ bytes: number }> {
    try {
      return await writeFileAtomic(path, text);
    } catch (error) {
      // A missing folder is named as such: the file not existing yet is the point of a save.
      if (errnoCode(error) === 'ENOENT' && !(await isFolder(dirname(path))))
        throw new IpcError('not-found', missingFolderMessage(dirname(path)), null);
      throw fsError(error, action, path);
    }
  }

  private serialised<R>(path: string, task: () => Promise<R>): Promise<R> {
    const previous = this.queues.get(path) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(path, settled);
    void settled.then(() => {
      if (this.queues.get(path) === settled) this.queues.delete(path);
    });
    return next;
  }
}

function recoveryIdFor(documentPath: string | null, untitledId: string): string {
  if (documentPath === null) return untitledId;
  return `doc-${createHash('sha256').update(documentPath).digest('hex').slice(0, 24)}`;
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text: say where and what instead.
    throw new IpcError(
      'invalid-file',
      `${path} is not valid JSON (${describeJsonSyntaxError(text)}).`,
      'The file is damaged or not a Filterbank project; check for an autosaved copy with project:listRecovery.',
    );
  }
}

/** Zod issues about a file's content, with the names of unknown fields left out (they come from the file). */
function fileIssues(error: z.ZodError): IpcIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((p) => String(p).slice(0, 80)).join('.') || '(payload)';
    return {
      path,
      message: issue.code === 'unrecognized_keys' ? `${issue.keys.length} unknown field(s)` : issue.message,
    };
  });
}

const isFolder = (path: string) =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
