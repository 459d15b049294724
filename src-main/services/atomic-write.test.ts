import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleTempFiles, writeFileAtomic } from './atomic-write';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'filterbank-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const OLD = '{"version": 1, "old": true}';

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp files behind', async () => {
    const target = join(dir, 'model.filterbank');
    await writeFile(target, OLD);
    const { bytes } = await writeFileAtomic(target, '{"new": true}');
    expect(bytes).toBe(13);
    expect(await readFile(target, 'utf8')).toBe('{"new": true}');
    expect(await readdir(dir)).toEqual(['model.filterbank']);
  });

  it('writes chunked content and keeps the permissions of the file it replaces', async () => {
    const target = join(dir, 'model.filterbank');
    await writeFile(target, OLD);
    await chmod(target, 0o600);
    await writeFileAtomic(target, [Buffer.from('ab'), Buffer.from('cd')]);
    expect(await readFile(target, 'utf8')).toBe('abcd');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('keeps the old file intact and removes its temp file when writing fails midway', async () => {
    const target = join(dir, 'model.filterbank');
    await writeFile(target, OLD);
    async function* failing(): AsyncIterable<Uint8Array> {
      yield Buffer.from('{"half": ');
      throw new Error('disk unplugged');
    }
    await expect(writeFileAtomic(target, failing())).rejects.toThrow('disk unplugged');
    expect(await readFile(target, 'utf8')).toBe(OLD);
    expect(await readdir(dir)).toEqual(['model.filterbank']);
  });

  it(
    'leaves the old file intact when the writing process ' + 'is killed mid-write, and the next write cleans up',
    async () => {
      const target = join(dir, 'model.filterbank');
      await writeFile(target, OLD);
      const script = fileURLToPath(new URL('./fixtures/crash-mid-write.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', script, target], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (data: Buffer) => {
          if (data.toString().includes('MID-WRITE')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      expect(await readFile(target, 'utf8')).toBe(OLD);
      const stale = await staleTempFiles(target);
      expect(stale).toHaveLength(1);
      expect(await readFile(stale[0]!, 'utf8')).toBe('{"half": "of the new ');

      await writeFileAtomic(target, '{"version": 2}');
      expect(await readFile(target, 'utf8')).toBe('{"version": 2}');
      expect(await readdir(dir)).toEqual(['model.filterbank']);
    },
  );

  it('fails on a missing folder without creating anything', async () => {
    await expect(writeFileAtomic(join(dir, 'nope', 'x.json'), '{}')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });
});
