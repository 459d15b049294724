// export:reveal shows a file in the system's file manager, and only a file an export of this session wrote:
// the renderer cannot use it to open arbitrary folders or probe paths.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { smallCnn } from '../testing/ml-fixtures';
import { createTestHost, type TestHost } from './test-services';

const hosts: TestHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.dispose();
});
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as { code: string; message: string; hint: string },
  );

describe('export:reveal', () => {
  it('shows a file the last export wrote, and refuses any other path', async () => {
    const h = await createTestHost();
    hosts.push(h);
    const project = smallCnn(3);
    const { files } = (await h.call('export:run', { format: 'keras', directory: h.dataDir, name: 'cnn', project })) as {
      files: string[];
    };
    expect(await h.call('export:reveal', { path: files[0] })).toEqual({ path: files[0] });
    expect(h.revealed).toEqual([files[0]]);

    for (const path of [join(h.dataDir, 'cnn'), join(h.dataDir, 'other.py'), '/etc/passwd']) {
      expect(await failure(h.call('export:reveal', { path }))).toMatchObject({
        code: 'path-not-allowed',
        message: `${path} was not written by an export in this session.`,
        hint: expect.stringMatching(/Export again/),
      });
    }
    expect(h.revealed).toEqual([files[0]]);
  });

  it('says it is a desktop feature in browser mode', async () => {
    const h = await createTestHost({ dialogs: false });
    hosts.push(h);
    const { files } = (await h.call('export:run', {
      format: 'project',
      directory: h.dataDir,
      name: 'cnn',
      project: smallCnn(2),
    })) as { files: string[] };
    expect(await failure(h.call('export:reveal', { path: files[0] }))).toMatchObject({
      code: 'unsupported',
      message: 'Show in folder exists only in the desktop app.',
    });
  });
});
