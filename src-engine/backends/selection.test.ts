import { describe, expect, it } from 'vitest';
import {
  BACKEND_ORDER,
  BackendUnavailableError,
  describeBackends,
  fallbackAfter,
  fallbackMessage,
  formatBackendReport,
  parseBackendChoice,
  probeBackend,
  selectBackend,
  type BackendProbe,
  type ProbeEnvironment,
} from './selection';
import { compareVersions, processEnvironment } from './detect/environment';
import { GL_IN_WORKER_THREADS, softwareRasteriser } from './detect/headless-gl-probe';
import { simdProbeModule, threadsProbeModule } from './detect/webasm-probe';
import { ensureDisplay } from './virtual-display';

function fakeEnv(overrides: Partial<ProbeEnvironment>): ProbeEnvironment {
  return {
    platform: 'linux',
    glibcVersion: '2.39',
    display: ':7',
    cores: 4,
    requireModule: (id) => {
      throw new Error(`Cannot find module '${id}'`);
    },
    importModule: (id) => Promise.reject(new Error(`Cannot find package '${id}'`)),
    loadedLibraries: () => [],
    ...overrides,
  };
}

const GL_CONSTANTS = { VERSION: 1, RENDERER: 2, MAX_TEXTURE_SIZE: 3 };

describe('headlessgl in the app', () => {
  it(
    'is unavailable, with the reason, where training runs ' + 'in worker threads, and gl is never loaded to find out',
    async () => {
      let loaded = false;
      const env = fakeEnv({
        trainsInWorkerThreads: true,
        requireModule: () => {
          loaded = true;
          return () => null;
        },
      });
      const probe = await probeBackend('headlessgl', env);
      expect(probe).toMatchObject({ available: false, reason: GL_IN_WORKER_THREADS });
      expect(loaded).toBe(false);
    },
  );
});

function fakeGl(extensions: string[], destroyed: { count: number }) {
  return () => ({
    ...GL_CONSTANTS,
    getParameter: (p: number) => ({ 1: 'WebGL 1.0 fake', 2: 'FakeGL', 3: 4096 })[p],
    getExtension: (name: string) =>
      name === 'STACKGL_destroy_context'
        ? { destroy: () => (destroyed.count += 1) }
        : extensions.includes(name)
          ? {}
          : null,
  });
}

describe('backend probes on this machine', () => {
  it('reports every backend in speed order with exactly one selected, the first that works', async () => {
    const reports = await describeBackends();
    expect(reports.map((r) => r.name)).toEqual([...BACKEND_ORDER]);
    expect(reports.filter((r) => r.selected)).toHaveLength(1);
    const selected = reports.findIndex((r) => r.selected);
    expect(reports.slice(0, selected).every((r) => !r.available)).toBe(true);
    for (const r of reports) {
      if (r.available) expect(r.reason).toBeUndefined();
      else expect(r.reason).toMatch(/\w{5,}/);
    }
    expect(reports.find((r) => r.name === 'cpu')?.available).toBe(true);
  });

  it('explains a too-old glibc for webgpu with both version numbers', async (ctx) => {
    const env = processEnvironment();
    if (env.glibcVersion === null || compareVersions(env.glibcVersion, '2.38') >= 0) {
      ctx.skip(`this machine's C library (${env.glibcVersion ?? 'not glibc'}) does not exercise the old-glibc path`);
    }
    const probe = await probeBackend('webgpu');
    expect(probe.available).toBe(false);
    expect(probe.reason).toBe(`the webgpu package needs glibc 2.38 or newer; this system has ${env.glibcVersion}`);
  });

  it('finds WebAssembly SIMD and threads in this Node.js', async () => {
    expect(WebAssembly.validate(simdProbeModule())).toBe(true);
    expect(WebAssembly.validate(threadsProbeModule())).toBe(true);
    const probe = await probeBackend('webasm');
    expect(probe).toMatchObject({ available: true, details: { simd: true, threads: processEnvironment().cores } });
  });

  it('creates a headless-gl context on a virtual display when gl is installed', async (ctx) => {
    const env = processEnvironment();
    try {
      env.requireModule('gl');
    } catch {
      ctx.skip('the optional gl package is not installed here (see src-engine/backends/NOTES.md for how CI builds it)');
    }
    const display = await ensureDisplay();
    if (!display) ctx.skip('no DISPLAY and no Xvfb to start one (apt-get install xvfb)');
    const probe = await probeBackend('headlessgl', { ...env, display: display ?? undefined });
    expect(probe.reason).toBeUndefined();
    expect(probe).toMatchObject({ available: true, details: { floatTextures: true } });
  });
});

