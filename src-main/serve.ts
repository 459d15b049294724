// `npm run serve`: browser mode. Runs the main-process services under plain Node and serves the built
// renderer on 127.0.0.1 behind a per-start token.
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBrowserMode } from './server/browser-host';
import { DEFAULT_PORT } from './server/browser-server';

const USAGE =
  `Usage: npm run serve -- [--port <n>] [--strict-port] [--root <folder>] [--data-dir <folder>] [--no-build]
  --port        port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one; a taken default falls back to a ` +
  `free one)
  --strict-port fail instead of falling back when the port is taken
  --root        the only folder the browser may open, save and list in (default: your home folder)
  --data-dir    where autosaves go (default: the desktop app's user-data folder)
  --no-build    do not build the renderer when out/renderer is missing`;

async function ensureRenderer(rendererDir: string, build: boolean): Promise<boolean> {
  if (existsSync(`${rendererDir}/index.html`)) return true;
  if (!build) {
    console.error(`The renderer is not built (${rendererDir}/index.html is missing): run \`npm run build\` first.`);
    return false;
  }
  console.log(
    'The renderer is not built yet: building it now with electron-vite (like `npm run build`, without the typecheck)…',
  );
  try {
    const { build: electronViteBuild } = await import('electron-vite');
    await electronViteBuild({ root: fileURLToPath(new URL('..', import.meta.url)) });
  } catch (error) {
    console.error(
      `Building the renderer failed: ${error instanceof Error ? error.message : String(error)}\nRun \`npm run ` +
        `build\` to see the full error.`,
    );
    return false;
  }
  return existsSync(`${rendererDir}/index.html`);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' },
        'strict-port': { type: 'boolean', default: false },
        root: { type: 'string' },
        'data-dir': { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const port = args.port === undefined ? DEFAULT_PORT : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(args.port)}.\n${USAGE}`);
    return 2;
  }
  const root = resolve(args.root ?? homedir());
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`--root must name an existing folder, and ${root} is not one.\n${USAGE}`);
    return 2;
  }
  const rendererDir = fileURLToPath(new URL('../out/renderer', import.meta.url));
  if (!(await ensureRenderer(rendererDir, !args['no-build']))) return 1;

  let mode;
  try {
    mode = await startBrowserMode({
      rendererDir,
      port,
      root,
      strictPort: args['strict-port'],
      ...(args['data-dir'] ? { dataDir: args['data-dir'] } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      code === 'EADDRINUSE'
        ? `Port ${port} is in use: choose another with --port, or drop --strict-port.`
        : `Could not start the server: ${String(error)}`,
    );
    return 1;
  }
  console.log(
    `Filterbank (browser mode) is running. Open this URL; it holds a secret token for this run ` +
      `only:\n\n  ${mode.server.url}\n\nFiles: only inside ${root} (change it with \`npm run serve -- ` +
      `--root DIR\`)\nRecovery autosaves: ${mode.services.info.paths.recovery}\nPress Ctrl+C to stop.`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('Stopping…');
  await mode.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
