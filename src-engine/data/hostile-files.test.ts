// Files a careless user or an attacker can put where images are expected: a FIFO named like an image (reading it
// blocks forever), a file far too large, a PNG that inflates to gigabytes. Each is skipped or refused with its
// reason, promptly, and without the memory its content asks for.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { truncate } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImageBytes, preprocessImage } from './decode-image';
import { ImageReadError } from './errors';
import { openImageFolderDataset } from './image-folder-dataset';
import { encodePng } from './png-encoder';
import { MAX_IMAGE_FILE_BYTES } from './raw-image';
import { makeTempDir, writeTree } from './testing/fixtures';
import { writeInflationBomb } from './testing/png-writer';

const pre = { height: 4, width: 4, channels: 1 } as const;
const BOMB_BYTES = 64 * 2 ** 20;

let root: string;
let cleanup: () => Promise<void>;
const fifos: string[] = [];

async function refusal(p: Promise<unknown>): Promise<ImageReadError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ImageReadError);
    return e as ImageReadError;
  }
  throw new Error('expected the file to be refused');
}

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('hostile'));
  const png = (v: number): Uint8Array => encodePng(new Uint8Array(16).fill(v), 4, 4, 1);
  await writeTree(root, {
    'data/cats/0.png': png(10),
    'data/cats/1.png': png(20),
    'data/dogs/0.png': png(30),
    'data/dogs/1.png': png(40),
    'data/cats/bomb.png': await writeInflationBomb(16, 16, BOMB_BYTES),
    'data/dogs/big.png': png(50),
  });
  await truncate(path.join(root, 'data/dogs/big.png'), MAX_IMAGE_FILE_BYTES + 2 ** 20); // sparse: no disk, no memory
  for (const rel of ['data/dogs/pipe.png', 'pipe.png']) {
    fifos.push(path.join(root, rel));
    execFileSync('mkfifo', [path.join(root, rel)]);
  }
});

afterAll(async () => {
  // A reader still blocked on a FIFO (the code before the fix) gets its end of file here.
  for (const fifo of fifos) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // no reader: nothing to release
    }
  }
  await cleanup();
});

describe('hostile files in a dataset folder', () => {
  it('skips a FIFO, an oversized file and a PNG bomb with their reasons, promptly', async () => {
    const started = Date.now();
    const ds = await openImageFolderDataset(path.join(root, 'data'), { preprocessing: pre, workers: 1 });
    try {
      expect(Date.now() - started).toBeLessThan(10_000);
      const skipped = Object.fromEntries(ds.report.skipped.map((s) => [s.relativePath, `${s.reason}: ${s.message}`]));
      expect(skipped).toEqual({
        'cats/bomb.png': expect.stringMatching(
          /^unreadable: .*inflates to more than the 272 bytes a 16×16 image needs/,
        ),
        'dogs/big.png': expect.stringMatching(/^unreadable: it is 51 MiB, above the 50 MiB limit for an image file$/),
        'dogs/pipe.png': 'unreadable: a named pipe (FIFO), not a regular file; it was not opened',
      });
      expect(ds.report.classes.map((c) => [c.name, c.total, c.skipped])).toEqual([
        ['cats', 2, 1],
        ['dogs', 2, 2],
      ]);
    } finally {
      await ds.close();
    }
  }, 20_000);
});

describe('hostile files given to preprocessImage (predict)', () => {
  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const error = await refusal(preprocessImage(path.join(root, 'pipe.png'), pre));
    expect(error.message).toBe(`${path.join(root, 'pipe.png')} is a named pipe (FIFO), not a regular file`);
  }, 5_000);

  it('refuses a file above the size limit without reading it', async () => {
    const error = await refusal(preprocessImage(path.join(root, 'data/dogs/big.png'), pre));
    expect(error.message).toMatch(/big\.png is 51 MiB, above the 50 MiB limit for an image file$/);
  });

  it('refuses a PNG bomb with its reason', async () => {
    const error = await refusal(preprocessImage(path.join(root, 'data/cats/bomb.png'), pre));
    expect(error.message).toMatch(/inflates to more than the 272 bytes/);
  });

  it('leaves an interlaced bomb to sharp, whose decoder reads only the declared rows', async () => {
    const bomb = await writeInflationBomb(16, 16, BOMB_BYTES, 1);
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    const { raw } = await decodeImageBytes(bomb);
    expect(process.resourceUsage().maxRSS * 1024 - peakBefore).toBeLessThan(BOMB_BYTES / 4);
    expect([raw.width, raw.height, raw.data.every((v) => v === 0)]).toEqual([16, 16, true]);
  });
});
