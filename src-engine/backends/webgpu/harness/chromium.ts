import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'esbuild';
import type { WebGpuHarness } from './kernel-harness';

/**
 * A Chromium page with WebGPU, for testing the WebGPU kernels where Dawn cannot load (these machines' glibc
 * is older than the `webgpu` package needs): Chromium's own Dawn over SwiftShader, Vulkan on the CPU. The
 * page loads `browser-entry.ts` bundled by esbuild from a loopback server (WebGPU needs a secure context).
 */

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
];

export interface WebGpuPage {
  adapter: string;
  /** Calls a harness function in the page. */
  call<K extends keyof WebGpuHarness>(
    name: K,
    ...args: Parameters<WebGpuHarness[K]>
  ): Promise<Awaited<ReturnType<WebGpuHarness[K]>>>;
  close(): Promise<void>;
}

/** The page, or the reason there is none (no Chromium, no WebGPU adapter). */
export async function openWebGpuPage(): Promise<WebGpuPage | string> {
  const entry = fileURLToPath(new URL('./browser-entry.ts', import.meta.url));
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0].text;
  const server: Server = createServer((request, response) => {
    if (request.url === '/harness.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><script type="module" src="/harness.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  let browser: Browser;
  try {
    browser = await chromium.launch({
      ...(existsSync(DEBIAN_CHROMIUM) ? { executablePath: DEBIAN_CHROMIUM } : {}),
      args: FLAGS,
    });
  } catch (error) {
    await closeServer();
    return (
      `Chromium could not be started (${(error as Error).message.split('\n')[0]}); apt-get install chromium, ` +
      `or npx playwright install chromium`
    );
  }
  const close = async () => {
    await browser.close();
    await closeServer();
  };
  const page: Page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  try {
    await page.waitForFunction(() => 'webgpuHarness' in globalThis, undefined, { timeout: 30_000 });
  } catch {
    await close();
    return `the WebGPU test page did not load: ${errors.join('; ') || 'no error reported'}`;
  }
  const call: WebGpuPage['call'] = (name, ...args) =>
    page.evaluate(
      ([n, a]) =>
        (globalThis as unknown as { webgpuHarness: Record<string, (...x: unknown[]) => unknown> }).webgpuHarness[
          n as string
        ](...(a as unknown[])),
      [name, args] as const,
    ) as never;
  const adapter = await call('adapterInfo');
  if (adapter === 'none') {
    await close();
    return (
      "Chromium offers no WebGPU adapter here (SwiftShader's Vulkan is needed: Debian's chromium package " + 'ships it)'
    );
  }
  return { adapter, call, close };
}
