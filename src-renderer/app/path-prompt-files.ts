// What the browser-mode path dialog does with a typed path, apart from React: list it when it is a folder, answer
// it when it names a file (asking before a save replaces one), or say in one sentence why not.
import { PROJECT_FILE_EXTENSION as PROJECT_SUFFIX } from '../../src-engine';
import { errorSentence, FilterbankError, missingFolderMessage, type FilterbankApi, type InvokeResult } from '../api';
import type { PathRequest } from './path-prompt';

export type Listing = InvokeResult<'files:list'>;
type Purpose = PathRequest['purpose'];

/** The server's files as the dialog uses them. */
export interface PromptFiles {
  list(path: string | undefined, purpose: Purpose): Promise<Listing>;
  /** Creates folder `name` in `parent`; resolves to its path. */
  mkdir(parent: string, name: string): Promise<string>;
  /** Recently opened or saved projects, newest first. */
  recent(): Promise<string[]>;
}

export function promptFiles(api: FilterbankApi): PromptFiles {
  return {
    list: (path, purpose) =>
      api.invoke('files:list', {
        ...(path ? { path } : {}),
        ...(wantsFolder(purpose) ? { include: 'directories' } : { include: 'all', extensions: ['.json'] }),
      }),
    mkdir: async (parent, name) => (await api.invoke('files:mkdir', { parent, name })).path,
    recent: async () => (await api.invoke('project:listRecent')).entries.map((e) => e.path),
  };
}

export const wantsFolder = (purpose: Purpose) => purpose === 'open-image-folder' || purpose === 'choose-export-folder';
export const isAbsolute = (p: string) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p);
const separator = (folder: string) => (folder.includes('\\') && !folder.includes('/') ? '\\' : '/');
export const joinPath = (folder: string, name: string) => `${folder.replace(/[\\/]$/, '')}${separator(folder)}${name}`;
export const parentOf = (path: string) => path.replace(/[\\/][^\\/]*$/, '') || '/';
export const baseName = (path: string) => path.split(/[\\/]/).pop() ?? '';

const codeOf = (e: unknown) => (e instanceof FilterbankError ? e.code : null);

export type TypedOutcome =
  | { kind: 'navigate'; listing: Listing }
  | { kind: 'answer'; path: string }
  | { kind: 'confirm-replace'; path: string }
  | { kind: 'error'; message: string };

export interface TypedContext {
  purpose: Purpose;
  /** The folder on show: a relative name is taken inside it. */
  current: Listing | null;
  /** Choose (the button) rather than Enter: a folder dialog answers the folder instead of opening it. */
  choose: boolean;
  /** The existing file the user was already asked about; saving onto it again replaces it. */
  replacing: string | null;
}

/** What a typed path leads to; never throws. */
export async function followTypedPath(typed: string, ctx: TypedContext, files: PromptFiles): Promise<TypedOutcome> {
  const text = typed.trim();
  if (!text && ctx.current && wantsFolder(ctx.purpose) && ctx.choose) return { kind: 'answer', path: ctx.current.path };
  const path = isAbsolute(text) ? text : ctx.current && text ? joinPath(ctx.current.path, text) : null;
  if (!path) {
    const example = ctx.purpose === 'save-project' ? '/home/me/model.filterbank.json' : '/home/me/data';
    return { kind: 'error', message: `Type an absolute path on the machine running Filterbank, e.g. ${example}` };
  }
  let listed: Listing;
  try {
    listed = await files.list(path, ctx.purpose);
  } catch (error) {
    return notAFolder(path, error, ctx, files);
  }
  return wantsFolder(ctx.purpose) && ctx.choose
    ? { kind: 'answer', path: listed.path }
    : { kind: 'navigate', listing: listed };
}

/** The path could not be listed: a file, a new file's name, or a refusal to pass on. */
async function notAFolder(path: string, error: unknown, ctx: TypedContext, files: PromptFiles): Promise<TypedOutcome> {
  const code = codeOf(error);
  const isFile = code === 'invalid-file';
  if (wantsFolder(ctx.purpose) || (code !== 'not-found' && !isFile) || (!isFile && ctx.purpose !== 'save-project'))
    return { kind: 'error', message: isFile ? `${path} is a file: choose a folder.` : errorSentence(error) };
  if (ctx.purpose !== 'save-project') return { kind: 'answer', path };
  if (!baseName(path).toLowerCase().endsWith(PROJECT_SUFFIX) || baseName(path).length === PROJECT_SUFFIX.length)
    return {
      kind: 'error',
      message: `Projects are saved as NAME${PROJECT_SUFFIX} files: end the name with ${PROJECT_SUFFIX}.`,
    };
  if (isFile) return ctx.replacing === path ? { kind: 'answer', path } : { kind: 'confirm-replace', path };
  const folder = parentOf(path);
  try {
    await files.list(folder, ctx.purpose);
    return { kind: 'answer', path };
  } catch (e) {
    return { kind: 'error', message: codeOf(e) === 'not-found' ? missingFolderMessage(folder) : errorSentence(e) };
  }
}
