import { afterAll, describe, expect, it } from 'vitest';
import { openDawnHarness } from './harness/dawn-node';
import { describeWebGpuSuite } from './harness/webgpu-suite.test-support';

/**
 * The same WebGPU suite over Dawn's Node build (the `webgpu` package): the path the app's training worker and
 * the CLI take. Here that is Node through a private glibc (scripts/fetch-private-glibc.sh) on lavapipe; CI
 * fetches both, so there a missing piece fails instead of skipping.
 */
const session = await openDawnHarness();
afterAll(() => (typeof session === 'string' ? undefined : session.close()));

describe.runIf(typeof session === 'string' && process.env.CI)('Dawn on CI', () => {
  it('runs (CI installs the private glibc and lavapipe)', () => {
    throw new Error(`the Dawn suite could not run on CI: ${String(session)}`);
  });
});
describeWebGpuSuite('Dawn (Node)', session);

describe.skipIf(typeof session === 'string')('a Dawn device from requestDawnDevice', () => {
  it('keeps working across garbage collections (Dawn tears a device down with its collected instance)', async () => {
    if (typeof session === 'string') return;
    const { gc, sums } = await session.call('deviceOutlivesGc', 25);
    expect(gc).toBe(true);
    expect(sums).toEqual(Array.from({ length: 25 }, (_, i) => 3 * i));
  });
});
