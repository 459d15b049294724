/**
 * Worker-thread entry of the decode pool: one sharp pipeline at a time per worker; the pool provides the parallelism.
 */
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { runDecodeTask, type DecodeRequest } from './decode-task';

sharp.concurrency(1);
sharp.cache(false);

const port = parentPort;
if (!port) throw new Error('decode-worker.ts must run in a worker thread');
port.on('message', async (message: { id: number; request: DecodeRequest }) => {
  const response = await runDecodeTask(message.request);
  const transfer = response.ok && response.pixels ? [response.pixels.buffer as ArrayBuffer] : [];
  port.postMessage({ id: message.id, response }, transfer);
});
port.postMessage({ ready: true });
