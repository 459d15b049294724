// Server-side folder listing: lets a browser-mode user pick paths on the machine running the services, within
// what the path policy allows (browser mode: its root folder, which has no parent in the listing).
import { mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errnoCode, fsError } from './fs-errors';
import { IpcError, missingFolderMessage } from '../../src-shared';
import type { PathPolicy } from './path-policy';

export interface ListOptions {
  path?: string;
  include: 'directories' | 'all';
  /** Lower-case extensions with the dot (".png"); only applies to files. */
  extensions?: string[];
}

export interface Listing {
  path: string;
  parent: string | null;
  entries: { name: string; path: string; kind: 'directory' | 'file'; size: number | null }[];
  truncated: boolean;
}

export const MAX_LISTED_ENTRIES = 5000;

export async function listDirectory(options: ListOptions, policy: PathPolicy): Promise<Listing> {
  let path: string;
  let dirents;
  try {
    path = await policy.check(options.path ?? policy.startFolder, 'list');
    const info = await stat(path);
    if (!info.isDirectory())
      throw new IpcError('invalid-file', `${path} is a file, not a folder.`, 'List its folder instead.');
    dirents = await readdir(path, { withFileTypes: true });
  } catch (error) {
    throw fsError(error, 'list the folder', options.path ?? policy.startFolder);
  }
  const extensions = options.extensions?.map((e) => e.toLowerCase());
  const entries: Listing['entries'] = [];
  for (const dirent of dirents) {
    if (dirent.name.startsWith('.')) continue;
    const full = join(path, dirent.name);
    let kind: 'directory' | 'file';
    if (dirent.isDirectory()) kind = 'directory';
    else if (dirent.isFile()) kind = 'file';
    else if (dirent.isSymbolicLink()) {
      const target = await stat(full).catch(() => null);
      if (!target) continue;
      kind = target.isDirectory() ? 'directory' : 'file';
    } else continue;
    if (kind === 'file') {
      if (options.include === 'directories') continue;
      if (extensions && !extensions.some((e) => dirent.name.toLowerCase().endsWith(e))) continue;
    }
    entries.push({ name: dirent.name, path: full, kind, size: null });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'directory' ? -1 : 1));
  const kept = entries.slice(0, MAX_LISTED_ENTRIES);
  // Sizes only for what is returned: an image folder can hold far more files than we list.
  for (const entry of kept)
    if (entry.kind === 'file') entry.size = (await stat(entry.path).catch(() => null))?.size ?? null;
  const parent = dirname(path) !== path && (await policy.allows(dirname(path), 'list')) ? dirname(path) : null;
  return { path, parent, entries: kept, truncated: entries.length > MAX_LISTED_ENTRIES };
}

/** What is wrong with `name` as a new folder's name, or null; plain names only, so the folder lands in `parent`. */
export function folderNameProblem(name: string): string | null {
  if (name.trim() === '') return 'A folder name may not be blank.';
  if (name.length > 255) return 'A folder name may not be longer than 255 characters.';
  if (name === '.' || name === '..') return 'A folder name may not be . or ..';
  if (/[\\/:*?"<>|\0]/.test(name)) return `"${name}" may not contain / \\ : * ? " < > |.`;
  // Listings hide dot folders, so a new one would seem to vanish.
  if (name.startsWith('.')) return `"${name}" may not start with a dot: such folders are hidden from the list.`;
  return null;
}

/** Creates one folder, `name`, in `parent`; the new path must be writable under the path policy. */
export async function makeFolder(parent: string, name: string, policy: PathPolicy): Promise<{ path: string }> {
  const problem = folderNameProblem(name);
  if (problem) throw new IpcError('invalid-payload', problem, 'Type a plain folder name, e.g. runs-2.');
  const path = await policy.check(join(parent, name), 'write');
  try {
    await mkdir(path);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST')
      throw new IpcError(
        'invalid-state',
        `${path} already exists.`,
        'Choose another name, or open the existing folder.',
      );
    if (code === 'ENOENT') throw new IpcError('not-found', missingFolderMessage(dirname(path)), null);
    throw fsError(error, 'create the folder', path);
  }
  return { path };
}
