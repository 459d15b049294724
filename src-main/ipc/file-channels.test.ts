// files:mkdir (the browser-mode dialog's New folder) and the message a save into a missing folder gives.
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveReal } from '../services/path-policy';
import { createTestHost, type TestHost } from './test-services';

let outside: string;
let h: TestHost;
beforeAll(async () => {
  outside = await resolveReal(await mkdtemp(join(tmpdir(), 'filterbank-outside-')));
});
afterEach(() => h?.dispose());
afterAll(() => rm(outside, { recursive: true, force: true }));

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as { code: string; message: string; hint: string | null },
  );

describe('files:mkdir', () => {
  it('creates one folder inside the root, which files:list then shows', async () => {
    h = await createTestHost({ dialogs: false });
    expect(await h.call('files:mkdir', { parent: h.dataDir, name: 'runs 2' })).toEqual({
      path: join(h.dataDir, 'runs 2'),
    });
    expect((await stat(join(h.dataDir, 'runs 2'))).isDirectory()).toBe(true);
    const listing = (await h.call('files:list', { path: h.dataDir })) as { entries: { name: string }[] };
    expect(listing.entries.map((e) => e.name)).toContain('runs 2');
  });

  it('refuses a name that exists, as a folder or a file, and leaves it alone', async () => {
    h = await createTestHost({ dialogs: false });
    await mkdir(join(h.dataDir, 'x'));
    await writeFile(join(h.dataDir, 'notes.txt'), 'mine');
    for (const name of ['x', 'notes.txt']) {
      expect(await failure(h.call('files:mkdir', { parent: h.dataDir, name })), name).toMatchObject({
        code: 'invalid-state',
        message: `${join(h.dataDir, name)} already exists.`,
        hint: 'Choose another name, or open the existing folder.',
      });
    }
  });

  it('refuses invalid names with what is wrong and creates nothing', async () => {
    h = await createTestHost({ dialogs: false });
    const cases: [string, RegExp][] = [
      ['a/b', /may not contain/],
      ['a\\b', /may not contain/],
      ['..', /may not be \. or \.\./],
      ['.', /may not be \. or \.\./],
      ['.hidden', /may not start with a dot/],
      ['   ', /may not be blank/],
      ['x'.repeat(256), /longer than 255/],
    ];
    for (const [name, why] of cases) {
      const error = await failure(h.call('files:mkdir', { parent: h.dataDir, name }));
      expect(error, name).toMatchObject({ code: 'invalid-payload', message: expect.stringMatching(why) });
    }
    await expect(stat(join(h.dataDir, 'a'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a parent outside the root, also through a symlink, with the path policy message', async () => {
    h = await createTestHost({ dialogs: false });
    await symlink(outside, join(h.dataDir, 'link'));
    for (const parent of [outside, join(h.dataDir, 'link'), join(h.dataDir, '..')]) {
      expect(await failure(h.call('files:mkdir', { parent, name: 'evil' })), parent).toMatchObject({
        code: 'path-not-allowed',
        message: expect.stringContaining(`outside the folder this server may use (${h.dataDir})`),
        hint: expect.stringContaining('npm run serve -- --root DIR'),
      });
    }
    await expect(stat(join(outside, 'evil'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('names a missing parent folder', async () => {
    h = await createTestHost({ dialogs: false });
    const parent = join(h.dataDir, 'gone');
    expect(await failure(h.call('files:mkdir', { parent, name: 'x' }))).toMatchObject({
      code: 'not-found',
      message: `The folder ${parent} does not exist: create it with New folder or pick another.`,
    });
  });
});

describe('project:save into a missing folder', () => {
  it('names the folder, not the file, and says what to do once', async () => {
    h = await createTestHost({ dialogs: false });
    const folder = join(h.dataDir, 'x');
    const error = await failure(h.call('project:save', { path: join(folder, 'hand.filterbank.json'), project: {} }));
    expect(error).toMatchObject({
      code: 'not-found',
      message: `The folder ${folder} does not exist: create it with New folder or pick another.`,
      hint: null,
    });
  });
});
