import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEditorStore } from '../editor/store/editor-store';
import { createMemoryPort } from '../editor/store/memory-port';
import { startAutosave } from './autosave';
import { createProjectController, type DiscardChoice } from './project-controller';

function setup(choice: DiscardChoice = 'cancel', paths: (string | null)[] = ['/p/a.filterbank.json']) {
  const store = createEditorStore();
  const queue = [...paths];
  const mem = createMemoryPort({ choosePath: () => (queue.length ? (queue.shift() as string | null) : null) });
  const asked: string[] = [];
  const controller = createProjectController({
    store,
    port: mem.port,
    askDiscard: async (title, action) => {
      asked.push(`${title}: ${action}`);
      return choice;
    },
    confirmImport: async () => false,
  });
  return { store, mem, controller, asked };
}

describe('project controller', () => {
  it('saves as, reopens the same graph and lists it as recent', async () => {
    const { store, mem, controller } = setup('discard', ['/p/a.filterbank.json', '/p/a.filterbank.json']);
    await controller.newFromTemplate('small-resnet');
    store.getState().actions.setParams('n1', { filters: 8 });
    expect(await controller.saveAs()).toBe(true);
    expect(store.getState().dirty).toBe(false);
    expect(store.getState().project.title).toBe('a.filterbank.json');
    const saved = structuredClone(store.getState().doc);
    await controller.newProject();
    expect(store.getState().doc.graph.nodes).toHaveLength(0);
    expect(await controller.open()).toBe(true);
    expect(store.getState().doc.graph).toEqual(saved.graph);
    expect(store.getState().doc.layout).toEqual(saved.layout);
    expect((await controller.recent()).map((r) => r.title)).toEqual(['a.filterbank.json']);
    expect(mem.files.size).toBe(1);
  });

  it('never replaces unsaved work without asking, and cancel keeps it', async () => {
    const { store, controller, asked } = setup('cancel');
    await controller.newFromTemplate('lenet5');
    store.getState().actions.setParams('n1', { filters: 12 });
    expect(await controller.newProject()).toBe(false);
    expect(asked).toEqual(['LeNet-5: Starting a new project']);
    expect(store.getState().doc.graph.nodes).toHaveLength(9);
    expect(store.getState().dirty).toBe(true);
  });

  it('saves first when the person chooses save, and stays put when that save is cancelled', async () => {
    const { store, mem, controller } = setup('save', [null, '/p/b.json']);
    await controller.newFromTemplate('lenet5');
    store.getState().actions.setParams('n1', { filters: 12 });
    expect(await controller.newProject()).toBe(false);
    expect(store.getState().doc.graph.nodes).toHaveLength(9);
    expect(await controller.newProject()).toBe(true);
    expect(JSON.parse(mem.files.get('/p/b.json') as string).graph.nodes[1].params.filters).toBe(12);
  });

  it('reports a missing or damaged file and keeps the current project', async () => {
    const { store, mem, controller } = setup();
    await controller.newFromTemplate('lenet5');
    expect(await controller.open('/nowhere.json')).toBe(false);
    expect(store.getState().notice?.text).toBe(
      'Could not open /nowhere.json: There is no project at /nowhere.json: it may have been moved or deleted',
    );
    mem.files.set('/bad.json', '{"format":"filterbank-project","version":9}');
    expect(await controller.open('/bad.json')).toBe(false);
    expect(store.getState().notice?.text).toMatch(
      /^Could not open \/bad.json: The project was saved by a newer Filterbank/,
    );
    expect(store.getState().doc.graph.nodes).toHaveLength(9);
  });

  it('says a failed save once: a reason that already starts with "Could not" is not wrapped again', async () => {
    const { store, mem, controller } = setup('cancel', ['/p/x/a.filterbank.json', '/p/b.filterbank.json']);
    const reasons = [
      'Could not save the project: permission denied for /p/x/a.filterbank.json.',
      'The folder /p/x does not exist: create it with New folder or pick another.',
    ];
    mem.port.save = async () => {
      throw new Error(reasons.shift());
    };
    mem.port.saveAs = async (_text, name) => {
      const path = `/p/${name}`;
      await mem.port.save(path, '');
      return path;
    };
    expect(await controller.saveAs()).toBe(false);
    expect(store.getState().notice?.text).toBe(
      'Could not save the project: permission denied for /p/x/a.filterbank.json.',
    );
    expect(await controller.saveAs()).toBe(false);
    expect(store.getState().notice?.text).toBe(
      'Could not save the project: The folder /p/x does not exist: create it with New folder or pick another.',
    );
  });
});

describe('autosave', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes a recovery copy once after a burst of edits, and it restores as unsaved work', async () => {
    vi.useFakeTimers();
    const { store, mem, controller } = setup();
    await controller.newFromTemplate('keras-tutorial-cnn');
    const saves = vi.spyOn(mem.port, 'autosave');
    const stop = startAutosave(store, mem.port, { delayMs: 1000 });
    store.getState().actions.setParams('n6', { units: 32 });
    store.getState().actions.setParams('n6', { units: 48 });
    await vi.advanceTimersByTimeAsync(999);
    expect(saves).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(saves).toHaveBeenCalledTimes(1);
    const record = mem.autosaved();
    expect(record?.path).toBeNull();
    stop();

    const other = setup();
    expect(other.controller.restore(record as NonNullable<typeof record>)).toBe(true);
    expect(other.store.getState().doc.graph.nodes[6].params.units).toBe(48);
    expect(other.store.getState().dirty).toBe(true);
  });

  it('does not write when nothing is unsaved', async () => {
    vi.useFakeTimers();
    const { store, mem } = setup();
    const saves = vi.spyOn(mem.port, 'autosave');
    const stop = startAutosave(store, mem.port, { delayMs: 10 });
    store.getState().actions.newFromTemplate('lenet5');
    await vi.advanceTimersByTimeAsync(50);
    expect(saves).not.toHaveBeenCalled();
    stop();
  });
});
