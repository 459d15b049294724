// The Electron hardening hooks, driven through a stand-in for the electron module: which URLs a page may
// open in the user's browser, and where it may navigate.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { externalLinkAllowed } from './external-links';

const electron = vi.hoisted(() => ({
  appListeners: new Map<string, (...args: unknown[]) => void>(),
  openExternal: vi.fn(async () => undefined),
}));

vi.mock('electron', () => ({
  app: { on: (event: string, listener: (...args: unknown[]) => void) => electron.appListeners.set(event, listener) },
  shell: { openExternal: electron.openExternal },
  session: {
    defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined },
  },
}));

const { hardenWebContents } = await import('./hardening');

interface FakeContents {
  listeners: Map<string, (event: { url: string; preventDefault(): void }) => void>;
  openHandler: ((details: { url: string }) => { action: string }) | null;
}

function createContents(): FakeContents {
  const contents: FakeContents = { listeners: new Map(), openHandler: null };
  const fake = {
    on: (event: string, listener: (event: { url: string; preventDefault(): void }) => void) =>
      contents.listeners.set(event, listener),
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) =>
      (contents.openHandler = handler),
  };
  electron.appListeners.get('web-contents-created')!({}, fake);
  return contents;
}

const APP = 'filterbank://app/';
let contents: FakeContents;
beforeEach(() => {
  electron.openExternal.mockClear();
  hardenWebContents((url) => url.startsWith(APP));
  contents = createContents();
});

describe('window.open from a page', () => {
  it.each([
    'https://evil.example/',
    'https://github.com/',
    'http://127.0.0.1:5170/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    `${APP}index.html`,
  ])('opens nothing, inside or outside the app, for %s', (url) => {
    expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    expect(electron.openExternal).not.toHaveBeenCalled();
  });
});

describe('navigation', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s stays inside the app', (event) => {
    const listener = contents.listeners.get(event)!;
    expect(listener).toBeTypeOf('function');
    for (const [url, allowed] of [
      [`${APP}index.html#/train`, true],
      ['https://evil.example/', false],
      ['filterbank://app.evil/', false],
      ['file:///etc/passwd', false],
    ] as const) {
      const preventDefault = vi.fn();
      listener({ url, preventDefault });
      expect(preventDefault, url).toHaveBeenCalledTimes(allowed ? 0 : 1);
    }
  });
});

describe('external link allow-list', () => {
  const docs = ['https://filterbank.example/docs/'];

  it('allows https URLs under a listed prefix', () => {
    for (const url of [
      'https://filterbank.example/docs/',
      'https://filterbank.example/docs/layers/conv2d#padding',
      'https://FILTERBANK.example/docs/a?b=1',
    ]) {
      expect(externalLinkAllowed(url, docs), url).toBe(true);
    }
  });

  it('denies everything else, including look-alikes and paths that climb out of the prefix', () => {
    for (const url of [
      'http://filterbank.example/docs/',
      'https://filterbank.example/docsevil/',
      'https://filterbank.example/docs',
      'https://filterbank.example/other/',
      'https://filterbank.example/docs/../admin',
      'https://filterbank.example/docs/%2e%2e/admin',
      'https://filterbank.example.evil.com/docs/',
      'https://evil.com/https://filterbank.example/docs/',
      'https://user:pass@filterbank.example/docs/',
      'https://filterbank.example:8443/docs/',
      'javascript:alert(1)//https://filterbank.example/docs/',
      'file:///etc/passwd',
      'not a url',
      '',
    ]) {
      expect(externalLinkAllowed(url, docs), url).toBe(false);
    }
  });

  it('denies every URL with the app’s own list, since the app links to no web page', () => {
    expect(externalLinkAllowed('https://github.com/')).toBe(false);
  });
});
