import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { compareCodePoints, scanImageFolder } from './scan';
import { makeTempDir, writeTree } from './testing/fixtures';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('scan')));
afterAll(() => cleanup());

async function expectCode(p: Promise<unknown>, code: string): Promise<DatasetError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as DatasetError).code).toBe(code);
    return e as DatasetError;
  }
  throw new Error(`expected DatasetError ${code}`);
}

describe('scanImageFolder', () => {
  it('finds classes in Keras order, nested images, and reports what it ignores', async () => {
    const dir = path.join(root, 'layout');
    await writeTree(dir, {
      'b/1.png': 'x',
      'b/deep/er/2.JPG': 'x',
      'B/3.webp': 'x',
      'a/4.Tiff': 'x',
      'a/5.bmp': 'x',
      'a/6.gif': 'x',
      'a/7.jpeg': 'x',
      'a/notes.txt': 'x',
      'a/.DS_Store': 'x',
      'a/._4.Tiff': 'x',
      '10/8.png': 'x',
      '9/9.png': 'x',
      'README.md': 'x',
      'stray.png': 'x',
      '.hidden/10.png': 'x',
      '__MACOSX/a/._4.Tiff': 'x',
    });
    const scan = await scanImageFolder(dir);
    // Python's sorted(): code points, so upper case before lower case and "10" before "9".
    expect(scan.classNames).toEqual(['10', '9', 'B', 'a', 'b']);
    expect(scan.files.map((f) => [f.relativePath, scan.classNames[f.classIndex], f.extensionFormat])).toEqual([
      ['10/8.png', '10', 'png'],
      ['9/9.png', '9', 'png'],
      ['B/3.webp', 'B', 'webp'],
      ['a/4.Tiff', 'a', 'tiff'],
      ['a/5.bmp', 'a', 'bmp'],
      ['a/6.gif', 'a', 'gif'],
      ['a/7.jpeg', 'a', 'jpeg'],
      ['b/1.png', 'b', 'png'],
      ['b/deep/er/2.JPG', 'b', 'jpeg'],
    ]);
    expect(scan.topLevelFiles).toEqual(['README.md', 'stray.png']);
    expect(scan.otherFiles).toEqual(['a/notes.txt']);
    expect(scan.hiddenCount).toBe(4);
  });

  it('follows symlinks and survives a symlink loop', async () => {
    const dir = path.join(root, 'links');
    await writeTree(dir, { 'cats/1.png': 'x', 'elsewhere/dog.png': 'x' });
    await mkdir(path.join(dir, 'dogs'));
    await symlink(path.join(dir, 'elsewhere', 'dog.png'), path.join(dir, 'dogs', 'linked.png'));
    await symlink(path.join(dir, 'dogs'), path.join(dir, 'dogs', 'loop'));
    const scan = await scanImageFolder(dir);
    expect(scan.files.filter((f) => scan.classNames[f.classIndex] === 'dogs').map((f) => f.relativePath)).toEqual([
      'dogs/linked.png',
    ]);
  });

  it('explains unusable folders with a code and a fix', async () => {
    await expectCode(scanImageFolder(path.join(root, 'nope')), 'FOLDER_NOT_FOUND');
    await writeFile(path.join(root, 'file.png'), 'x');
    const notDir = await expectCode(scanImageFolder(path.join(root, 'file.png')), 'NOT_A_FOLDER');
    expect(notDir.hint).toMatch(/one sub-folder per class/);
    await writeTree(path.join(root, 'flat'), { 'a.png': 'x', 'b.png': 'x' });
    const flat = await expectCode(scanImageFolder(path.join(root, 'flat')), 'NO_CLASS_FOLDERS');
    expect(flat.message).toMatch(/2 file\(s\) but no sub-folders/);
    await writeTree(path.join(root, 'one'), { 'cats/a.png': 'x' });
    await expectCode(scanImageFolder(path.join(root, 'one')), 'TOO_FEW_CLASSES');
    await writeTree(path.join(root, 'empty'), { 'cats/a.png': 'x', 'dogs/readme.txt': 'x', 'birds/.DS_Store': 'x' });
    const empty = await expectCode(scanImageFolder(path.join(root, 'empty')), 'EMPTY_CLASS');
    expect(empty.details).toEqual(['birds', 'dogs']);
  });
});

describe('compareCodePoints', () => {
  it('orders as Python does, astral characters after U+E000–U+FFFF', () => {
    expect(['b', '\u{1F600}', '\uFF21', 'B', 'a'].sort(compareCodePoints)).toEqual([
      'B',
      'a',
      'b',
      '\uFF21',
      '\u{1F600}',
    ]);
  });
});
