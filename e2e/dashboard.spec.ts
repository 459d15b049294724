// The training dashboard end to end in browser mode: the Keras tutorial CNN trained on the bundled sample digits
// for one epoch through the UI (the real training worker on the reference engine), then the curves, the feature
// maps, the evaluation and a prediction for a dropped image. Screenshots of each view are attached to the report.
import { expect, test, type Locator } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserMode } from '../src-main/server/browser-host';
import { openTutorial, shoot } from './app-page';
import { startTestServer, type TestServer } from './test-server';

let mode: BrowserMode;
let dataDir: string;
let server: TestServer | undefined;

test.beforeAll(async () => {
  server = await startTestServer('dashboard');
  ({ mode, dataDir } = server);
});
test.afterAll(() => server?.close());

/** The parts of a browser canvas the checks read (this file is type-checked without the DOM library). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

/** Mean and variance of the RGB values a canvas shows (alpha-blank pixels, the grid gaps, left out). */
async function canvasStatistics(canvas: Locator): Promise<{ pixels: number; mean: number; variance: number }> {
  return canvas.evaluate((element) => {
    const c = element as unknown as CanvasLike;
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    let n = 0;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      const v = (data[i] + data[i + 1] + data[i + 2]) / 3;
      n++;
      sum += v;
      squares += v * v;
    }
    const mean = n ? sum / n : 0;
    return { pixels: n, mean, variance: n ? squares / n - mean * mean : 0 };
  });
}

