import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectWithWeights, sequentialCnn } from '../../../src-engine/export/export-fixtures.test-support';
import { exportTfjs } from '../../../src-engine/export/tfjs-export';
import { fileBytes } from '../../../src-engine/export/types';
import { parseProjectFile } from '../../../src-engine/model/project-file';
import { runCli } from '../index';
import { captureIO } from '../test-io';

const dir = mkdtempSync(join(tmpdir(), 'fb-cli-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const io = captureIO();
  const code = await runCli(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

const { files } = exportTfjs(projectWithWeights(sequentialCnn(), 8));
const shard = files.find((f) => f.path.endsWith('.bin'))!;
const modelJson = JSON.parse(new TextDecoder().decode(fileBytes(files.find((f) => f.path === 'model.json')!)));
// The real weights, outside the model's folder: what a hostile model.json would have import copy into the project.
const outside = join(dir, 'outside.bin');
writeFileSync(outside, fileBytes(shard));

/** A model folder whose model.json names its one weight file `shardPath`; `prepare` adds files to the folder. */
function modelFolder(name: string, shardPath: string, prepare: (folder: string) => void = () => {}): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  const json = { ...modelJson, weightsManifest: [{ ...modelJson.weightsManifest[0], paths: [shardPath] }] };
  writeFileSync(join(folder, 'model.json'), JSON.stringify(json));
  prepare(folder);
  return join(folder, 'model.json');
}

describe('cli import reads weight files only from the folder of model.json', () => {
  it('imports weights named by a plain relative path, also in a subfolder', async () => {
    const model = modelFolder('plain', 'weights/shard.bin', (folder) => {
      mkdirSync(join(folder, 'weights'));
      writeFileSync(join(folder, 'weights/shard.bin'), fileBytes(shard));
    });
    const r = await cli('import', model, '--out', join(dir, 'plain.json'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(parseProjectFile(readFileSync(join(dir, 'plain.json'), 'utf8')).weights).not.toBeNull();
  });

  it.each([
    ['an absolute path', 'absolute', () => outside],
    ['a ../ path', 'dotdot', () => '../outside.bin'],
  ])('refuses a weight file named by %s, naming it and the rule, and writes nothing', async (_, name, path) => {
    const model = modelFolder(name, path());
    const out = join(dir, `${name}.json`);
    const r = await cli('import', model, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `weight file '${path()}' listed in model.json is outside its folder: weight files must be named by a path ` +
        `inside the folder of model.json`,
    );
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a weight file that is a link to a file outside the folder', async () => {
    const model = modelFolder('symlink', 'shard.bin', (folder) => symlinkSync(outside, join(folder, 'shard.bin')));
    const r = await cli('import', model, '--out', join(dir, 'symlink.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/weight file 'shard\.bin' listed in model\.json leads outside its folder \(through a link\)/);
    expect(existsSync(join(dir, 'symlink.json'))).toBe(false);
  });

  it('refuses a weight file that is a named pipe or a folder instead of waiting on it', async () => {
    const fifo = modelFolder('fifo', 'shard.bin', (folder) => execFileSync('mkfifo', [join(folder, 'shard.bin')]));
    const r = await cli('import', fifo, '--out', join(dir, 'fifo.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /weight file 'shard\.bin' listed in model\.json: .*shard\.bin is a named pipe \(FIFO\), not a regular file/,
    );
    const folder = modelFolder('folder', 'shard.bin', (f) => mkdirSync(join(f, 'shard.bin')));
    expect((await cli('import', folder, '--out', join(dir, 'folder.json'))).err).toMatch(
      /shard\.bin is a folder, not a regular file/,
    );
  });
});

describe('cli import and export read the model file itself only if it is a regular file', () => {
  it.each([
    ['a device', () => '/dev/zero', /is a device, not a regular file|not a regular file/],
    [
      'a named pipe',
      () => {
        const fifo = join(dir, 'model-fifo.json');
        execFileSync('mkfifo', [fifo]);
        return fifo;
      },
      /named pipe|not a regular file/,
    ],
  ])('refuses %s in one line with status 2', async (_, path, message) => {
    for (const argv of [
      ['import', path(), '--out', join(dir, 'never.json')],
      ['export', '--model', '/dev/zero', '--format', 'json', '--out', join(dir, 'never')],
    ]) {
      const r = await cli(...argv);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
