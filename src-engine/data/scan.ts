/**
 * Discovering an image folder laid out as Keras' image_dataset_from_directory expects: one sub-folder per class,
 * images anywhere below it. Only names and extensions are looked at here; contents are judged when decoding.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DatasetError } from './errors';
import { nonRegularKind, type NonRegularKind } from '../io/regular-file';
import { formatFromExtension, type ImageFormat } from './image-format';

export interface ScannedFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the scanned folder, with '/' separators (for reports). */
  relativePath: string;
  classIndex: number;
  /** The format the extension promises; the content may disagree (reported, not fatal). */
  extensionFormat: ImageFormat;
  /**
   * A FIFO, device or socket named like an image: skipped with this reason and never opened (a FIFO blocks its reader).
   */
  notRegular?: NonRegularKind;
}

export interface FolderScan {
  root: string;
  /** Class folder names in Keras' order (plain code-point sort, as Python's sorted()). */
  classNames: string[];
  /** Image candidates by class, then by path. */
  files: ScannedFile[];
  /** Files directly in the folder, outside any class folder: ignored. */
  topLevelFiles: string[];
  /** Files in class folders whose extension is not an image extension: ignored. */
  otherFiles: string[];
  /** Hidden and system entries skipped (.DS_Store, ._*, Thumbs.db, __MACOSX, …). */
  hiddenCount: number;
  /** Sub-folders that could not be listed (permissions); their files are missing from the dataset. */
  unreadableFolders: Array<{ path: string; message: string }>;
}

const SYSTEM_NAMES = new Set(['thumbs.db', 'desktop.ini', '__macosx', '$recycle.bin', 'system volume information']);
export const isHiddenName = (name: string): boolean => name.startsWith('.') || SYSTEM_NAMES.has(name.toLowerCase());

/**
 * Python's string order: by Unicode code point (JS's default sort compares UTF-16 units, which differs above U+FFFF).
 */
export function compareCodePoints(a: string, b: string): number {
  // Surrogates (astral code points) must sort after U+E000–U+FFFF: shift the unit ranges to restore code-point order.
  const key = (u: number): number => (u >= 0xd800 && u <= 0xdfff ? u + 0x2000 : u >= 0xe000 ? u - 0x800 : u);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return key(x) - key(y);
  }
  return a.length - b.length;
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** 'file', 'dir', or what else the entry (or the target of a link) is: FIFO, device, socket. */
async function kindOf(entry: Dirent, full: string): Promise<'file' | 'dir' | NonRegularKind> {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'dir';
  if (!entry.isSymbolicLink()) return nonRegularKind(entry);
  try {
    const s = await stat(full);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : nonRegularKind(s);
  } catch {
    return 'file'; // a dangling link: reading it fails later and is reported as unreadable
  }
}

async function checkRoot(dir: string, role: string): Promise<string> {
  const root = path.resolve(dir);
  let s;
  try {
    s = await stat(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new DatasetError(
        'FOLDER_NOT_FOUND',
        `The ${role} folder ${root} does not exist.`,
        'Check the path, or choose the folder again.',
      );
    }
    throw new DatasetError(
      'FOLDER_UNREADABLE',
      `The ${role} folder ${root} cannot be opened (${(e as Error).message}).`,
      'Check that you have permission to read it.',
    );
  }
  if (!s.isDirectory()) {
    throw new DatasetError(
      'NOT_A_FOLDER',
      `${root} is a file, not a folder.`,
      `Choose the folder that contains one sub-folder per class (for ` +
        `example ${path.dirname(root)} if the classes are beside this file).`,
    );
  }
  return root;
}

async function listDir(dir: string): Promise<Dirent[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.sort((a, b) => compareCodePoints(a.name, b.name));
}

/**
 * Lists the image candidates of a class-per-folder dataset without opening any image; throws `DatasetError` when the
 * folder cannot be used (missing, a file, no or a single class folder, a class folder without image files).
 */
export async function scanImageFolder(dir: string): Promise<FolderScan> {
  const scan = await listImageFolder(dir, 'dataset');
  checkClasses(scan, 'dataset');
  return scan;
}

