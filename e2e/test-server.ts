// The browser-mode server the end-to-end specs drive: the built renderer, on a throw-away data folder that is
// also its --root, so no test sees another's autosaves or files.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserMode, type BrowserMode } from '../src-main/server/browser-host';
import { resolveReal } from '../src-main/services/path-policy';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface TestServer {
  mode: BrowserMode;
  /** The real path of the data folder (the server compares paths after realpath). */
  dataDir: string;
  close(): Promise<void>;
}

/** `prepare` fills the data folder before the server starts (a small sample, an exported model). */
export async function startTestServer(name: string, prepare?: (dataDir: string) => Promise<void>): Promise<TestServer> {
  const dataDir = await resolveReal(await mkdtemp(join(tmpdir(), `filterbank-${name}-e2e-`)));
  await prepare?.(dataDir);
  const mode = await startBrowserMode({
    rendererDir: join(root, 'out', 'renderer'),
    port: 0,
    dataDir,
    root: dataDir,
    log: () => undefined,
  });
  return {
    mode,
    dataDir,
    async close() {
      await mode.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
