// An error notice says something is wrong now: once the same thing works again it goes, and a later notice about
// something else is not dismissed by that success.
import { describe, expect, it, vi } from 'vitest';
import { createEditorStore } from '../editor/store/editor-store';
import { createMemoryPort } from '../editor/store/memory-port';
import { startAutosave } from './autosave';

describe('notices', () => {
  it("autosave's failure notice goes when a later autosave succeeds", async () => {
    vi.useFakeTimers();
    const store = createEditorStore();
    const mem = createMemoryPort();
    const saves = vi.spyOn(mem.port, 'autosave').mockRejectedValueOnce(new Error('The connection was lost'));
    const stop = startAutosave(store, mem.port, { delayMs: 10 });
    store.getState().actions.newFromTemplate('lenet5');
    store.getState().actions.setModelName('a');
    await vi.advanceTimersByTimeAsync(20);
    expect(store.getState().notice).toMatchObject({ kind: 'error', text: expect.stringMatching(/^Autosave failed/) });
    store.getState().actions.setModelName('b');
    await vi.advanceTimersByTimeAsync(20);
    expect(saves).toHaveBeenCalledTimes(2);
    expect(store.getState().notice).toBeNull();
    stop();
    vi.useRealTimers();
  });

  it('a success does not close a newer notice about something else', async () => {
    vi.useFakeTimers();
    const store = createEditorStore();
    const mem = createMemoryPort();
    vi.spyOn(mem.port, 'autosave').mockRejectedValueOnce(new Error('The connection was lost'));
    const stop = startAutosave(store, mem.port, { delayMs: 10 });
    store.getState().actions.newFromTemplate('lenet5');
    store.getState().actions.setModelName('a');
    await vi.advanceTimersByTimeAsync(20);
    store.getState().actions.notify('Expand the block to connect to the layers inside it', 'error');
    store.getState().actions.setModelName('b');
    await vi.advanceTimersByTimeAsync(20);
    expect(store.getState().notice?.text).toBe('Expand the block to connect to the layers inside it');
    stop();
    vi.useRealTimers();
  });
});