/** `scanImageFolder` without the class checks (the caller checks after comparing or decoding). */
export async function listImageFolder(dir: string, role: string): Promise<FolderScan> {
  const root = await checkRoot(dir, role);
  let top: Dirent[];
  try {
    top = await listDir(root);
  } catch (e) {
    throw new DatasetError(
      'FOLDER_UNREADABLE',
      `The ${role} folder ${root} cannot be listed (${(e as Error).message}).`,
      'Check that you have permission to read it.',
    );
  }
  const scan: FolderScan = {
    root,
    classNames: [],
    files: [],
    topLevelFiles: [],
    otherFiles: [],
    hiddenCount: 0,
    unreadableFolders: [],
  };
  const classDirs: string[] = [];
  for (const entry of top) {
    if (isHiddenName(entry.name)) {
      scan.hiddenCount++;
      continue;
    }
    const kind = await kindOf(entry, path.join(root, entry.name));
    if (kind === 'dir') classDirs.push(entry.name);
    else if (kind === 'file') scan.topLevelFiles.push(entry.name);
  }
  scan.classNames = classDirs;
  if (classDirs.length === 0) {
    const found = scan.topLevelFiles.length ? ` It holds ${scan.topLevelFiles.length} file(s) but no sub-folders.` : '';
    throw new DatasetError(
      'NO_CLASS_FOLDERS',
      `The ${role} folder ${root} has no class folders.${found}`,
      `Put each class's images in its own sub-folder, e.g. ${path.join(root, 'cats')} and ` +
        `${path.join(root, 'dogs')}; the folder names become the class names.`,
    );
  }
  for (let c = 0; c < classDirs.length; c++) await walkClass(scan, c);
  return scan;
}

async function walkClass(scan: FolderScan, classIndex: number): Promise<void> {
  const start = path.join(scan.root, scan.classNames[classIndex]);
  const visited = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      const real = await realpath(dir);
      if (visited.has(real)) return; // a symlink loop
      visited.add(real);
      entries = await listDir(dir);
    } catch (e) {
      scan.unreadableFolders.push({ path: toPosix(path.relative(scan.root, dir)), message: (e as Error).message });
      return;
    }
    for (const entry of entries) {
      if (isHiddenName(entry.name)) {
        scan.hiddenCount++;
        continue;
      }
      const full = path.join(dir, entry.name);
      const kind = await kindOf(entry, full);
      if (kind === 'dir') {
        await walk(full);
        continue;
      }
      const relativePath = toPosix(path.relative(scan.root, full));
      const extensionFormat = formatFromExtension(entry.name);
      const notRegular = kind === 'file' ? undefined : kind;
      if (extensionFormat)
        scan.files.push({ path: full, relativePath, classIndex, extensionFormat, ...(notRegular && { notRegular }) });
      else scan.otherFiles.push(relativePath);
    }
  };
  await walk(start);
}

/** Class counts of a scan, in class order. */
export function countByClass(scan: Pick<FolderScan, 'classNames' | 'files'>): number[] {
  const counts = new Array<number>(scan.classNames.length).fill(0);
  for (const f of scan.files) counts[f.classIndex]++;
  return counts;
}

/** The structural checks Keras does not do: at least two classes, none without image files. */
export function checkClasses(scan: FolderScan, role = 'dataset', counts = countByClass(scan)): void {
  if (scan.classNames.length < 2) {
    throw new DatasetError(
      'TOO_FEW_CLASSES',
      `The ${role} folder ${scan.root} has only one class folder ` +
        `("${scan.classNames[0]}"); a classifier needs at least two.`,
      `Add a sub-folder for each other class, e.g. ${path.join(scan.root, 'other')}, with its images.`,
    );
  }
  const empty = scan.classNames.filter((_, c) => counts[c] === 0);
  if (empty.length > 0) {
    throw new DatasetError(
      'EMPTY_CLASS',
      `The ${role} folder ${scan.root} has ${empty.length === 1 ? 'a class' : 'classes'} without usable images: ` +
        `${empty.map((n) => `"${n}"`).join(', ')}.`,
      'Add images (PNG, JPEG, WebP, GIF, BMP or TIFF) to each of them, or remove the empty folders.',
      empty,
    );
  }
}
