import { randomBytes } from 'node:crypto';
import {
  chmod,
  copyFile,
  link,
  lstat,
  mkdir,
  open,
  readdir,
  readlink,
  rename,
  rm,
  stat,
  symlink,
} from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import {
  ExportError,
  type ExportFile,
  type ExportFormat,
  exportModel,
  fileBytes,
  formatZodIssues,
  ProjectFileSchema,
  type TfjsExportOptions,
} from '../../src-engine';

/** An export that could not be written; nothing was left at the target. */
export class ExportWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportWriteError';
  }
}

/** The export would replace files that exist (`replaced`, names in the folder); it needs the user's consent. */
export class ExportExistsError extends ExportWriteError {
  constructor(
    readonly folder: string,
    readonly replaced: readonly string[],
  ) {
    super(`${folder} already holds ${replaced.join(', ')}; choose another folder or replace it (--force)`);
    this.name = 'ExportExistsError';
  }
}

export interface ExportWriteOptions {
  /** Replace the files of an earlier export in the folder (only once the new ones are in place; others are kept). */
  overwrite?: boolean;
  /** Test hook: runs after each file is written and synced, so a test can fail or crash mid-export. */
  afterFile?: (index: number, path: string) => void | Promise<void>;
}

const TEMP_MARK = '.filterbank-tmp-';
const OLD_MARK = '.filterbank-old-';

