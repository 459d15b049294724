// `npm start`: runs the desktop app (electron-vite preview, or `npm start -- --dev` for electron-vite dev).
// Where Electron cannot run, says why in one line and how to fix it, and points to browser mode, instead
// of letting Electron print a stack trace.
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BROWSER_MODE = 'or use the browser mode now: `npm run serve`.';

/** The Electron package folder; FILTERBANK_ELECTRON_PACKAGE overrides it (tests). */
function electronPackageDir() {
  if (process.env.FILTERBANK_ELECTRON_PACKAGE) return process.env.FILTERBANK_ELECTRON_PACKAGE;
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** Why Electron cannot start here, as one line, or null when it can. */
export function electronProblem(env = process.env, platform = process.platform, uid = process.getuid?.()) {
  const dir = electronPackageDir();
  if (!dir || !existsSync(join(dir, 'package.json'))) {
    return `Electron is not installed (no node_modules/electron): run \`npm install\`, ${BROWSER_MODE}`;
  }
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  const pathFile = join(dir, 'path.txt');
  const binary = existsSync(pathFile) ? join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
  if (!binary || !existsSync(binary)) {
    return (
      `Electron ${version}'s binary is missing (node_modules/electron/dist): with network access run \`node ` +
      `node_modules/electron/install.js\` (or \`npx install-electron\`), ${BROWSER_MODE}`
    );
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return (
      `No display for Electron ($DISPLAY and $WAYLAND_DISPLAY are unset): run it in a desktop session or ` +
      `under \`xvfb-run npm start\`, ${BROWSER_MODE}`
    );
  }
  if (platform === 'linux' && uid === 0 && env.NO_SANDBOX !== '1') {
    return (
      `Electron will not run as root with its sandbox on: run as a normal user (or, at your own risk, ` +
      `\`NO_SANDBOX=1 npm start\`), ${BROWSER_MODE}`
    );
  }
  return null;
}

function main() {
  const problem = electronProblem();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  const dev = process.argv.includes('--dev');
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const child = spawn(process.execPath, [cli, dev ? 'dev' : 'preview'], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
