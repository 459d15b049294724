// Every invoke and send handler, called through the contract and the router under plain Node.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { compileModel } from '../../src-engine/model/executor';
import { encodeWeights, newProject } from '../../src-engine/model/project-file';
import { createRng } from '../../src-engine/core/rng';
import { initialWeights } from '../../src-engine/train/weights';
import { kerasTutorialCnn } from '../../src-engine/model/templates';
import type { RecoveryEntry } from '../../src-shared';
import { createTestHost, type TestHost } from './test-services';

let host: TestHost | null = null;
async function setup(options: Parameters<typeof createTestHost>[0] = {}) {
  host = await createTestHost(options);
  return host;
}
afterEach(async () => {
  await host?.dispose();
  host = null;
});

describe('app and dialogs', () => {
  it('app:info describes the host', async () => {
    const h = await setup();
    expect(await h.call('app:info')).toEqual({
      name: 'Filterbank',
      version: '0.1.0-test',
      host: 'electron',
      platform: process.platform,
      versions: { node: process.versions.node, electron: null, chrome: null },
      capabilities: { nativeDialogs: true },
      paths: { home: expect.any(String), root: null, recovery: join(h.dataDir, 'recovery') },
    });
  });

  it('dialog:pick asks the native dialog and passes a cancel through as null', async () => {
    const h = await setup();
    const home = join(homedir(), 'images');
    expect(await h.call('dialog:pick', { purpose: 'open-image-folder', defaultPath: home })).toEqual({
      path: '/picked/by/the/user',
    });
    expect(await h.call('dialog:pick', { purpose: 'save-project' })).toEqual({ path: null });
    expect(h.dialogCalls).toEqual([{ purpose: 'open-image-folder', defaultPath: home }, { purpose: 'save-project' }]);
  });

  it('dialog:pick in browser mode says to use a server path instead', async () => {
    const h = await setup({ dialogs: false });
    expect((await h.call('app:info')) as object).toMatchObject({
      host: 'browser',
      capabilities: { nativeDialogs: false },
    });
    await expect(h.call('dialog:pick', { purpose: 'open-project' })).rejects.toMatchObject({
      code: 'unsupported',
      hint: expect.stringMatching(/files:list/),
    });
  });
});

describe('files:list', () => {
  it('lists folders first, hides dot files, filters by kind and extension', async () => {
    const h = await setup();
    const dir = join(h.dataDir, 'browse');
    await mkdir(join(dir, 'zeta'), { recursive: true });
    await mkdir(join(dir, 'alpha'));
    await writeFile(join(dir, 'b.PNG'), 'x');
    await writeFile(join(dir, 'a.txt'), 'hello');
    await writeFile(join(dir, '.hidden'), '');
    expect(await h.call('files:list', { path: dir })).toEqual({
      path: dir,
      parent: h.dataDir,
      truncated: false,
      entries: [
        { name: 'alpha', path: join(dir, 'alpha'), kind: 'directory', size: null },
        { name: 'zeta', path: join(dir, 'zeta'), kind: 'directory', size: null },
        { name: 'a.txt', path: join(dir, 'a.txt'), kind: 'file', size: 5 },
        { name: 'b.PNG', path: join(dir, 'b.PNG'), kind: 'file', size: 1 },
      ],
    });
    const dirsOnly = (await h.call('files:list', { path: dir, include: 'directories' })) as {
      entries: { name: string }[];
    };
    expect(dirsOnly.entries.map((e) => e.name)).toEqual(['alpha', 'zeta']);
    const pngs = (await h.call('files:list', { path: dir, extensions: ['.png'] })) as { entries: { name: string }[] };
    expect(pngs.entries.map((e) => e.name)).toEqual(['alpha', 'zeta', 'b.PNG']);
  });

  it(
    'starts at the browser-mode root, which has no parent, ' + 'refuses to go above it, and explains missing paths',
    async () => {
      const h = await setup({ dialogs: false });
      expect((await h.call('app:info')) as object).toMatchObject({ paths: { root: h.dataDir } });
      expect(await h.call('files:list', {})).toMatchObject({ path: h.dataDir, parent: null });
      await expect(h.call('files:list', { path: '/', include: 'directories' })).rejects.toMatchObject({
        code: 'path-not-allowed',
        hint: expect.stringMatching(/--root DIR/),
      });
      await expect(h.call('files:list', { path: join(h.dataDir, '..') })).rejects.toMatchObject({
        code: 'path-not-allowed',
      });
      await expect(h.call('files:list', { path: join(h.dataDir, 'missing') })).rejects.toMatchObject({
        code: 'not-found',
        message: expect.stringMatching(/does not exist/),
      });
      await writeFile(join(h.dataDir, 'file.txt'), '');
      await expect(h.call('files:list', { path: join(h.dataDir, 'file.txt') })).rejects.toMatchObject({
        code: 'invalid-file',
      });
    },
  );
});

