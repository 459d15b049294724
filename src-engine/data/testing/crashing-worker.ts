/** A decode worker that dies (as a native crash would) on any file whose name contains "crash"; for pool tests. */
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (m: { request: { path: string } }) => {
  if (m.request.path.includes('crash')) process.exit(3);
});
await import('../decode-worker');
