// model:import reads a TF.js model.json (weights from the shards beside it) or a Keras topology as a new project;
// project:open refuses those files with 'is-model-file' so the app can offer the import instead.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectWithWeights, sequentialCnn } from '../../src-engine/export/export-fixtures.test-support';
import { exportTfjs } from '../../src-engine/export/tfjs-export';
import { fileBytes } from '../../src-engine/export/types';
import { resolveReal } from '../services/path-policy';
import { createTestHost, type TestHost } from './test-services';

const hosts: TestHost[] = [];
let outside: string;
const host = async (options: Parameters<typeof createTestHost>[0] = {}) => {
  const h = await createTestHost(options);
  hosts.push(h);
  return h;
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as { code: string; message: string; hint: string | null },
  );
beforeAll(async () => {
  outside = await resolveReal(await mkdtemp(join(tmpdir(), 'filterbank-outside-')));
});
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.dispose();
});
afterAll(() => rm(outside, { recursive: true, force: true }));

/** Writes the TF.js export of a small CNN with weights into folder; returns the path of model.json. */
async function writeTfjsModel(folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  for (const file of exportTfjs(projectWithWeights(sequentialCnn(), 8)).files)
    await writeFile(join(folder, file.path), fileBytes(file));
  return join(folder, 'model.json');
}

const kerasTopology = {
  class_name: 'Sequential',
  config: {
    name: 'tiny_keras',
    layers: [
      { class_name: 'InputLayer', config: { batch_input_shape: [null, 8, 8, 1], name: 'input' } },
      { class_name: 'Flatten', config: { name: 'flatten' } },
      { class_name: 'Dropout', config: { name: 'drop', rate: 0.5, seed: 7 } },
      { class_name: 'Dense', config: { name: 'out', units: 3, activation: 'softmax' } },
    ],
  },
};

describe('model:import', () => {
  it('imports a TF.js model.json with the weights from the shards beside it', async () => {
    const h = await host({ dialogs: false });
    const path = await writeTfjsModel(join(h.dataDir, 'tfjs'));
    const result = (await h.call('model:import', { path })) as {
      project: { graph: { name: string; nodes: unknown[] }; weights: unknown; layout: Record<string, unknown> };
      notes: string[];
    };
    expect(result.project.graph.name).toBe('seq_cnn');
    expect(result.project.graph.nodes.length).toBe(sequentialCnn().nodes.length);
    expect(result.project.weights).not.toBeNull();
    expect(Object.keys(result.project.layout)).toHaveLength(sequentialCnn().nodes.length);
    expect(Array.isArray(result.notes)).toBe(true);
  });

  it('imports a Keras topology without weights and names what it could not keep in the notes', async () => {
    const h = await host({ dialogs: false });
    const path = join(h.dataDir, 'keras.json');
    await writeFile(path, JSON.stringify(kerasTopology));
    const result = (await h.call('model:import', { path })) as {
      project: { graph: { name: string; nodes: { className: string }[] }; weights: unknown };
      notes: string[];
    };
    expect(result.project.graph.name).toBe('tiny_keras');
    expect(result.project.graph.nodes.map((n) => n.className)).toEqual(['InputLayer', 'Flatten', 'Dropout', 'Dense']);
    expect(result.project.weights).toBeNull();
    expect(result.notes).toEqual(['drop: seed=7 is replaced by the training seed']);
  });

  it('refuses a JSON file that is no model, saying why in one line', async () => {
    const h = await host({ dialogs: false });
    const path = join(h.dataDir, 'settings.json');
    await writeFile(path, JSON.stringify({ theme: 'dark' }));
    const error = await failure(h.call('model:import', { path }));
    expect(error).toMatchObject({ code: 'invalid-model' });
    expect(error!.message).toContain('settings.json');
    expect(error!.message).not.toContain('\n');
  });

  it('refuses a path outside the browser-mode root before reading it', async () => {
    const h = await host({ dialogs: false });
    const path = await writeTfjsModel(join(outside, 'tfjs'));
    expect(await failure(h.call('model:import', { path }))).toMatchObject({ code: 'path-not-allowed' });
  });
});

describe('project:open of a model file', () => {
  it("refuses a TF.js model.json with 'is-model-file', saying to import it", async () => {
    const h = await host({ dialogs: false });
    const path = await writeTfjsModel(join(h.dataDir, 'tfjs'));
    const error = await failure(h.call('project:open', { path }));
    expect(error).toMatchObject({ code: 'is-model-file' });
    expect(error!.message).toContain('This is a TF.js model: import it');
  });

  it("refuses a Keras topology with 'is-model-file' too", async () => {
    const h = await host({ dialogs: false });
    const path = join(h.dataDir, 'keras.json');
    await writeFile(path, JSON.stringify(kerasTopology));
    expect(await failure(h.call('project:open', { path }))).toMatchObject({
      code: 'is-model-file',
      message: expect.stringContaining('This is a Keras model: import it'),
    });
  });
});
