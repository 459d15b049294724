// One handler per channel of the contract, over the Services object. Payloads arrive here already parsed
// by the router; handlers only call services.
import { IpcError } from './envelope';
import type { InvokeHandlers, SendHandlers } from './router';
import type { Services } from '../services/services';
import { listDirectory } from '../services/file-browser';
import { reportImageFolder, summariseImageFolder } from '../services/image-folder';
import { runExport } from '../services/exports';

export function createInvokeHandlers(services: Services): InvokeHandlers {
  const { projects, training } = services;
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
    'dataset:open': ({ path }) => summariseImageFolder(path),
    'dataset:report': ({ path, sampleLimit }) => reportImageFolder(path, sampleLimit),
    'training:start': ({ job }) => training.start(job),
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
