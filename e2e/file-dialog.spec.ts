// The browser-mode file dialog as a person uses it: typed paths, New folder, Home and Recent, one clear error for
// a missing folder or a refused path, and Escape that always closes it.
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserMode } from '../src-main/server/browser-host';
import { openApp } from './app-page';
import { startTestServer, type TestServer } from './test-server';

let mode: BrowserMode;
let dataDir: string;
let server: TestServer | undefined;

test.beforeEach(async () => {
  server = await startTestServer('dialog');
  ({ mode, dataDir } = server);
});
test.afterEach(() => server?.close());

async function openSaveAs(page: Page): Promise<void> {
  await page.getByTestId('cmd-save-as').click();
  await expect(page.getByTestId('path-where')).toHaveText(dataDir);
}

test('types paths, makes a folder, saves into it, lists it as recent, and Escape closes after ..', async ({ page }) => {
  await openApp(page, mode.server.url);
  await expect(page.getByTestId('palette')).toBeVisible();
  const input = page.getByTestId('path-input');
  const error = page.getByTestId('path-error');
  const target = join(dataDir, 'x', 'hand.filterbank.json');

  await openSaveAs(page);
  await input.fill(target);
  await page.getByTestId('path-ok').click();
  await expect(error).toHaveText(
    `The folder ${join(dataDir, 'x')} does not exist: create it with New folder or pick another.`,
  );
  await input.fill('/etc');
  await input.press('Enter');
  await expect(error).toContainText(`/etc is outside the folder this server may use (${dataDir})`);

  await page.getByTestId('path-new-folder').click();
  await page.getByTestId('path-new-folder-name').fill('x');
  await page.getByTestId('path-new-folder-create').click();
  await expect(page.getByTestId('path-where')).toHaveText(join(dataDir, 'x'));
  await expect(error).toHaveCount(0);
  await page.getByTestId('path-home').click();
  await expect(page.getByTestId('path-where')).toHaveText(dataDir);
  await input.fill(join(dataDir, 'x'));
  await input.press('Enter');
  await expect(page.getByTestId('path-where')).toHaveText(join(dataDir, 'x'));

  await input.fill(target);
  await input.press('Enter');
  await expect(page.getByTestId('path-prompt')).toHaveCount(0);
  await expect(page.getByTestId('project-title')).toHaveText('hand.filterbank.json');
  expect(JSON.parse(await readFile(target, 'utf8'))).toMatchObject({ graph: expect.any(Object) });

  await page.getByTestId('cmd-open').click();
  await page.getByTestId('path-recent').click();
  await expect(page.getByTestId('path-prompt').getByRole('button', { name: target })).toBeVisible();
  await page.getByTestId('path-home').click();
  await page.getByTestId('path-prompt').getByRole('button', { name: 'x/' }).click();
  await expect(page.getByTestId('path-where')).toHaveText(join(dataDir, 'x'));
  await page.getByTestId('path-prompt').getByRole('button', { name: '..' }).click();
  await expect(page.getByTestId('path-where')).toHaveText(dataDir);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('path-prompt')).toHaveCount(0);
});
