import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTooLargeError, NotRegularFileError, readRegularFile } from './regular-file';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fb-regular-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readRegularFile', () => {
  it('reads a regular file whole', async () => {
    const path = join(dir, 'a.txt');
    await writeFile(path, 'hello');
    const { bytes } = await readRegularFile(path, { maxBytes: 100 });
    expect(bytes.toString()).toBe('hello');
  });

  it('refuses a folder, a device and a FIFO without blocking', async () => {
    await expect(readRegularFile(dir, { maxBytes: 100 })).rejects.toMatchObject({
      code: 'ENOTREGULAR',
      kind: 'folder',
    });
    await expect(readRegularFile('/dev/zero', { maxBytes: 100 })).rejects.toMatchObject({
      code: 'ENOTREGULAR',
      kind: 'device',
    });
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // A blocking open would wait for a writer forever; the test's timeout would then fail it.
    await expect(readRegularFile(fifo, { maxBytes: 100 })).rejects.toBeInstanceOf(NotRegularFileError);
  }, 5_000);

  it('refuses a file above the limit before reading it', async () => {
    const path = join(dir, 'big.bin');
    await writeFile(path, Buffer.alloc(2048));
    await expect(readRegularFile(path, { maxBytes: 1024 })).rejects.toBeInstanceOf(FileTooLargeError);
    await expect(readRegularFile(path, { maxBytes: 1024 })).rejects.toThrow('2.0 KiB, above the 1.0 KiB limit');
  });
});