describe('project files', () => {
  const schema = z.object({ format: z.literal('filterbank'), version: z.literal(1), graph: z.array(z.string()) });
  const doc = { format: 'filterbank', version: 1, graph: ['conv2d', 'dense'] };

  it('saves atomically, opens, and refuses documents that fail the project schema', async () => {
    const h = await setup({ projectSchema: schema });
    const path = join(h.dataDir, 'net.filterbank.json');
    const saved = (await h.call('project:save', { path, project: doc })) as { bytes: number; path: string };
    expect(saved).toMatchObject({ path, bytes: Buffer.byteLength(JSON.stringify(doc, null, 2)) });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(doc);
    expect(await h.call('project:open', { path })).toMatchObject({ path, project: doc, recovery: null });

    const bad = { ...doc, version: 2 };
    await expect(h.call('project:save', { path, project: bad })).rejects.toMatchObject({
      code: 'invalid-file',
      issues: [expect.objectContaining({ path: 'version' })],
    });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(doc);
    await writeFile(path, JSON.stringify(bad));
    await expect(h.call('project:open', { path })).rejects.toMatchObject({
      code: 'invalid-file',
      issues: [expect.objectContaining({ path: 'version' })],
    });
  });

  it('explains unreadable project files', async () => {
    const h = await setup();
    await expect(h.call('project:open', { path: join(h.dataDir, 'none.filterbank.json') })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(h.call('project:open', { path: h.dataDir })).rejects.toMatchObject({
      code: 'invalid-file',
      message: expect.stringMatching(/folder/),
    });
    const broken = join(h.dataDir, 'broken.filterbank.json');
    await writeFile(broken, '{"graph": [');
    await expect(h.call('project:open', { path: broken })).rejects.toMatchObject({
      code: 'invalid-file',
      message: expect.stringMatching(/not valid JSON/),
    });
    await expect(
      h.call('project:save', { path: join(h.dataDir, 'no', 'such', 'dir.filterbank.json'), project: {} }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  it(
    'autosaves to the recovery folder, lists, opens and ' + 'discards autosaves, and offers a newer one on open',
    async () => {
      const h = await setup({ projectSchema: schema });
      const path = join(h.dataDir, 'net.filterbank.json');
      await h.call('project:save', { path, project: doc });
      await utimes(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
      const edited = { ...doc, graph: ['conv2d', 'maxPooling2d', 'dense'] };
      const entry = (await h.call('project:autosave', { documentPath: path, project: edited })) as RecoveryEntry;
      expect(entry).toMatchObject({ documentPath: path, path: expect.stringContaining(join(h.dataDir, 'recovery')) });
      const untitled = (await h.call('project:autosave', { documentPath: null, project: doc })) as RecoveryEntry;
      expect(untitled.id).toMatch(/^untitled-/);

      const { entries } = (await h.call('project:listRecovery')) as { entries: RecoveryEntry[] };
      expect(entries.map((e) => e.id).sort()).toEqual([entry.id, untitled.id].sort());
      expect(await h.call('project:openRecovery', { id: entry.id })).toEqual({ entry, project: edited });
      expect(await h.call('project:open', { path })).toMatchObject({ project: doc, recovery: entry });

      // Saving the document makes its autosave obsolete.
      await h.call('project:save', { path, project: edited });
      expect(((await h.call('project:listRecovery')) as { entries: RecoveryEntry[] }).entries.map((e) => e.id)).toEqual(
        [untitled.id],
      );
      expect(await h.call('project:discardRecovery', { id: untitled.id })).toEqual({ discarded: true });
      expect(await h.call('project:discardRecovery', { id: untitled.id })).toEqual({ discarded: false });
      await expect(h.call('project:openRecovery', { id: untitled.id })).rejects.toMatchObject({ code: 'not-found' });
      await expect(h.call('project:autosave', { documentPath: null, project: { nope: true } })).rejects.toMatchObject({
        code: 'invalid-file',
      });
    },
  );
});

describe('export:run', () => {
  it('exports a project file and the model formats, and explains a project it cannot export', async () => {
    const h = await setup();
    const out = join(h.dataDir, 'export');
    await mkdir(out);
    expect(
      await h.call('export:run', { format: 'project', directory: out, name: 'mnist', project: { graph: [] } }),
    ).toEqual({ files: [join(out, 'mnist.filterbank.json')] });
    expect(JSON.parse(await readFile(join(out, 'mnist.filterbank.json'), 'utf8'))).toEqual({ graph: [] });
    // A project as training leaves it: weights and class names.
    const project = newProject(kerasTutorialCnn());
    project.weights = encodeWeights(initialWeights(compileModel(project.graph), createRng(1)));
    project.classNames = Array.from({ length: 10 }, (_, i) => String(i));
    for (const [format, file] of [
      ['tfjs', 'model.json'],
      ['typescript', 'model.ts'],
      ['keras', 'keras_tutorial_cnn.py'],
    ]) {
      const { files } = (await h.call('export:run', { format, directory: out, name: `cnn-${format}`, project })) as {
        files: string[];
      };
      expect(
        files.map((f) => basename(f)),
        format,
      ).toContain(file);
      await expect(
        h.call('export:run', { format, directory: out, name: `bad-${format}`, project: { graph: [] } }),
      ).rejects.toMatchObject({ code: 'invalid-file' });
    }
    await expect(
      h.call('export:run', { format: 'project', directory: join(out, 'missing'), name: 'm', project: {} }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('send channels', () => {
  it('project:changed updates the document state the host shows (title, unsaved marker)', async () => {
    const h = await setup();
    const seen: unknown[] = [];
    h.services.onDocumentChanged((s) => seen.push(s));
    expect(
      h.router.handleSend(
        'project:changed',
        { title: 'mnist.filterbank', dirty: true },
        { url: 'filterbank://app/index.html' },
      ),
    ).toBeNull();
    expect(h.services.document).toEqual({ title: 'mnist.filterbank', dirty: true });
    expect(seen).toEqual([{ title: 'mnist.filterbank', dirty: true }]);
  });
});
