// Which paths a caller of the services may use. Every channel that takes a path asks this one object, in both
// hosts: browser mode allows what lies under its root folder (a token holder must not reach the whole disk);
// Electron allows what the user picked in a dialog the main process showed, or opened from the recent list
// (a compromised renderer must not name arbitrary files). Paths are compared after realpath, so `..` and
// symlinks that lead out are refused.
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { IpcError } from '../../src-shared';
import { errnoCode, fsError } from './fs-errors';

/** read: open a file or a dataset folder; write: create or replace a file; list: show a folder's entries. */
export type PathAccess = 'read' | 'write' | 'list';

export interface PathGrant {
  path: string;
  /** A folder grants what is inside it; a file grants only itself. */
  scope: 'file' | 'folder';
  access: readonly PathAccess[];
}

export type PathPolicyOptions =
  | { kind: 'root'; root: string; extra?: readonly PathGrant[] }
  /** restored: grants kept from earlier runs (the recent list), loaded before the first check. */
  | { kind: 'granted'; extra?: readonly PathGrant[]; startFolder: string; restored?: Promise<PathGrant[]> };

/**
 * The real path of `path`; for a path that does not exist yet,
 * the real path of its nearest existing folder plus the rest.
 */
export async function resolveReal(path: string): Promise<string> {
  const tail: string[] = [];
  let head = resolve(path);
  for (;;) {
    try {
      return join(await realpath(head), ...tail.reverse());
    } catch (error) {
      const code = errnoCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      // A symlink whose target is missing: writing through it would create a file wherever it points.
      if (
        code === 'ENOENT' &&
        (await lstat(head).then(
          (s) => s.isSymbolicLink(),
          () => false,
        ))
      ) {
        throw new IpcError(
          'path-not-allowed',
          `${path} leads through a symbolic link to a missing target.`,
          'Use the real path, or remove the broken link.',
        );
      }
      const parent = dirname(head);
      if (parent === head) throw error;
      tail.push(basename(head));
      head = parent;
    }
  }
}

export function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

export class PathPolicy {
  readonly kind: 'root' | 'granted';
  /** Browser mode's root folder as given (null in Electron). */
  readonly root: string | null;
  /** Where a folder listing starts when none is named. */
  readonly startFolder: string;
  private readonly grants: PathGrant[] = [];
  private readonly fixed: Promise<PathGrant[]>;

  constructor(options: PathPolicyOptions) {
    this.kind = options.kind;
    this.root = options.kind === 'root' ? resolve(options.root) : null;
    this.startFolder = options.kind === 'root' ? resolve(options.root) : options.startFolder;
    const fixed: PathGrant[] = [...(options.extra ?? [])];
    if (options.kind === 'root') fixed.push({ path: options.root, scope: 'folder', access: ['read', 'write', 'list'] });
    const restored =
      options.kind === 'granted' && options.restored ? options.restored.catch(() => []) : Promise.resolve([]);
    // Resolved once: a root that is itself a symlink (a home on another disk) is compared by its target.
    this.fixed = restored.then((r) =>
      Promise.all(
        [...fixed, ...r].map(async (g) => ({ ...g, path: await resolveReal(g.path).catch(() => resolve(g.path)) })),
      ),
    );
  }

  /** Records a path the user chose in a dialog the main process showed (or from the recent list). */
  async grant(path: string, scope: PathGrant['scope'], access: readonly PathAccess[]): Promise<void> {
    const real = await resolveReal(path).catch(() => resolve(path));
    const known = this.grants.some(
      (g) => g.path === real && g.scope === scope && access.every((a) => g.access.includes(a)),
    );
    if (!known) this.grants.push({ path: real, scope, access });
  }

  /** Whether `path` may be used for `access`, without explaining why not. */
  async allows(path: string, access: PathAccess): Promise<boolean> {
    return this.check(path, access).then(
      () => true,
      () => false,
    );
  }

  /** The real path to use for `path`; throws a 'path-not-allowed' IpcError that says how to reach it otherwise. */
  async check(path: string, access: PathAccess): Promise<string> {
    const real = await resolveReal(path).catch((error: unknown) => {
      throw fsError(error, 'follow the path', path);
    });
    const grants = [...(await this.fixed), ...this.grants];
    const ok = grants.some(
      (g) => g.access.includes(access) && (g.scope === 'folder' ? isInside(real, g.path) : real === g.path),
    );
    if (ok) return real;
    const shown = real === resolve(path) ? path : `${path} (${real})`;
    if (this.root !== null) {
      throw new IpcError(
        'path-not-allowed',
        `${shown} is outside the folder this server may use (${this.root}).`,
        `Choose a path inside ${this.root}, or restart with \`npm run serve -- --root DIR\` to serve another folder.`,
      );
    }
    const pick = access === 'write' ? 'Save as…' : 'Open… (or the folder button for a dataset)';
    throw new IpcError(
      'path-not-allowed',
      `${shown} was not chosen in a Filterbank dialog, so the app may not ${access} it.`,
      `Pick it with ${pick}, then try again.`,
    );
  }
}
