import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PathPolicy, resolveReal } from './path-policy';

let dir: string;
let root: string;
let outside: string;
beforeAll(async () => {
  dir = await resolveReal(await mkdtemp(join(tmpdir(), 'filterbank-policy-')));
  root = join(dir, 'root');
  outside = join(dir, 'outside');
  await mkdir(join(root, 'sub'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'secret');
  await writeFile(join(root, 'sub', 'a.png'), 'x');
  await symlink(outside, join(root, 'escape'));
  await symlink(join(root, 'sub'), join(root, 'inner-link'));
  await symlink(join(outside, 'missing.filterbank.json'), join(root, 'dangling.filterbank.json'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('PathPolicy in browser mode (root)', () => {
  const policy = () =>
    new PathPolicy({
      kind: 'root',
      root,
      extra: [{ path: join(dir, 'data', 'datasets'), scope: 'folder', access: ['read', 'list'] }],
    });

  it('allows paths under the root, new files included, and returns their real path', async () => {
    const p = policy();
    expect(await p.check(root, 'list')).toBe(root);
    expect(await p.check(join(root, 'sub', 'a.png'), 'read')).toBe(join(root, 'sub', 'a.png'));
    expect(await p.check(join(root, 'sub', 'new', 'deeper.filterbank.json'), 'write')).toBe(
      join(root, 'sub', 'new', 'deeper.filterbank.json'),
    );
    expect(await p.check(join(root, 'inner-link', 'a.png'), 'read')).toBe(join(root, 'sub', 'a.png'));
    expect(p.startFolder).toBe(root);
  });

  it('refuses paths outside the root, through .. or a symlink, naming the root and --root', async () => {
    const p = policy();
    const refused = [
      '/',
      join(outside, 'secret.txt'),
      join(root, '..', 'outside', 'secret.txt'),
      join(root, 'escape', 'secret.txt'),
      join(root, 'escape'),
    ];
    for (const path of refused) {
      const error = await p.check(path, 'read').catch((e: unknown) => e);
      expect(error, path).toMatchObject({
        code: 'path-not-allowed',
        message: expect.stringContaining(`outside the folder this server may use (${root})`),
        hint: expect.stringContaining('npm run serve -- --root DIR'),
      });
    }
    const dangling = p.check(join(root, 'dangling.filterbank.json'), 'write');
    await expect(dangling).rejects.toMatchObject({
      code: 'path-not-allowed',
      message: expect.stringMatching(/symbolic link/),
    });
    expect(await p.allows(dir, 'list')).toBe(false);
    await symlink('loop-b', join(root, 'loop-a'));
    await symlink('loop-a', join(root, 'loop-b'));
    const loop = p.check(join(root, 'loop-a', 'x'), 'read');
    await expect(loop).rejects.toMatchObject({
      code: 'io-error',
      message: expect.stringMatching(/^Could not follow the path/),
    });
  });

  it('lets the sample data be read but not written', async () => {
    const p = policy();
    expect(await p.allows(join(dir, 'data', 'datasets', 'mnist-digits', '3', '0.png'), 'read')).toBe(true);
    expect(await p.allows(join(dir, 'data', 'datasets', 'x.filterbank.json'), 'write')).toBe(false);
  });
});

describe('PathPolicy in Electron (granted)', () => {
  const policy = () => new PathPolicy({ kind: 'granted', startFolder: dir });

  it('refuses everything not granted, saying to pick it with a dialog', async () => {
    const p = policy();
    const notPicked = p.check(join(root, 'sub', 'a.png'), 'read');
    await expect(notPicked).rejects.toMatchObject({
      code: 'path-not-allowed',
      hint: expect.stringMatching(/Pick it with Open/),
    });
    await expect(p.check(join(root, 'x.filterbank.json'), 'write')).rejects.toMatchObject({
      hint: expect.stringMatching(/Save as/),
    });
  });

  it('a granted folder allows what is inside it for the granted access; a granted file only itself', async () => {
    const p = policy();
    await p.grant(join(root, 'sub'), 'folder', ['read', 'list']);
    expect(await p.allows(join(root, 'sub', 'a.png'), 'read')).toBe(true);
    expect(await p.allows(join(root, 'inner-link', 'a.png'), 'read')).toBe(true);
    expect(await p.allows(join(root, 'sub', 'a.png'), 'write')).toBe(false);
    expect(await p.allows(join(root, 'sub', '..', 'escape', 'secret.txt'), 'read')).toBe(false);
    await p.grant(join(root, 'net.filterbank.json'), 'file', ['read', 'write']);
    expect(await p.allows(join(root, 'net.filterbank.json'), 'write')).toBe(true);
    expect(await p.allows(join(root, 'other.filterbank.json'), 'write')).toBe(false);
    expect(await p.allows(root, 'list')).toBe(false);
  });
});
