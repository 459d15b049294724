// Hostile paths through every channel that takes one: file content never quoted, only regular files opened,
// saves limited to project files, exports that ask before replacing, browser mode confined to its root, and
// Electron limited to what the user picked in a dialog or opened before.
import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveReal } from '../services/path-policy';
import { digitDataset, smallCnn, trainingJob, writeDigitFolder } from '../testing/ml-fixtures';
import { createTestHost, type TestHost } from './test-services';

const SECRET = 'hunter2-secret-5f3a';
let outside: string;
let outsideDigits: string;
const hosts: TestHost[] = [];
const host = async (options: Parameters<typeof createTestHost>[0] = {}) => {
  const h = await createTestHost(options);
  hosts.push(h);
  return h;
};
beforeAll(async () => {
  outside = await resolveReal(await mkdtemp(join(tmpdir(), 'filterbank-outside-')));
  await writeFile(join(outside, 'secret.filterbank.json'), `root:x:0:0:${SECRET}`);
  outsideDigits = await writeDigitFolder(join(outside, 'digits'), [0, 1], 4);
});
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.dispose();
});
afterAll(() => rm(outside, { recursive: true, force: true }));

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as { code: string; message: string; hint: string; issues?: unknown },
  );

/** Fails (instead of hanging the suite) when a call blocks; unblocks a FIFO open afterwards. */
async function within<T>(ms: number, promise: Promise<T>, fifo?: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`still blocked after ${ms} ms`)), ms)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
    if (fifo)
      await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).then(
        (f) => f.close(),
        () => undefined,
      );
  }
}

