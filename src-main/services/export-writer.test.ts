import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportFile } from '../../src-engine/export/types';
import { branchingModel, projectWithWeights } from '../../src-engine/export/export-fixtures.test-support';
import {
  ExportExistsError,
  ExportWriteError,
  folderExporter,
  writeExportFolder,
  writeFileAtomically,
} from './export-writer';

const root = mkdtempSync(join(tmpdir(), 'fb-export-writer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files: ExportFile[] = [
  { path: 'model.json', text: '{"format":"layers-model"}' },
  { path: 'group1-shard1of2.bin', bytes: new Uint8Array([1, 2, 3]) },
  { path: 'group1-shard2of2.bin', bytes: new Uint8Array([4, 5]) },
  { path: 'extra/notes.txt', text: 'nested' },
];

const fresh = (name: string) => {
  const dir = join(root, name);
  mkdirSync(dir);
  return dir;
};

describe('writeExportFolder', () => {
  it('writes every file (nested ones too) and leaves nothing else beside the target', async () => {
    const parent = fresh('ok');
    const paths = await writeExportFolder(join(parent, 'out'), files);
    expect(paths).toEqual(files.map((f) => join(parent, 'out', f.path)));
    expect(readFileSync(join(parent, 'out', 'group1-shard1of2.bin'))).toEqual(Buffer.from([1, 2, 3]));
    expect(readFileSync(join(parent, 'out', 'extra/notes.txt'), 'utf8')).toBe('nested');
    expect(readdirSync(parent)).toEqual(['out']);
    expect(statSync(join(parent, 'out')).mode & 0o777).toBe(statSync(parent).mode & 0o777);
  });

  it('leaves no folder at all when writing fails mid-export', async () => {
    const parent = fresh('fail');
    const failing = writeExportFolder(join(parent, 'out'), files, {
      afterFile: (i) => {
        if (i === 1) throw new Error('disk full');
      },
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(readdirSync(parent)).toEqual([]);
  });

  it('keeps the previous export intact when replacing it fails, and replaces it when asked', async () => {
    const parent = fresh('replace');
    const target = join(parent, 'out');
    await writeExportFolder(target, [{ path: 'model.json', text: 'old' }]);
    await expect(writeExportFolder(target, files)).rejects.toThrow(
      `${target} already holds model.json; choose another folder or replace it (--force)`,
    );
    await expect(
      writeExportFolder(target, files, {
        overwrite: true,
        afterFile: (i) => {
          if (i === 2) throw new Error('crash');
        },
      }),
    ).rejects.toThrow('crash');
    expect(readdirSync(target)).toEqual(['model.json']);
    expect(readFileSync(join(target, 'model.json'), 'utf8')).toBe('old');
    await writeExportFolder(target, files, { overwrite: true });
    expect(readFileSync(join(target, 'model.json'), 'utf8')).toBe('{"format":"layers-model"}');
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('replaces only the files it writes and its own old shards, keeping everything else in the folder', async () => {
    const parent = fresh('merge');
    const target = join(parent, 'out');
    const oldModel: ExportFile[] = [
      { path: 'model.json', text: 'old' },
      { path: 'group1-shard1of3.bin', bytes: new Uint8Array([9]) },
      { path: 'group1-shard3of3.bin', bytes: new Uint8Array([9]) },
    ];
    await writeExportFolder(target, oldModel);
    writeFileSync(join(target, 'NOTES.txt'), 'mine');
    mkdirSync(join(target, 'data'));
    writeFileSync(join(target, 'data', 'a.png'), 'png');
    // A second format's single file beside a TF.js model replaces nothing, so it needs no consent.
    await writeExportFolder(target, [{ path: 'cnn.py', text: 'script' }]);
    const refused = await writeExportFolder(target, files).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ExportExistsError);
    expect(refused).toBeInstanceOf(ExportWriteError);
    expect((refused as ExportExistsError).replaced).toEqual([
      'group1-shard1of3.bin',
      'group1-shard3of3.bin',
      'model.json',
    ]);
    await writeExportFolder(target, files, { overwrite: true });
    expect(readdirSync(target).sort()).toEqual([
      'NOTES.txt',
      'cnn.py',
      'data',
      'extra',
      'group1-shard1of2.bin',
      'group1-shard2of2.bin',
      'model.json',
    ]);
    expect(readFileSync(join(target, 'NOTES.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(target, 'data', 'a.png'), 'utf8')).toBe('png');
    expect(readFileSync(join(target, 'cnn.py'), 'utf8')).toBe('script');
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('puts the previous folder back when a crash came between the two renames of a replace', async () => {
    const parent = fresh('swap');
    const target = join(parent, 'out');
    await writeExportFolder(target, [{ path: 'model.json', text: 'old' }]);
    writeFileSync(join(target, 'NOTES.txt'), 'mine');
    renameSync(target, join(parent, '.out.filterbank-old-0123abcd'));
    await writeExportFolder(target, [{ path: 'model.json', text: 'new' }], { overwrite: true });
    expect(readFileSync(join(target, 'NOTES.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(target, 'model.json'), 'utf8')).toBe('new');
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('refuses paths that leave the folder, duplicates, and a file as target', async () => {
    const parent = fresh('refuse');
    await expect(writeExportFolder(join(parent, 'a'), [{ path: '../evil', text: '' }])).rejects.toThrow(
      /must stay inside the export folder/,
    );
    await expect(writeExportFolder(join(parent, 'a'), [files[0], files[0]])).rejects.toThrow(
      /lists 'model.json' twice/,
    );
    writeFileSync(join(parent, 'file'), 'x');
    await expect(writeExportFolder(join(parent, 'file'), files)).rejects.toThrow(/is a file/);
    expect(readdirSync(parent)).toEqual(['file']);
  });

  it('survives a process killed mid-export: no target, and the next export clears the leftovers', async () => {
    const parent = fresh('crash');
    const target = join(parent, 'out');
    const writer = fileURLToPath(new URL('./export-writer.ts', import.meta.url));
    const script = join(root, 'crash.ts');
    writeFileSync(
      script,
      `import { writeExportFolder } from ${JSON.stringify(writer)};
await writeExportFolder(${JSON.stringify(target)}, [{ path: 'a.bin', bytes: new Uint8Array(1000) }, { path: ` +
        `'b.bin', bytes: new Uint8Array(1000) }], {
  afterFile: (i) => { if (i === 0) process.kill(process.pid, 'SIGKILL'); },
});
`,
    );
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [tsx, script], { encoding: 'utf8', timeout: 60_000 });
    expect([r.signal, r.status], r.stderr).toSatisfy(([signal, status]) => signal === 'SIGKILL' || status === 137);
    expect(existsSync(target)).toBe(false);
    const left = readdirSync(parent);
    expect(left).toHaveLength(1);
    expect(left[0].startsWith('.out.filterbank-tmp-')).toBe(true);
    expect(readdirSync(join(parent, left[0]))).toEqual(['a.bin']);
    await writeExportFolder(target, files);
    expect(readdirSync(parent)).toEqual(['out']);
  });
});

describe('writeFileAtomically', () => {
  it('writes a file, refuses to replace it unless asked, and leaves no temporary file', async () => {
    const parent = fresh('single');
    const path = join(parent, 'p.json');
    await writeFileAtomically(path, new TextEncoder().encode('one'));
    await expect(writeFileAtomically(path, new TextEncoder().encode('two'))).rejects.toThrow(/already exists/);
    await writeFileAtomically(path, new TextEncoder().encode('two'), { overwrite: true });
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(readdirSync(parent)).toEqual(['p.json']);
  });
});

describe('folderExporter', () => {
  it('exports a project document into directory/name and checks the document first', async () => {
    const parent = fresh('exporter');
    const written = await folderExporter('tfjs')(projectWithWeights(branchingModel(), 1), parent, 'branching-tfjs');
    expect(written.map((p) => p.slice(parent.length + 1))).toEqual([
      'branching-tfjs/model.json',
      'branching-tfjs/group1-shard1of1.bin',
      'branching-tfjs/filterbank.json',
    ]);
    await expect(folderExporter('keras')({ format: 'filterbank-project', version: 1 }, parent, 'x')).rejects.toThrow(
      /^the project is damaged or incomplete: graph: /,
    );
    expect(readdirSync(parent)).toEqual(['branching-tfjs']);
  });
});
