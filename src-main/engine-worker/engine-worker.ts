// Worker-thread entry built to out/main/engine-worker.js: serves the engine channels (engine-tasks.ts).
import { parentPort } from 'node:worker_threads';
import { IpcError } from '../../src-shared';
import { describeEngineError } from '../services/engine-errors';
import { createEngineTasks } from './engine-tasks';
import { EngineRequest, type EngineReply } from './protocol';

const port = parentPort;
if (!port) throw new Error('engine-worker.ts must run in a worker thread');
const tasks = createEngineTasks();

function failure(error: unknown): Extract<EngineReply, { ok: false }>['error'] {
  if (error instanceof IpcError) return { code: error.code, message: error.message, hint: error.hint };
  const info = describeEngineError(error);
  if (info) return info;
  return {
    code: 'internal',
    message: error instanceof Error ? error.message : String(error),
    hint: null,
    stack: error instanceof Error ? error.stack : undefined,
  };
}

port.on('message', async (raw: unknown) => {
  const request = EngineRequest.safeParse(raw);
  if (!request.success) {
    port.postMessage({
      id: -1,
      ok: false,
      error: { code: 'internal', message: `invalid engine request: ${request.error.message}`, hint: null },
    } satisfies EngineReply);
    return;
  }
  const { id } = request.data;
  try {
    const value =
      request.data.type === 'dispose'
        ? await tasks.dispose()
        : await (tasks[request.data.channel] as (args: unknown) => Promise<unknown>)(request.data.args);
    port.postMessage({ id, ok: true, value } satisfies EngineReply);
  } catch (error) {
    port.postMessage({ id, ok: false, error: failure(error) } satisfies EngineReply);
  }
});