describe('backend probe reasons', () => {
  it('blames libstdc++ when glibc is new enough but Dawn still fails to link', async () => {
    const env = fakeEnv({
      importModule: () =>
        Promise.reject(new Error("/lib/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by dawn.node)")),
    });
    const probe = await probeBackend('webgpu', env);
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/libstdc\+\+ from GCC 13/);
    expect(probe.details.glibc).toBe('2.39');
  });

  it('says when Dawn finds no adapter, and succeeds with one that hands out a device', async () => {
    let destroyed = 0;
    const device = { addEventListener: () => undefined, destroy: () => (destroyed += 1) };
    const module = (adapter: unknown) => ({
      globals: {},
      create: () => ({ requestAdapter: () => Promise.resolve(adapter) }),
    });
    const none = await probeBackend('webgpu', fakeEnv({ importModule: () => Promise.resolve(module(null)) }));
    expect(none.reason).toMatch(/no GPU adapter/);

    const adapter = { info: { vendor: 'nvidia', device: 'H100' }, requestDevice: () => Promise.resolve(device) };
    const found = await probeBackend('webgpu', fakeEnv({ importModule: () => Promise.resolve(module(adapter)) }));
    expect(found).toMatchObject({ available: true, details: { vendor: 'nvidia', device: 'H100' } });
    expect(destroyed).toBe(1);
    expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeUndefined();
  });

  it(
    'passes over a WebGPU adapter that runs on the CPU under ' +
      'auto (SwiftShader, llvmpipe), and still runs it when forced',
    async () => {
      const device = { addEventListener: () => undefined, destroy: () => undefined };
      const withAdapter = (info: object) =>
        fakeEnv({
          importModule: () =>
            Promise.resolve({
              globals: {},
              create: () => ({
                requestAdapter: () => Promise.resolve({ info, requestDevice: () => Promise.resolve(device) }),
              }),
            }),
        });
      const swiftshader = withAdapter({
        vendor: 'google',
        architecture: 'swiftshader',
        device: 'SwiftShader Device (Subzero)',
      });
      const auto = await describeBackends({ env: swiftshader });
      const webgpu = auto.find((r) => r.name === 'webgpu')!;
      expect(webgpu.available).toBe(true);
      expect(webgpu.autoSkipped).toMatch(/^auto prefers webasm: this WebGPU adapter runs on the CPU/);
      expect(auto.find((r) => r.selected)?.name).not.toBe('webgpu');
      expect((await describeBackends({ env: swiftshader, choice: 'webgpu' })).find((r) => r.selected)?.name).toBe(
        'webgpu',
      );
      for (const info of [{ description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }, { isFallbackAdapter: true }]) {
        expect(
          (await describeBackends({ env: withAdapter(info) })).find((r) => r.name === 'webgpu')?.autoSkipped,
        ).toBeDefined();
      }
      const gpu = await describeBackends({ env: withAdapter({ vendor: 'nvidia', architecture: 'hopper' }) });
      expect(gpu.find((r) => r.name === 'webgpu')).toMatchObject({ selected: true, available: true });
    },
  );

  it('tells how to build gl when it is missing, and to use xvfb-run when there is no display', async () => {
    const missing = await probeBackend('headlessgl', fakeEnv({}));
    expect(missing.reason).toMatch(/gl is not installed.*allowScripts/);

    const noDisplay = await probeBackend(
      'headlessgl',
      fakeEnv({ display: undefined, requireModule: () => () => null }),
    );
    expect(noDisplay.reason).toMatch(/no X display.*xvfb-run -a/);
  });

  it(
    'accepts a context with float textures, flags Mesa ' + 'software rendering, and destroys the probe context',
    async () => {
      const destroyed = { count: 0 };
      const probe = await probeBackend(
        'headlessgl',
        fakeEnv({
          requireModule: () => fakeGl(['OES_texture_float'], destroyed),
          loadedLibraries: () => ['/usr/lib/libGL.so.1', '/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so'],
        }),
      );
      expect(probe).toMatchObject({
        available: true,
        details: { renderer: 'FakeGL', floatTextures: true, software: true },
      });
      expect(destroyed.count).toBe(1);

      const noFloat = await probeBackend('headlessgl', fakeEnv({ requireModule: () => fakeGl([], destroyed) }));
      expect(noFloat.reason).toMatch(/OES_texture_float/);
      expect(softwareRasteriser(['/usr/lib/nvidia/libGLX_nvidia.so.0'])).toBeNull();
    },
  );
});

