// Steps many specs take, in one place: open the app in browser mode, connected, make a new project from a
// template, and attach a screenshot to the report.
import { expect, type Page, type TestInfo } from '@playwright/test';

/** Opens the app at `url` and waits for the connection to the services. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'open');
}

/** New → the template (the Keras tutorial CNN by default), waiting for its first Conv2D on the canvas. */
export async function newFromTemplate(page: Page, template = 'keras-tutorial-cnn'): Promise<void> {
  await page.getByTestId('menu-new').click();
  await page.getByTestId(`menu-new-${template}`).click();
  await expect(page.getByTestId('node-conv2d')).toBeVisible();
}

/** The app opened at `url` with a new project from the tutorial CNN. */
export async function openTutorial(page: Page, url: string): Promise<void> {
  await openApp(page, url);
  await newFromTemplate(page);
}

/** Saves a screenshot as `name`.png in the test's output folder and attaches it to the report; returns its path. */
export async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  return path;
}