async function syncPath(path: string): Promise<void> {
  // Windows cannot open folders for fsync; rename is still atomic there.
  if (process.platform === 'win32') return;
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeSynced(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function checkRelative(path: string): string {
  const clean = normalize(path);
  if (path === '' || isAbsolute(path) || clean.split(sep).includes('..'))
    throw new ExportWriteError(`refusing to write '${path}': export files must stay inside the export folder`);
  return clean;
}

const TFJS_SHARD = /^group\d+-shard\d+of\d+\.bin$/;

/**
 * The entries of an existing export folder that an export writing `paths` replaces: the names it writes, and for a
 * TF.js model (model.json) the weight shards of an earlier one, which the new model.json no longer names. Anything
 * else in the folder is the user's and is kept.
 */
export function replacedEntries(paths: readonly string[], existing: readonly string[]): string[] {
  const own = new Set(paths.map((p) => normalize(p).split(sep)[0]));
  const tfjs = own.has('model.json');
  return existing.filter((name) => own.has(name) || (tfjs && TFJS_SHARD.test(name))).sort();
}

/** Gives `to` the entry `from` without copying data where the disk allows (a hard link), else by copying it. */
async function keepEntry(from: string, to: string): Promise<void> {
  const info = await lstat(from);
  if (info.isSymbolicLink()) return symlink(await readlink(from), to);
  if (info.isDirectory()) {
    await mkdir(to);
    await chmod(to, info.mode & 0o7777);
    for (const name of await readdir(from)) await keepEntry(join(from, name), join(to, name));
    return;
  }
  if (!info.isFile()) throw new ExportWriteError(`cannot keep ${from} (not a file or folder); move it out first`);
  await link(from, to).catch(() => copyFile(from, to));
}

/**
 * Removes what crashed earlier exports of this target left beside it (never the target itself). A crash between the
 * two renames of a replace leaves no target but the previous folder set aside: that one is put back first.
 */
async function removeStale(parent: string, base: string): Promise<void> {
  const entries = await readdir(parent).catch(() => [] as string[]);
  const dest = join(parent, base);
  const setAside = entries.find((e) => e.startsWith(`.${base}${OLD_MARK}`));
  if (setAside && !(await lstat(dest).catch(() => null))) await rename(join(parent, setAside), dest);
  for (const e of entries) {
    if (e.startsWith(`.${base}${TEMP_MARK}`) || e.startsWith(`.${base}${OLD_MARK}`))
      await rm(join(parent, e), { recursive: true, force: true });
  }
}

/**
 * Writes an export folder atomically: every file goes into a temporary folder beside the target and is fsynced, then
 * the folder is renamed into place. Into an existing folder, the new folder also gets (hard-linked) every entry the
 * export does not replace, so the user's own files survive. A failure or crash at any point leaves either the previous
 * target or nothing, never a partial model. Returns the absolute paths of the files written.
 */
export async function writeExportFolder(
  target: string,
  files: readonly ExportFile[],
  options: ExportWriteOptions = {},
): Promise<string[]> {
  const dest = resolve(target);
  const parent = dirname(dest);
  const base = basename(dest);
  const relative = files.map((f) => checkRelative(f.path));
  const duplicate = relative.find((p, i) => relative.indexOf(p) !== i);
  if (duplicate) throw new ExportWriteError(`the export lists '${duplicate}' twice`);
  await mkdir(parent, { recursive: true });
  await removeStale(parent, base);
  const existing = await stat(dest).catch(() => null);
  if (existing && !existing.isDirectory())
    throw new ExportWriteError(`${dest} is a file; choose a folder to export into`);
  const present = existing ? await readdir(dest) : [];
  const replaced = replacedEntries(relative, present);
  if (replaced.length > 0 && !options.overwrite) throw new ExportExistsError(dest, replaced);
  // mkdir rather than mkdtemp so the folder gets the user's usual permissions, not 0700.
  const temp = join(parent, `.${base}${TEMP_MARK}${randomBytes(6).toString('hex')}`);
  await mkdir(temp);
  try {
    for (const [i, file] of files.entries()) {
      const path = join(temp, relative[i]);
      await mkdir(dirname(path), { recursive: true });
      await writeSynced(path, fileBytes(file));
      await options.afterFile?.(i, relative[i]);
    }
    if (existing) {
      await chmod(temp, existing.mode & 0o7777);
      for (const name of present) if (!replaced.includes(name)) await keepEntry(join(dest, name), join(temp, name));
    }
    await syncPath(temp);
    if (existing) {
      const old = join(parent, `.${base}${OLD_MARK}${randomBytes(4).toString('hex')}`);
      await rename(dest, old);
      try {
        await rename(temp, dest);
      } catch (e) {
        await rename(old, dest);
        throw e;
      }
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temp, dest);
    }
    await syncPath(parent);
  } catch (e) {
    await rm(temp, { recursive: true, force: true });
    throw e;
  }
  return relative.map((p) => join(dest, p));
}

/** Writes one file atomically (temporary file beside it, fsync, rename); refuses to replace one unless `overwrite`. */
export async function writeFileAtomically(
  target: string,
  bytes: Uint8Array,
  options: { overwrite?: boolean } = {},
): Promise<string> {
  const dest = resolve(target);
  const existing = await stat(dest).catch(() => null);
  if (existing?.isDirectory()) throw new ExportWriteError(`${dest} is a folder; give a file name`);
  if (existing && !options.overwrite)
    throw new ExportWriteError(`${dest} already exists; choose another name or replace it (--force)`);
  await mkdir(dirname(dest), { recursive: true });
  const temp = join(dirname(dest), `.${basename(dest)}${TEMP_MARK}${randomBytes(4).toString('hex')}`);
  try {
    await writeSynced(temp, bytes);
    await rename(temp, dest);
    await syncPath(dirname(dest));
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  return dest;
}

/**
 * The shell's Exporter shape for the engine's folder formats: exports `project` (a project document) into the new
 * folder `directory/name`, atomically. Throws ExportError for a model that cannot be exported, ExportWriteError
 * when the folder exists or cannot be written.
 */
export function folderExporter(format: Exclude<ExportFormat, 'project'>, options: TfjsExportOptions = {}) {
  return async (
    project: unknown,
    directory: string,
    name: string,
    write: { overwrite?: boolean } = {},
  ): Promise<string[]> => {
    const parsed = ProjectFileSchema.safeParse(project);
    if (!parsed.success)
      throw new ExportError(`the project is damaged or incomplete: ${formatZodIssues(parsed.error)}`);
    const { files } = exportModel(format, parsed.data, options);
    return writeExportFolder(join(directory, name), files, write);
  };
}