test(
  'trains the tutorial CNN on the sample digits for one epoch ' +
    'and shows curves, feature maps, evaluation and a prediction',
  async ({ page }, testInfo) => {
    // One epoch of 8,000 digits on the reference engine takes 1–3 minutes on two cores; evaluation a few seconds more.
    test.setTimeout(15 * 60_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await openTutorial(page, mode.server.url);

    // Data: the sample digits' report and thumbnails; pin a "7" for the feature maps.
    await page.getByTestId('view-train').click();
    await expect(page.getByTestId('dataset-report')).toContainText('10,000', { timeout: 180_000 });
    await expect(page.getByTestId('dataset-report')).toContainText('8,000 training');
    const sevens = page.getByTestId('thumbnails').locator('.thumbs__row').nth(7).getByTestId('thumbnail');
    await expect(sevens.first()).toBeVisible({ timeout: 60_000 });
    await sevens.first().click();
    await page.getByTestId('augmentation-preview').click();
    await shoot(page, testInfo, '1-data');

    // Training: one epoch through the UI.
    await page.getByTestId('dashboard-tab-train').click();
    await expect(page.getByTestId('training-backend').locator('option[value="reference"]')).toBeEnabled();
    await page.getByTestId('training-epochs').fill('1');
    await page.getByTestId('training-start').click();
    await expect(page.getByTestId('backend-info')).toContainText(/(Running|Ran) on \w+/, { timeout: 180_000 });
    // Curves grow while the run is going: uPlot's own x count, as the chart wrapper reports it.
    await expect
      .poll(async () => Number(await page.getByTestId('chart-loss').getAttribute('data-length')), { timeout: 180_000 })
      .toBeGreaterThan(3);
    await shoot(page, testInfo, '2-training');

    // Feature maps arrive during training; each conv and pool layer's canvas shows structure, not a flat colour.
    await page.getByTestId('dashboard-tab-maps').click();
    for (const layer of ['conv2d', 'max_pooling2d', 'conv2d_1', 'max_pooling2d_1']) {
      const canvas = page.getByTestId(`fmap-${layer}`);
      await expect(canvas).toBeVisible({ timeout: 120_000 });
      const stats = await canvasStatistics(canvas);
      expect(stats.pixels, layer).toBeGreaterThan(100);
      expect(stats.variance, `${layer} is blank`).toBeGreaterThan(20);
    }
    const filters = page.getByTestId('filters-canvas-conv2d');
    await expect(filters).toBeVisible();
    expect((await canvasStatistics(filters)).variance).toBeGreaterThan(20);
    await expect(page.getByTestId('pinned-sample')).toContainText('7 ·');
    await shoot(page, testInfo, '3-feature-maps');

    // The editor's nodes show the maps too.
    await page.getByTestId('view-model').click();
    await expect(page.getByTestId('node-conv2d').locator('canvas.fmap-thumb__canvas')).toBeVisible();
    await shoot(page, testInfo, '4-model-with-maps');
    await page.getByTestId('view-train').click();

    // The run finishes; its curves keep their points and the trained weights go into the project.
    await page.getByTestId('dashboard-tab-train').click();
    await expect(page.getByTestId('training-progress')).toHaveAttribute('data-phase', 'completed', {
      timeout: 10 * 60_000,
    });
    await expect(page.getByTestId('stop-reason')).toContainText('all epochs done');
    const lossPoints = Number(await page.getByTestId('chart-loss').getAttribute('data-length'));
    const accuracyPoints = Number(await page.getByTestId('chart-accuracy').getAttribute('data-length'));
    expect(lossPoints).toBeGreaterThan(3);
    expect(accuracyPoints).toBe(lossPoints);
    // The validation point at the end of the epoch is among them.
    expect(Number(await page.getByTestId('curve-loss').getAttribute('data-points'))).toBeGreaterThan(lossPoints - 1);
    await shoot(page, testInfo, '5-trained');
    // Saving keeps what the run produced: weights, class names, the epoch's history and the settings used.
    const file = join(dataDir, 'trained.filterbank.json');
    await page.getByTestId('cmd-save-as').click();
    await page.getByTestId('path-input').fill(file);
    await page.getByTestId('path-ok').click();
    await expect(page.getByTestId('dirty-mark')).toHaveCount(0);
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(saved.weights).length).toBeGreaterThanOrEqual(4);
    expect(saved.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(saved.history).toHaveLength(1);
    expect(saved.history[0].valAccuracy).toBeGreaterThan(0.5);
    expect(saved.training).toMatchObject({ epochs: 1, optimizer: 'adam' });
    expect(saved.dataset).toMatchObject({ path: null, preprocessing: { height: 28, width: 28, channels: 1 } });

    // Evaluation runs by itself after training.
    await page.getByTestId('dashboard-tab-evaluate').click();
    const matrix = page.getByTestId('confusion-matrix');
    await expect(matrix).toBeVisible({ timeout: 180_000 });
    await expect(matrix.locator('tbody tr')).toHaveCount(10);
    const accuracy = await page.getByTestId('evaluation-summary').locator('.stats__value').first().innerText();
    expect(Number.parseFloat(accuracy)).toBeGreaterThan(50);
    const counted = await matrix
      .locator('tbody td')
      .evaluateAll((cells) => cells.reduce((s, c) => s + Number(c.textContent), 0));
    expect(counted).toBe(2000);
    await expect(page.getByTestId('class-metrics').locator('tbody tr')).toHaveCount(10);
    await shoot(page, testInfo, '6-evaluation');

    // A misclassified image opens large.
    const wrong = page.getByTestId('misclassified').locator('.gallery__item');
    if ((await wrong.count()) > 0) {
      await wrong.first().click();
      const large = page.getByTestId('image-viewer').locator('img');
      await expect
        .poll(() => large.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), {
          timeout: 30_000,
        })
        .toBe(28);
      // Where the model looked for the class it wrongly predicted.
      await expect(page.getByTestId('image-viewer').getByTestId('grad-cam')).toContainText('Grad-CAM at conv2d_1');
      await shoot(page, testInfo, '7-misclassified');
      await page.keyboard.press('Escape');
    }

    // An image dropped onto the window gets a prediction: a sample digit's own file, as bytes.
    const digit = await readFile(join(dataDir, 'datasets', 'mnist-digits', '3', '0000.png'));
    const transfer = await page.evaluateHandle(
      (bytes) => {
        // Browser globals, reached through globalThis because this file is type-checked without the DOM library.
        const browser = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
        };
        const data = new browser.DataTransfer();
        data.items.add(new browser.File([new Uint8Array(bytes)], 'three.png', { type: 'image/png' }));
        return data;
      },
      [...digit],
    );
    await page.dispatchEvent('.dashboard', 'dragenter', { dataTransfer: transfer });
    await expect(page.getByTestId('drop-overlay')).toBeVisible();
    await page.dispatchEvent('.dashboard', 'drop', { dataTransfer: transfer });
    const result = page.getByTestId('prediction-result');
    await expect(result).toBeVisible({ timeout: 60_000 });
    await expect(result).toContainText('three.png');
    await expect(result.getByTestId('probability-bars').locator('li')).toHaveCount(3);
    // Its Grad-CAM map: heat colours over the grey digit, and another class's map on request.
    const cam = result.getByTestId('grad-cam');
    await expect(cam).toContainText('not a proof of its reasoning');
    const canvas = cam.getByTestId('grad-cam-canvas');
    const pixels = () =>
      canvas.evaluate((c) => {
        const el = c as unknown as {
          width: number;
          height: number;
          getContext(t: '2d'): { getImageData(...a: number[]): { data: Uint8ClampedArray } };
        };
        return Array.from(el.getContext('2d').getImageData(0, 0, el.width, el.height).data);
      });
    await expect.poll(async () => (await pixels()).length).toBeGreaterThan(0);
    const first = await pixels();
    const coloured = (data: number[]) => data.filter((_, i) => i % 4 === 0 && data[i] !== data[i + 2]).length;
    expect(coloured(first)).toBeGreaterThan(0);
    const select = cam.getByTestId('grad-cam-class');
    const other = await select.locator('option').nth(1).getAttribute('value');
    await select.selectOption(other!);
    await expect.poll(async () => (await pixels()).join() !== first.join(), { timeout: 30_000 }).toBe(true);
    await shoot(page, testInfo, '8-prediction');

    expect(errors).toEqual([]);
  },
);
