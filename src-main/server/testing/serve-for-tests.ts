// Browser mode in a process of its own, for tests that must see whether a client can kill the server:
// prints {"port","token"} on one line, then serves until SIGTERM or until its parent goes (stdin closes).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserMode } from '../browser-host';

const dir = await mkdtemp(join(tmpdir(), 'filterbank-serve-test-'));
await mkdir(join(dir, 'renderer'));
await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html>');
const mode = await startBrowserMode({
  rendererDir: join(dir, 'renderer'),
  port: 0,
  dataDir: join(dir, 'data'),
  log: () => undefined,
});
process.stdout.write(`${JSON.stringify({ port: mode.server.port, token: mode.server.token })}\n`);
const stop = () => {
  void mode
    .close()
    .then(() => rm(dir, { recursive: true, force: true }))
    .then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.stdin.once('end', stop).resume();
