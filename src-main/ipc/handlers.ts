// One handler per channel of the contract, over the Services object. Payloads arrive here already parsed
// by the router; handlers only call services.
import { IpcError } from './envelope';
import type { InvokeHandlers, SendHandlers } from './router';
import type { Services } from '../services/services';
import { listDirectory } from '../services/file-browser';
import { runExport } from '../services/exports';
import { readImageFile } from '../services/image-read';
import { initialProject } from '../services/initial-project';
import { prepareTrainingJob } from '../training/training-job';

export function createInvokeHandlers(services: Services): InvokeHandlers {
  const { projects, training, datasetFolders: folders } = services;
  return {
    'app:info': () => services.info,
    'dialog:pick': async ({ purpose, defaultPath }) => {
      if (!services.dialogs) {
        throw new IpcError('unsupported', 'Native file dialogs exist only in the desktop app.', 'Type a path on the server, or browse to it with files:list.');
      }
      return { path: await services.dialogs.pick(purpose, defaultPath) };
    },
    'files:list': (args) => listDirectory(args),
    'project:open': ({ path }) => projects.open(path),
    'project:save': ({ path, project }) => projects.save(path, project),
    'project:autosave': ({ documentPath, project }) => projects.autosave(documentPath, project),
    'project:listRecovery': async () => ({ entries: await projects.listRecovery() }),
    'project:openRecovery': ({ id }) => projects.openRecovery(id),
    'project:discardRecovery': async ({ id }) => ({ discarded: await projects.discardRecovery(id) }),
    'project:initial': (args) => initialProject(args?.template),
    'dataset:sample': async () => ({ path: await folders.samplePath() }),
    'dataset:report': async (args) => services.engine.call('dataset:report', { ...args, dataset: await folders.resolveSettings(args.dataset) }),
    'dataset:preview': async (args) => services.engine.call('dataset:preview', { ...args, dataset: await folders.resolveSettings(args.dataset) }),
    'image:read': ({ path }) => readImageFile(path),
    'engine:backends': () => services.backends(),
    'model:evaluate': async (args) => services.engine.call('model:evaluate', { ...args, dataset: await folders.resolveSettings(args.dataset) }),
    'model:predict': (args) => services.engine.call('model:predict', args),
    'training:start': async ({ job }) => training.start(await prepareTrainingJob(job, folders)),
    'training:pause': ({ runId }) => training.pause(runId),
    'training:resume': ({ runId }) => training.resume(runId),
    'training:stop': ({ runId }) => training.stop(runId),
    'training:list': () => ({ runs: training.list() }),
    'export:run': async ({ format, directory, name, project }) => ({ files: await runExport(services.exporters, format, directory, name, project) }),
  };
}

export function createSendHandlers(services: Services): SendHandlers {
  return {
    'app:log': ({ level, message, detail }) => services.log(`[renderer ${level}] ${message}${detail ? `\n${detail}` : ''}`),
    'project:changed': (state) => services.setDocument(state),
  };
}
