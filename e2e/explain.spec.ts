// Explain on the tutorial CNN's second Conv2D: the output-size formula and the parameter count in the node's own
// numbers (checked against the engine's shape inference), the window sliding, a live parameter change, and the
// receptive field outlined on the input when an output cell is hovered.
import { expect, test } from '@playwright/test';
import { explainNode, inferShapes, kerasTutorialCnn } from '../src-engine';
import { startTestServer, type TestServer } from './test-server';

let server: TestServer | undefined;
test.beforeEach(async () => {
  server = await startTestServer('explain');
});
test.afterEach(() => server?.close());

test("Explain draws conv2d_1's arithmetic, follows the inspector and outlines what a cell sees", async ({ page }) => {
  const graph = kerasTutorialCnn();
  const inference = inferShapes(graph);
  const conv = graph.nodes.find((n) => n.name === 'conv2d_1')!;
  const params = inference.nodes.get(conv.id)!.trainableParams.toLocaleString('en-US');
  const expected = explainNode(inference, conv.id)!;

  await page.goto(server!.mode.server.url);
  await expect(page.getByTestId('summary-total-params')).toHaveText('107,706');
  await page.getByTestId('node-conv2d_1').click();
  await expect(page.getByTestId('inspector-field')).toHaveText('sees 14×14 px, steps 2 px');
  await page.getByTestId('inspector-explain').click();
  const panel = page.getByTestId('explain-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('explain-formula-height')).toHaveText('⌈14/1⌉ = 14');
  await expect(panel.getByTestId('explain-padding-height')).toHaveText(
    "'same' pads (14 − 1)·1 + 5 − 14 = 4: 2 top, 2 bottom",
  );
  await expect(panel.getByTestId('explain-params')).toHaveText(
    `kernel (5, 5, 8, 32) + bias (32,): 5·5·8·32 + 32 = ${params}`,
  );
  expect(expected.filterBank?.formula).toBe(`5·5·8·32 + 32 = ${params}`);
  // 14×14 input plus 2 cells of padding on every side, and the 14×14 output.
  await expect(panel.locator('[data-testid=explain-input] rect.explain__pad')).toHaveCount(18 * 18 - 14 * 14);
  await expect(panel.locator('[data-testid=explain-output] rect')).toHaveCount(14 * 14);
  await expect(panel.getByTestId('explain-position')).toHaveText('output (0, 0) ← rows −2…2, columns −2…2');
  await panel.getByRole('button', { name: 'Next position' }).click();
  await expect(panel.getByTestId('explain-position')).toHaveText('output (0, 1) ← rows −2…2, columns −1…3');

  // Hovering an output cell: the input pixels it depends on are outlined on the 28×28 input.
  await panel
    .locator('[data-testid=explain-output] rect')
    .nth(5 * 14 + 7)
    .hover();
  await expect(panel.getByTestId('explain-position')).toHaveText('output (5, 7) ← rows 3…7, columns 5…9');
  await expect(panel.getByTestId('explain-rf-cell')).toHaveText('output (5, 7) sees input rows 4…17, columns 8…21');
  await expect(panel.getByTestId('explain-rf-outline')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('explain.png') });

  // A parameter change in the inspector redraws the arithmetic, including a window that no longer fits.
  await page.getByTestId('param-kernelSize').fill('15');
  await page.getByTestId('param-padding').selectOption('valid');
  await page.getByTestId('inspector-apply').click();
  await expect(panel.getByTestId('explain-formula-height')).toHaveText('⌊(14 − 15)/1⌋ + 1 = 0');
  await expect(panel.getByTestId('explain-nofit')).toBeVisible();
  await expect(panel.getByTestId('explain-params')).toContainText('15·15·8·32 + 32 = 57,632');
  await page.screenshot({ path: test.info().outputPath('explain-nofit.png') });
  await panel.getByTestId('explain-close').click();
  await expect(panel).toHaveCount(0);
});
