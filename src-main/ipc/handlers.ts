// One handler per channel of the contract, over the Services object. Payloads arrive here already parsed
// by the router; handlers only call services. Every path from the renderer goes through services.paths first.
import { homedir } from 'node:os';
import { basename, dirname } from 'node:path';
import { type DatasetSettingsPayload, type DialogPurpose, type ImageInput, IpcError } from '../../src-shared';
import type { InvokeHandlers, SendHandlers } from './router';
import type { Services } from '../app/services';
import { listDirectory, makeFolder } from '../services/file-browser';
import { isInside, type PathAccess, type PathGrant } from '../services/path-policy';
import { runExport } from '../services/exports';
import { readImageFile } from '../services/image-read';
import { initialProject } from '../services/initial-project';
import { importModelFile } from '../services/model-import';
import { prepareTrainingJob } from '../training/training-job';
import { rendererLogLine } from '../services/renderer-log';

/** What a path picked in a native dialog may be used for afterwards. */
const DIALOG_GRANTS: Record<DialogPurpose, Pick<PathGrant, 'scope' | 'access'>> = {
  'open-project': { scope: 'file', access: ['read', 'write'] },
  'save-project': { scope: 'file', access: ['read', 'write'] },
  'open-image-folder': { scope: 'folder', access: ['read', 'list'] },
  'choose-export-folder': { scope: 'folder', access: ['read', 'write', 'list'] },
  // The shards beside model.json are read by the handler itself, from the file's own folder.
  'import-model': { scope: 'file', access: ['read'] },
};

export function createInvokeHandlers(services: Services): InvokeHandlers {
  const { projects, training, datasetFolders: folders, paths, recent } = services;
  // The files export:run wrote: the only paths export:reveal will show, so it cannot open or probe anything else.
  const exported = new Set<string>();
  const check = (path: string, access: PathAccess) => paths.check(path, access);
  const checkDataset = async <D extends DatasetSettingsPayload>(dataset: D): Promise<D> => ({
    ...dataset,
    path: dataset.path === null ? null : await check(dataset.path, 'read'),
    validationPath: dataset.validationPath === null ? null : await check(dataset.validationPath, 'read'),
  });
  const checkImage = async <I extends ImageInput>(image: I): Promise<I> =>
    image.kind === 'file' ? { ...image, path: await check(image.path, 'read') } : image;
  const dataset = async <D extends DatasetSettingsPayload>(settings: D) =>
    folders.resolveSettings(await checkDataset(settings));
  const remember = async (path: string) => {
    await paths.grant(path, 'file', ['read', 'write']);
    await recent.addProject(path);
  };
  return {
    'app:info': () => services.info,
    'dialog:pick': async ({ purpose, defaultPath }) => {
      if (!services.dialogs) {
        throw new IpcError(
          'unsupported',
          'Native file dialogs exist only in the desktop app.',
          'Type a path on the server, or browse to it with files:list.',
        );
      }
      // The suggested folder is kept only where the app may already look; elsewhere the dialog gets just the name.
      const visible =
        !defaultPath || isInside(defaultPath, homedir()) || (await paths.allows(dirname(defaultPath), 'list'));
      const suggested = visible ? defaultPath : basename(defaultPath);
      const picked = await services.dialogs.pick(purpose, suggested);
      if (picked !== null) {
        const { scope, access } = DIALOG_GRANTS[purpose];
        await paths.grant(picked, scope, access);
        if (purpose === 'open-image-folder') await recent.addFolder(picked);
      }
      return { path: picked };
    },
    'files:list': (args) => listDirectory(args, paths),
    'files:mkdir': ({ parent, name }) => makeFolder(parent, name, paths),
    'project:open': async ({ path }) => {
      const opened = await projects.open(await check(path, 'read'));
      await remember(opened.path);
      return opened;
    },
    'model:import': async ({ path }) => importModelFile(await check(path, 'read')),
    'project:save': async ({ path, project }) => {
      const saved = await projects.save(await check(path, 'write'), project);
      await remember(saved.path);
      return saved;
    },
    // documentPath only names the document the autosave belongs to; the copy is written into the recovery folder.
    'project:autosave': ({ documentPath, project }) => projects.autosave(documentPath, project),
    'project:listRecovery': async () => ({ entries: await projects.listRecovery() }),
    'project:listRecent': async () => {
      const entries = [];
      for (const entry of await recent.projects()) if (await paths.allows(entry.path, 'read')) entries.push(entry);
      return { entries };
    },
    'project:openRecovery': ({ id }) => projects.openRecovery(id),
    'project:discardRecovery': async ({ id }) => ({ discarded: await projects.discardRecovery(id) }),
    'project:initial': (args) => initialProject(args?.template),
    'dataset:sample': async () => ({ path: await folders.samplePath() }),
    'dataset:report': async (args) =>
      services.engine.call('dataset:report', { ...args, dataset: await dataset(args.dataset) }),
    'dataset:preview': async (args) =>
      services.engine.call('dataset:preview', { ...args, dataset: await dataset(args.dataset) }),
    'image:read': async ({ path }) => readImageFile(await check(path, 'read')),
    'engine:backends': () => services.backends(),
    'model:evaluate': async (args) =>
      services.engine.call('model:evaluate', { ...args, dataset: await dataset(args.dataset) }),
    'model:predict': async (args) =>
      services.engine.call('model:predict', { ...args, image: await checkImage(args.image) }),
    'training:start': async ({ job }) => {
      const checked = {
        ...job,
        dataset: await checkDataset(job.dataset),
        pinnedSample: job.pinnedSample && (await checkImage(job.pinnedSample)),
      };
      const prepared = await prepareTrainingJob(checked, folders);
      // headless-gl trains in a child process of its own: when forced, or when auto picks it (a hardware GL).
      const { backend } = job.settings;
      const placement =
        backend === 'headlessgl' || (backend === 'auto' && (await services.backends()).placement === 'process')
          ? 'process'
          : 'thread';
      return training.start(prepared, placement);
    },
    'training:pause': ({ runId }) => training.pause(runId),
    'training:resume': ({ runId }) => training.resume(runId),
    'training:stop': ({ runId }) => training.stop(runId),
    'training:checkpoint': (request) => {
      const { runId, ...selector } = request;
      return training.checkpoint(runId, selector);
    },
    'training:list': () => ({ runs: training.list() }),
    'export:run': async (request) => {
      const files = await runExport(services.exporters, paths, request);
      if (exported.size > 10_000) exported.clear();
      for (const f of files) exported.add(f);
      return { files };
    },
    'export:reveal': ({ path }) => {
      if (!services.dialogs?.reveal)
        throw new IpcError('unsupported', 'Show in folder exists only in the desktop app.', 'Copy the path instead.');
      if (!exported.has(path))
        throw new IpcError(
          'path-not-allowed',
          `${path} was not written by an export in this session.`,
          'Export again, then use Show in folder in the list of files written.',
        );
      services.dialogs.reveal(path);
      return { path };
    },
  };
}

export function createSendHandlers(services: Services): SendHandlers {
  return {
    'app:log': ({ level, message, detail }) => services.log(rendererLogLine(level, message, detail)),
    'project:changed': (state) => services.setDocument(state),
  };
}
