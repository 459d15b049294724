import { describe, expect, it } from 'vitest';
import { FilterbankError, type IpcErrorCode } from '../api';
import { followTypedPath, type Listing, type PromptFiles, type TypedContext } from './path-prompt-files';

const fail = (code: IpcErrorCode, message: string, hint: string | null = null) =>
  Promise.reject(new FilterbankError({ code, message, hint }));

/** A server with /root/{data/, a.filterbank.json} that refuses anything outside /root, as browser mode does. */
const files: PromptFiles = {
  list: (path = '/root') => {
    if (!path.startsWith('/root'))
      return fail(
        'path-not-allowed',
        `${path} is outside the folder this server may use (/root).`,
        'Choose a path inside /root, or restart with `npm run serve -- --root DIR` to serve another folder.',
      );
    if (path === '/root/a.filterbank.json') return fail('invalid-file', `${path} is a file, not a folder.`);
    if (path !== '/root' && path !== '/root/data')
      return fail('not-found', `Could not list the folder: ${path} does not exist.`);
    const entries =
      path === '/root' ? [{ name: 'data', path: '/root/data', kind: 'directory' as const, size: null }] : [];
    return Promise.resolve({ path, parent: path === '/root' ? null : '/root', entries, truncated: false });
  },
  mkdir: () => Promise.reject(new Error('not used')),
  recent: () => Promise.resolve([]),
};
const root: Listing = { path: '/root', parent: null, entries: [], truncated: false };
const ctx = (over: Partial<TypedContext>): TypedContext => ({
  purpose: 'save-project',
  current: root,
  choose: false,
  replacing: null,
  ...over,
});

describe('a typed path in the browser-mode dialog', () => {
  it('opens a typed folder, absolute or relative to the one on show', async () => {
    for (const typed of ['/root/data', 'data', ' /root/data ']) {
      expect(await followTypedPath(typed, ctx({}), files), typed).toMatchObject({
        kind: 'navigate',
        listing: { path: '/root/data' },
      });
    }
  });

  it('a folder dialog answers the folder on Choose and opens it on Enter', async () => {
    const folderCtx = { purpose: 'open-image-folder' as const };
    expect(await followTypedPath('/root/data', ctx({ ...folderCtx, choose: true }), files)).toEqual({
      kind: 'answer',
      path: '/root/data',
    });
    expect(await followTypedPath('', ctx({ ...folderCtx, choose: true }), files)).toEqual({
      kind: 'answer',
      path: '/root',
    });
    expect(await followTypedPath('/root/data', ctx(folderCtx), files)).toMatchObject({ kind: 'navigate' });
    expect(await followTypedPath('/root/a.filterbank.json', ctx({ ...folderCtx, choose: true }), files)).toEqual({
      kind: 'error',
      message: '/root/a.filterbank.json is a file: choose a folder.',
    });
  });

  it('saves a new file into an existing folder, and asks before replacing one', async () => {
    expect(await followTypedPath('/root/data/new.filterbank.json', ctx({}), files)).toEqual({
      kind: 'answer',
      path: '/root/data/new.filterbank.json',
    });
    const existing = '/root/a.filterbank.json';
    expect(await followTypedPath(existing, ctx({}), files)).toEqual({ kind: 'confirm-replace', path: existing });
    expect(await followTypedPath(existing, ctx({ replacing: existing }), files)).toEqual({
      kind: 'answer',
      path: existing,
    });
  });

  it('names a missing folder once, with New folder as the way out', async () => {
    expect(await followTypedPath('/root/x/hand.filterbank.json', ctx({}), files)).toEqual({
      kind: 'error',
      message: 'The folder /root/x does not exist: create it with New folder or pick another.',
    });
  });

  it("shows the path policy's refusal with its hint", async () => {
    expect(await followTypedPath('/etc/evil.filterbank.json', ctx({}), files)).toEqual({
      kind: 'error',
      message:
        '/etc/evil.filterbank.json is outside the folder this server may use (/root). ' +
        'Choose a path inside /root, or restart with `npm run serve -- --root DIR` to serve another folder.',
    });
  });

  it('opens a typed project file, and refuses a save name without the project suffix', async () => {
    expect(await followTypedPath('/root/a.filterbank.json', ctx({ purpose: 'open-project' }), files)).toEqual({
      kind: 'answer',
      path: '/root/a.filterbank.json',
    });
    expect(await followTypedPath('/root/notes.json', ctx({}), files)).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/end the name with \.filterbank\.json/),
    });
    expect(await followTypedPath('relative.filterbank.json', ctx({ current: null }), files)).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/^Type an absolute path/),
    });
  });
});