describe('file errors never quote file content', () => {
  it('a file that is not JSON is reported by line and column only', async () => {
    const h = await host({ dialogs: false });
    const file = join(h.dataDir, 'shadow.filterbank.json');
    await writeFile(file, `root:x:0:0:${SECRET}\n`);
    const error = await failure(h.call('project:open', { path: file }));
    expect(error).toMatchObject({
      code: 'invalid-file',
      message: expect.stringMatching(/not valid JSON \(line 1, column 1: /),
    });
    expect(JSON.stringify(error)).not.toMatch(/hunter2|root:x/);
  });

  it('unknown fields of a project file are counted, not named', async () => {
    const h = await host({ dialogs: false, projectSchema: z.strictObject({ format: z.literal('filterbank') }) });
    const file = join(h.dataDir, 'keys.filterbank.json');
    await writeFile(file, JSON.stringify({ format: 'filterbank', [SECRET]: 1 }));
    const error = await failure(h.call('project:open', { path: file }));
    expect(error).toMatchObject({ code: 'invalid-file', issues: [{ message: '1 unknown field(s)' }] });
    expect(JSON.stringify(error)).not.toContain('hunter2');
  });
});

describe('only regular files are opened', () => {
  it('a FIFO is refused at once by project:open and image:read, and later calls still work', async () => {
    const h = await host({ dialogs: false });
    const fifo = join(h.dataDir, 'pipe.filterbank.json');
    execFileSync('mkfifo', [fifo]);
    const pipe = { code: 'invalid-file', message: expect.stringMatching(/named pipe/) };
    expect(await within(3000, failure(h.call('image:read', { path: fifo })), fifo)).toMatchObject(pipe);
    expect(await within(3000, failure(h.call('project:open', { path: fifo })), fifo)).toMatchObject(pipe);
    await writeFile(join(h.dataDir, 'ok.filterbank.json'), '{}');
    expect(await within(3000, h.call('project:open', { path: join(h.dataDir, 'ok.filterbank.json') }))).toMatchObject({
      project: {},
    });
  });

  it('devices and folders are refused with what they are', async () => {
    const h = await host();
    await h.services.paths.grant('/dev/zero', 'file', ['read']);
    for (const channel of ['project:open', 'image:read']) {
      const device = { code: 'invalid-file', message: expect.stringMatching(/device, not a regular file/) };
      expect(await within(3000, failure(h.call(channel, { path: '/dev/zero' })))).toMatchObject(device);
      expect(await failure(h.call(channel, { path: h.dataDir }))).toMatchObject({
        code: 'invalid-file',
        message: expect.stringMatching(/folder/),
      });
    }
  });
});

describe('saving writes only what it should', () => {
  it('project:save writes only NAME.filterbank.json files', async () => {
    const h = await host({ dialogs: false });
    for (const name of ['.bashrc', 'notes.json', 'net.filterbank', 'net.filterbank.json.sh', '.filterbank.json']) {
      const error = await failure(h.call('project:save', { path: join(h.dataDir, name), project: {} }));
      expect(error, name).toMatchObject({
        message: expect.stringMatching(/saved only as NAME\.filterbank\.json/),
        hint: expect.stringMatching(/ending in \.filterbank\.json/),
      });
      await expect(readFile(join(h.dataDir, name))).rejects.toMatchObject({ code: 'ENOENT' });
    }
    expect(await h.call('project:save', { path: join(h.dataDir, 'Net.Filterbank.JSON'), project: {} })).toMatchObject({
      bytes: 2,
    });
  });

  it(
    'export:run refuses to replace what exists unless ' + 'told to, for the project file and the model formats',
    async () => {
      const h = await host({ dialogs: false });
      const out = join(h.dataDir, 'out');
      await mkdir(join(out, 'cnn'), { recursive: true });
      await writeFile(join(out, 'cnn', 'keep.txt'), 'mine');
      await writeFile(join(out, 'cnn', 'small_cnn.py'), 'old');
      await writeFile(join(out, 'cnn.filterbank.json'), 'mine');
      const project = smallCnn(3);
      // The question names exactly the files that would be replaced, never the user's own keep.txt.
      const replaced = { project: join(out, 'cnn.filterbank.json'), keras: join(out, 'cnn', 'small_cnn.py') };
      for (const [format, path] of Object.entries(replaced)) {
        const error = await failure(h.call('export:run', { format, directory: out, name: 'cnn', project }));
        const confirm = {
          code: 'confirm-overwrite',
          message: `${path} already exists.`,
          hint: expect.stringMatching(/Confirm/),
          issues: [{ path, message: 'would be replaced' }],
        };
        expect(error, format).toMatchObject(confirm);
      }
      expect(await readFile(join(out, 'cnn.filterbank.json'), 'utf8')).toBe('mine');
      expect(await readFile(join(out, 'cnn', 'keep.txt'), 'utf8')).toBe('mine');
      await h.call('export:run', { format: 'project', directory: out, name: 'cnn', project, overwrite: true });
      expect(JSON.parse(await readFile(join(out, 'cnn.filterbank.json'), 'utf8'))).toMatchObject({
        graph: expect.any(Object),
      });
      const { files } = (await h.call('export:run', {
        format: 'keras',
        directory: out,
        name: 'cnn',
        project,
        overwrite: true,
      })) as { files: string[] };
      expect(files).toEqual([join(out, 'cnn', 'small_cnn.py')]);
      expect(await readFile(join(out, 'cnn', 'keep.txt'), 'utf8')).toBe('mine');
    },
  );
});

describe('browser mode is confined to its root', () => {
  it(
    'every channel that takes a path refuses one outside the ' +
      'root, also through a symlink, naming the root and --root',
    async () => {
      const h = await host({ dialogs: false, sampleDigits: 1 });
      await symlink(outside, join(h.dataDir, 'link'));
      const project = smallCnn(2);
      const secret = join(outside, 'secret.filterbank.json');
      const calls: [string, unknown][] = [
        ['files:list', { path: '/' }],
        ['files:list', { path: join(h.dataDir, 'link') }],
        ['project:open', { path: secret }],
        ['project:open', { path: join(h.dataDir, 'link', 'secret.filterbank.json') }],
        ['project:open', { path: join(h.dataDir, '..', outside.split('/').pop()!, 'secret.filterbank.json') }],
        ['project:save', { path: join(outside, 'new.filterbank.json'), project: {} }],
        ['project:save', { path: join(h.dataDir, 'link', 'new.filterbank.json'), project: {} }],
        ['image:read', { path: join(outsideDigits, 'digit-0', '000.png') }],
        ['dataset:report', { dataset: digitDataset(outsideDigits) }],
        ['dataset:preview', { dataset: { ...digitDataset(null), validationPath: outsideDigits } }],
        ['model:evaluate', { project, dataset: digitDataset(outsideDigits) }],
        ['model:predict', { project, image: { kind: 'file', path: join(outsideDigits, 'digit-0', '000.png') } }],
        ['training:start', { job: trainingJob(project, join(h.dataDir, 'link', 'digits')) }],
        [
          'training:start',
          {
            job: {
              ...trainingJob(project, null),
              pinnedSample: { kind: 'file', path: join(outsideDigits, 'digit-0', '000.png') },
            },
          },
        ],
        ['export:run', { format: 'project', directory: outside, name: 'm', project }],
      ];
      for (const [channel, payload] of calls) {
        const error = await failure(h.call(channel, payload));
        expect(error, `${channel} ${JSON.stringify(payload).slice(0, 120)}`).toMatchObject({
          code: 'path-not-allowed',
          message: expect.stringContaining(`outside the folder this server may use (${h.dataDir})`),
          hint: expect.stringContaining('npm run serve -- --root DIR'),
        });
      }
      await expect(readFile(join(outside, 'new.filterbank.json'))).rejects.toMatchObject({ code: 'ENOENT' });
      expect((await h.call('training:list')) as object).toEqual({ runs: [] });
    },
  );

  it('the sample digits and the recovery folder stay usable', async () => {
    const h = await host({ dialogs: false, sampleDigits: 1, projectSchema: z.object({ n: z.number() }) });
    expect(await h.call('dataset:report', { dataset: digitDataset(null) })).toMatchObject({
      path: join(h.dataDir, 'datasets', 'mnist-digits'),
    });
    const entry = (await h.call('project:autosave', { documentPath: null, project: { n: 1 } })) as { id: string };
    expect(await h.call('project:openRecovery', { id: entry.id })).toMatchObject({ project: { n: 1 } });
  });
});

describe('Electron uses only what the user picked or opened before', () => {
  it(
    'refuses paths not picked in a dialog, allows picked ' + 'ones, and keeps recent projects across a restart',
    async () => {
      const projects = await resolveReal(await mkdtemp(join(outside, 'projects-')));
      const picked = join(projects, 'net.filterbank.json');
      await writeFile(picked, '{"n": 1}');
      await writeFile(join(projects, 'other.filterbank.json'), '{"n": 2}');
      const h = await host({
        grantDataDir: false,
        pick: (purpose) => (purpose === 'open-image-folder' ? outsideDigits : picked),
      });
      const notPicked = { code: 'path-not-allowed', hint: expect.stringMatching(/Pick it with Open/) };
      expect(await failure(h.call('project:open', { path: picked }))).toMatchObject(notPicked);
      expect(await failure(h.call('dataset:report', { dataset: digitDataset(outsideDigits) }))).toMatchObject({
        code: 'path-not-allowed',
      });

      expect(await h.call('dialog:pick', { purpose: 'open-project' })).toEqual({ path: picked });
      expect(await h.call('project:open', { path: picked })).toMatchObject({ project: { n: 1 } });
      expect(await h.call('project:save', { path: picked, project: { n: 3 } })).toMatchObject({ path: picked });
      expect(await failure(h.call('project:open', { path: join(projects, 'other.filterbank.json') }))).toMatchObject({
        code: 'path-not-allowed',
      });
      await h.call('dialog:pick', { purpose: 'open-image-folder' });
      expect(await h.call('image:read', { path: join(outsideDigits, 'digit-1', '000.png') })).toMatchObject({
        mime: 'image/png',
      });
      expect(
        await failure(h.call('project:save', { path: join(outsideDigits, 'x.filterbank.json'), project: {} })),
      ).toMatchObject({ code: 'path-not-allowed' });
      expect(await h.call('project:listRecent')).toEqual({ entries: [{ path: picked, openedAt: expect.any(String) }] });

      // A restart: the recent project and the picked image folder are allowed again, nothing else.
      const again = await host({ grantDataDir: false, dataDir: h.dataDir });
      expect(await again.call('project:open', { path: picked })).toMatchObject({ project: { n: 3 } });
      expect(await again.call('image:read', { path: join(outsideDigits, 'digit-1', '000.png') })).toMatchObject({
        mime: 'image/png',
      });
      expect(
        await failure(again.call('project:open', { path: join(projects, 'other.filterbank.json') })),
      ).toMatchObject({
        code: 'path-not-allowed',
      });
    },
  );

  it('dialog:pick keeps a suggested folder only inside the home folder or what was picked', async () => {
    const h = await host({ grantDataDir: false });
    await h.call('dialog:pick', { purpose: 'save-project', defaultPath: '/etc/cron.d/evil.filterbank.json' });
    expect(h.dialogCalls).toEqual([{ purpose: 'save-project', defaultPath: 'evil.filterbank.json' }]);
  });
});
