// Open on a TF.js or Keras model offers the import; Import… loads a model as a new, unsaved project titled by
// the model's name, with the import's notes in the notice bar.
import { describe, expect, it } from 'vitest';
import { kerasTutorialCnn, newProject, serializeProjectFile } from '../../src-engine';
import { FilterbankError, type FilterbankApi } from '../api';
import { createEditorStore } from '../editor/store/editor-store';
import { createMemoryPort } from '../editor/store/memory-port';
import { ModelFileRefusal, type ProjectPort } from '../editor/store/project-port';
import { createApiProjectPort } from './api-project-port';
import { createProjectController } from './project-controller';

const MODEL_PATH = '/root/tfjs/model.json';
const importedText = serializeProjectFile(newProject({ ...kerasTutorialCnn(), name: 'tutorial_cnn' }));

function setup(answer: boolean) {
  const store = createEditorStore();
  const imports: (string | undefined)[] = [];
  const confirms: string[] = [];
  const port: ProjectPort = {
    ...createMemoryPort().port,
    open: async () => {
      throw new ModelFileRefusal(
        'model.json is not a Filterbank project. This is a TF.js model: import it.',
        MODEL_PATH,
      );
    },
    importModel: async (path) => {
      imports.push(path);
      return { text: importedText, notes: ['drop: seed=7 is replaced by the training seed'] };
    },
  };
  const controller = createProjectController({
    store,
    port,
    askDiscard: async () => 'discard',
    confirmImport: async (message) => {
      confirms.push(message);
      return answer;
    },
  });
  return { store, controller, imports, confirms };
}

describe('importing a model', () => {
  it('turns an Open refused as a model file into an offer, and imports that same file when accepted', async () => {
    const { store, controller, imports, confirms } = setup(true);
    expect(await controller.open()).toBe(true);
    expect(confirms).toEqual(['model.json is not a Filterbank project. This is a TF.js model: import it.']);
    expect(imports).toEqual([MODEL_PATH]);
    const s = store.getState();
    expect(s.doc.graph.nodes).toHaveLength(kerasTutorialCnn().nodes.length);
    expect(Object.keys(s.doc.layout)).toHaveLength(kerasTutorialCnn().nodes.length);
    expect(s.project).toEqual({ path: null, title: 'tutorial_cnn' });
    expect(s.dirty).toBe(true);
    expect(s.notice?.text).toContain('drop: seed=7 is replaced by the training seed');
  });

  it('changes nothing when the offer is declined', async () => {
    const { store, controller, imports } = setup(false);
    await controller.newFromTemplate('lenet5');
    expect(await controller.open()).toBe(false);
    expect(imports).toEqual([]);
    expect(store.getState().project.title).toBe('LeNet-5');
  });

  it('Import… picks a model and opens it as a new unsaved project', async () => {
    const { store, controller, imports, confirms } = setup(true);
    expect(await controller.importModel()).toBe(true);
    expect(imports).toEqual([undefined]);
    expect(confirms).toEqual([]);
    expect(store.getState().project.title).toBe('tutorial_cnn');
    expect(store.getState().dirty).toBe(true);
  });
});

describe('the API port', () => {
  const calls: string[] = [];
  const api = {
    invoke: async (channel: string, args?: { path?: string; purpose?: string }) => {
      calls.push(`${channel} ${args?.path ?? args?.purpose ?? ''}`.trim());
      if (channel === 'app:info') return { capabilities: { nativeDialogs: true }, paths: { home: '/h', root: null } };
      if (channel === 'dialog:pick') return { path: MODEL_PATH };
      if (channel === 'model:import') return { project: JSON.parse(importedText), notes: ['a note'] };
      throw new FilterbankError({
        code: 'is-model-file',
        message: 'This is a TF.js model: import it.',
        hint: 'Use Import…',
      });
    },
    send: () => undefined,
  } as unknown as FilterbankApi;
  const port = createApiProjectPort(api, async () => null);

  it("turns project:open's 'is-model-file' into a ModelFileRefusal naming the file", async () => {
    const refusal = await port.open(MODEL_PATH).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ModelFileRefusal);
    expect(refusal).toMatchObject({ path: MODEL_PATH, message: 'This is a TF.js model: import it.' });
  });

  it("imports through the native dialog's 'import-model' purpose and model:import", async () => {
    calls.length = 0;
    expect(await port.importModel!()).toEqual({ text: JSON.stringify(JSON.parse(importedText)), notes: ['a note'] });
    expect(calls).toEqual(['app:info', 'dialog:pick import-model', `model:import ${MODEL_PATH}`]);
  });
});
