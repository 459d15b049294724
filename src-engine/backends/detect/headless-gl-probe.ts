import { firstLine, type ProbeEnvironment } from './environment';
import { available, unavailable, type BackendDetails, type BackendProbe } from './probe';

interface GLContext {
  VERSION: number;
  RENDERER: number;
  MAX_TEXTURE_SIZE: number;
  getParameter(name: number): unknown;
  getExtension(name: string): unknown;
}

type CreateContext = (width: number, height: number, attributes?: object) => GLContext | null;

const GL_BUILD_HINT =
  'gl is an optional dependency of gpu.js whose native build needs `apt-get ' +
  'install build-essential libxi-dev libglu1-mesa-dev libglew-dev pkg-config` and ' +
  '`"allowScripts": { "gl": true }` in package.json; then run `npm rebuild gl`';

/** Mesa's software rasterisers: a context on Xvfb always lands on one of these. */
const SOFTWARE_GL = /(swrast_dri|kms_swrast_dri|llvmpipe|softpipe)/;

/** The software rasteriser library in use, or null when the GL comes from a hardware driver (or cannot be told). */
export function softwareRasteriser(libraries: readonly string[]): string | null {
  const hit = libraries.find((path) => SOFTWARE_GL.test(path));
  return hit ? hit.slice(hit.lastIndexOf('/') + 1) : null;
}

/**
 * Why `require('gl')` failed, told from the whole error (Node puts the ABI numbers on the lines after the first).
 * `loadedLibraries` tells a gl already loaded by another thread from a broken build: gl is not context-aware, so Node
 * loads it in the first thread of a process that requires it and refuses it ("did not self-register") in every other.
 */
export function glLoadFailureReason(error: unknown, loadedLibraries: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Cannot find module 'gl'/.test(message)) return `the optional package gl is not installed (${GL_BUILD_HINT})`;
  if (/Could not locate the bindings file/.test(message)) {
    return `the gl package is installed but its native module was never built (${GL_BUILD_HINT})`;
  }
  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*NODE_MODULE_VERSION (\d+)/.exec(message);
  if (abi) {
    return (
      `gl's native module was built for another runtime (NODE_MODULE_VERSION ${abi[1]}; this one needs ${abi[2]}): ` +
      'rebuild it for the runtime that loads it (`npm rebuild gl` for Node, `npx electron-rebuild -o gl` for Electron)'
    );
  }
  if (/did not self-register/.test(message)) {
    const addon = /'([^']*webgl\.node)'/.exec(message)?.[1] ?? 'webgl.node';
    if (loadedLibraries.some((path) => path.endsWith('/webgl.node'))) {
      return (
        `gl's native module is built but another thread of this process already loaded it (${addon}); gl is not ` +
        ('context-aware, so Node lets only the first thread that loads it use it: probe and run headlessgl in that ' +
          'thread, or in a separate process')
      );
    }
    return (
      `gl's native module (${addon}) did not register with Node: either another thread of this process already ` +
      'loaded it (gl works in one thread per process) or it was built for another runtime (run `npm rebuild gl`)'
    );
  }
  const library = /([^\s:]+\.so[^\s:]*): cannot open shared object file/.exec(message)?.[1];
  if (library) {
    return (
      `gl's native module is built but the system library ${library} it needs is missing: install the ` +
      `package that provides it (Debian/Ubuntu: \`apt-file search ${library}\`)`
    );
  }
  return `the gl package failed to load: ${firstLine(error)}`;
}

function noContextReason(env: ProbeEnvironment): string {
  if (env.platform === 'linux' && !env.display) {
    return (
      'gl could not create a context because no X display is set (DISPLAY is empty): run under `xvfb-run -a` ' +
      '(apt-get install xvfb xauth)'
    );
  }
  if (env.platform === 'linux') {
    return (
      `gl could not create a context on X display ${env.display}: check that the X server is running and ` +
      `that Mesa (libgl1-mesa-dri) is installed`
    );
  }
  return 'gl could not create an OpenGL context on this machine';
}

/**
 * headlessgl runs where the `gl` package loads and creates a context with float textures (gpu.js needs
 * OES_texture_float for single precision). On Linux the context comes from an X server; without a GPU
 * that is Xvfb with Mesa's software rasteriser, so the backend works but is not fast.
 */
/** Why a training thread of the app does not load gl itself. */
export const GL_IN_WORKER_THREADS =
  'gl (headless-gl) works in only one thread per process, and the app trains in worker threads: the app runs ' +
  'headlessgl in a child process of its own instead (choose headlessgl, or auto on a hardware GL renderer)';

export function probeHeadlessGL(env: ProbeEnvironment): BackendProbe {
  // Decided before loading gl: loading it here would take it from the thread that trains.
  if (env.trainsInWorkerThreads) return unavailable('headlessgl', GL_IN_WORKER_THREADS);
  let createContext: CreateContext;
  try {
    createContext = env.requireModule('gl') as CreateContext;
  } catch (error) {
    return unavailable('headlessgl', glLoadFailureReason(error, env.loadedLibraries()));
  }
  if (typeof createContext !== 'function')
    return unavailable('headlessgl', 'the gl package loaded but does not export a context factory');

  const details: BackendDetails = {};
  if (env.display) details.display = env.display;
  let context: GLContext | null;
  try {
    context = createContext(2, 2, { preserveDrawingBuffer: true });
  } catch (error) {
    return unavailable('headlessgl', `gl failed to create a context: ${firstLine(error)}`, details);
  }
  if (!context) return unavailable('headlessgl', noContextReason(env), details);

  try {
    details.version = String(context.getParameter(context.VERSION));
    details.renderer = String(context.getParameter(context.RENDERER));
    details.maxTextureSize = Number(context.getParameter(context.MAX_TEXTURE_SIZE));
    const floatTextures = context.getExtension('OES_texture_float') !== null;
    details.floatTextures = floatTextures;
    const software = softwareRasteriser(env.loadedLibraries());
    details.software = software !== null;
    if (software) details.rasteriser = `Mesa software (${software})`;
    if (!floatTextures) {
      return unavailable(
        'headlessgl',
        'the GL context has no float textures (OES_texture_float), which gpu.js needs for float32 kernels',
        details,
      );
    }
    return available('headlessgl', details);
  } finally {
    const destroy = context.getExtension('STACKGL_destroy_context') as { destroy(): void } | null;
    destroy?.destroy();
  }
}
