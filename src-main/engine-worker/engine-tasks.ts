// The channels served by the engine worker thread: everything that decodes datasets or runs a model, kept off
// the main process (which also serves the window and the WebSocket) so it never stalls for seconds.
import type { InvokeParsedArgs, InvokeResult } from '../../src-shared';
import { DatasetViews } from '../services/dataset-views';
import { evaluateModel, predictImage } from '../services/model-evaluation';

export const ENGINE_CHANNELS = ['dataset:report', 'dataset:preview', 'model:evaluate', 'model:predict'] as const;
export type EngineChannel = (typeof ENGINE_CHANNELS)[number];

export type EngineTasks = { [C in EngineChannel]: (args: InvokeParsedArgs<C>) => Promise<InvokeResult<C>> } & {
  dispose(): Promise<void>;
};

/** Dataset paths in the arguments must be resolved (DatasetFolders.resolveSettings). */
export function createEngineTasks(): EngineTasks {
  const views = new DatasetViews();
  return {
    'dataset:report': (args) => views.report(args),
    'dataset:preview': (args) => views.preview(args),
    'model:evaluate': (args) => evaluateModel(views, args),
    'model:predict': (args) => predictImage(args),
    dispose: () => views.dispose(),
  };
}
