// Starts a worker thread from a built .js file, or from a .ts source file through tsx (browser mode under
// tsx, tests). Node 20 does not pass tsx's loader hooks on to worker threads, so a .ts worker is started
// from a small bootstrap that imports it through tsx's API.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

function tsxImportApiUrl(): string {
  const require = createRequire(import.meta.url);
  // require.resolve picks the CommonJS build; the ESM build sits beside it.
  const cjs = require.resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/index\.cjs$/, 'index.mjs')).href;
}

export function spawnWorker(file: URL, workerData: unknown, resourceLimits: ResourceLimits): Worker {
  if (!file.pathname.endsWith('.ts')) return new Worker(fileURLToPath(file), { workerData, resourceLimits });
  const bootstrap =
    `import(${JSON.stringify(tsxImportApiUrl())}).then((api) => api.tsImport(` +
    `${JSON.stringify(file.href)}, ${JSON.stringify(file.href)}));`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
}