describe('backend selection', () => {
  const probes: BackendProbe[] = [
    { name: 'webgpu', available: false, reason: 'no adapter', details: {} },
    { name: 'headlessgl', available: true, details: {} },
    { name: 'webasm', available: true, details: {} },
    { name: 'cpu', available: true, details: {} },
  ];

  it('auto takes the fastest available; a forced backend is honoured or refused with the reason', () => {
    expect(selectBackend(probes, 'auto')).toBe('headlessgl');
    expect(selectBackend(probes, 'cpu')).toBe('cpu');
    expect(() => selectBackend(probes, 'webgpu')).toThrow(BackendUnavailableError);
    expect(() => selectBackend(probes, 'webgpu')).toThrow(
      /webgpu backend was requested but cannot run here: no adapter\. .*headlessgl, webasm, cpu/,
    );
  });

  it('auto passes over a software-rasterised GL for webasm, says so, and still runs it when forced', () => {
    const software = probes.map((p) => (p.name === 'headlessgl' ? { ...p, details: { software: true } } : p));
    expect(selectBackend(software, 'auto')).toBe('webasm');
    expect(selectBackend(software, 'headlessgl')).toBe('headlessgl');
    const text = formatBackendReport(
      software.map((p) => ({
        ...p,
        selected: p.name === 'webasm',
        autoSkipped: p.name === 'headlessgl' ? 'auto prefers webasm' : undefined,
      })),
    );
    expect(text).toMatch(/headlessgl +available .*\(auto prefers webasm\)/);
    const onlyGl = software.map((p) => (p.name === 'webasm' ? { ...p, available: false, reason: 'no SIMD' } : p));
    expect(selectBackend(onlyGl, 'auto')).toBe('headlessgl');
  });

  it('parses user input and lists the valid names when it is wrong', () => {
    expect(parseBackendChoice(' WebAsm ')).toBe('webasm');
    expect(parseBackendChoice('auto')).toBe('auto');
    expect(() => parseBackendChoice('cuda')).toThrow(
      'Unknown backend "cuda". Choose one of: auto, webgpu, headlessgl, webasm, cpu.',
    );
  });

  it('falls back to the next working backend with a visible message', () => {
    expect(fallbackAfter('headlessgl', probes)).toBe('webasm');
    expect(fallbackAfter('cpu', probes)).toBeNull();
    expect(fallbackMessage('headlessgl', new Error('context lost'), 'webasm')).toBe(
      'The headlessgl backend failed during the run (context lost); continuing on webasm.',
    );
  });

  it('formats one line per backend with the reason for each unavailable one', () => {
    const text = formatBackendReport(probes.map((p) => ({ ...p, selected: p.name === 'headlessgl' })));
    const lines = text.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^ {2}webgpu +unavailable +no adapter$/);
    expect(lines[2]).toMatch(/^→ headlessgl +selected/);
  });
});
