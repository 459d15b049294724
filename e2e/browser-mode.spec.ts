// Browser mode end to end: the built renderer, served by `npm run serve`'s server, in Chromium.
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserMode } from '../src-main/server/browser-host';
import { openApp } from './app-page';
import { startTestServer, type TestServer } from './test-server';

const root = fileURLToPath(new URL('..', import.meta.url));
let mode: BrowserMode;
let server: TestServer | undefined;

test.beforeAll(async () => {
  server = await startTestServer('browser-mode');
  ({ mode } = server);
});
test.afterAll(() => server?.close());

test('the page loads with the token, connects, shows app:info and breaks no CSP rule', async ({ page }) => {
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
  const response = await page.goto(mode.server.url);
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'open');
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  await expect(page.getByTestId('app-version')).toHaveText(version);
  await expect(page.getByTestId('app-host')).toContainText('Browser mode');
  // The token leaves the address bar; the session cookie keeps a reload working.
  expect(page.url()).toBe(`${mode.server.origin}/`);
  await page.reload();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'open');
  expect(cspViolations).toEqual([]);
});

test('without the token the page is refused (401) and so is a WebSocket from that origin', async ({ page }) => {
  const response = await page.goto(`${mode.server.origin}/`);
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('Unauthorized: missing or wrong token');
  const closed = await page.evaluate(
    (url) =>
      new Promise<{ code: number; reason: string; messages: number }>((resolve) => {
        let messages = 0;
        const ws = new WebSocket(url);
        ws.onmessage = () => messages++;
        ws.onclose = (event) => resolve({ code: event.code, reason: event.reason, messages });
      }),
    `ws://127.0.0.1:${mode.server.port}/ws`,
  );
  expect(closed).toEqual({
    code: 4401,
    reason: expect.stringMatching(/^Unauthorized: missing or wrong token/),
    messages: 0,
  });
});

test('a malformed message gets a typed error, not a crash', async ({ page }) => {
  await openApp(page, mode.server.url);
  const replies = await page.evaluate(
    (url) =>
      new Promise<unknown[]>((resolve) => {
        const replies: unknown[] = [];
        const ws = new WebSocket(url);
        ws.onmessage = (event) => {
          replies.push(JSON.parse(String(event.data)));
          if (replies.length === 1) {
            ws.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'files:list', payload: { path: 42 } }));
            ws.send('{"type": "invoke", "id": ');
            ws.send(JSON.stringify({ type: 'invoke', id: 8, channel: 'no:such', payload: {} }));
          }
          if (replies.length === 4) resolve(replies);
        };
      }),
    `ws://127.0.0.1:${mode.server.port}/ws?token=${mode.server.token}`,
  );
  // Invokes are answered as they finish, so the three replies may come in any order.
  expect(replies[0]).toEqual({ type: 'ready' });
  expect(replies).toHaveLength(4);
  expect(replies.slice(1)).toEqual(
    expect.arrayContaining([
      {
        type: 'result',
        id: 7,
        ok: false,
        error: expect.objectContaining({
          code: 'invalid-payload',
          issues: [expect.objectContaining({ path: 'path' })],
        }),
      },
      { type: 'error', error: expect.objectContaining({ code: 'malformed-message', hint: expect.any(String) }) },
      { type: 'result', id: 8, ok: false, error: expect.objectContaining({ code: 'unknown-channel' }) },
    ]),
  );
  // The server is still there for the page.
  await page.reload();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'open');
});
