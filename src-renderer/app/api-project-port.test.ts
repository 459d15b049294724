import { describe, expect, it } from 'vitest';
import { FilterbankError, type FilterbankApi } from '../api';
import { createApiProjectPort } from './api-project-port';

/** A FilterbankApi double answering the project channels from a Map of files, recording every call. */
function fakeApi(nativeDialogs: boolean, pick: string | null = '/home/me/picked.json') {
  const files = new Map<string, unknown>();
  // The services keep the recent list (in Electron it is what may be reopened).
  const recent: { path: string; openedAt: string }[] = [];
  const recovery = new Map<string, { documentPath: string | null; project: unknown }>();
  const calls: string[] = [];
  const sent: unknown[] = [];
  const invoke = async (channel: string, args?: Record<string, unknown>): Promise<unknown> => {
    calls.push(`${channel} ${JSON.stringify(args ?? null)}`);
    switch (channel) {
      case 'app:info':
        return {
          capabilities: { nativeDialogs },
          paths: { home: '/home/me', root: nativeDialogs ? null : '/srv/work', recovery: '/r' },
        };
      case 'dialog:pick':
        return { path: pick };
      case 'project:open': {
        const project = files.get(args?.path as string);
        if (project === undefined)
          throw new FilterbankError({
            code: 'not-found',
            message: `${args?.path} does not exist.`,
            hint: 'Check the path.',
          });
        return { path: args?.path, project, modifiedAt: 'now', recovery: null };
      }
      case 'project:save':
        files.set(args?.path as string, args?.project);
        recent.unshift({ path: args?.path as string, openedAt: '2025-01-02T00:00:00.000Z' });
        return { path: args?.path, savedAt: 'now', bytes: 1 };
      case 'project:listRecent':
        return { entries: recent };
      case 'project:autosave': {
        const id = `r${recovery.size}`;
        recovery.set(id, { documentPath: args?.documentPath as string | null, project: args?.project });
        return {
          id,
          documentPath: args?.documentPath,
          savedAt: '2025-01-01T00:00:00.000Z',
          path: `/r/${id}.json`,
          bytes: 1,
        };
      }
      case 'project:listRecovery':
        return {
          entries: [...recovery.entries()].reverse().map(([id, r]) => ({
            id,
            documentPath: r.documentPath,
            savedAt: '2025-01-01T00:00:00.000Z',
            path: `/r/${id}.json`,
            bytes: 1,
          })),
        };
      case 'project:openRecovery': {
        const r = recovery.get(args?.id as string);
        return {
          entry: {
            id: args?.id,
            documentPath: r?.documentPath ?? null,
            savedAt: '2025-01-01T00:00:00.000Z',
            path: '/r',
            bytes: 1,
          },
          project: r?.project,
        };
      }
      case 'project:discardRecovery':
        return { discarded: recovery.delete(args?.id as string) };
      default:
        throw new Error(`unexpected ${channel}`);
    }
  };
  const api = {
    transport: 'websocket',
    invoke,
    send: (_c: string, a: unknown) => sent.push(a),
  } as unknown as FilterbankApi;
  return { api, files, recovery, calls, sent };
}

describe('createApiProjectPort', () => {
  it(
    'saves as through the server path prompt (suggesting the ' +
      'browser-mode root), reopens, and lists recent files from the services',
    async () => {
      const f = fakeApi(false);
      const prompts: unknown[] = [];
      const port = createApiProjectPort(f.api, async (purpose, defaultPath) => {
        prompts.push([purpose, defaultPath]);
        return '/data/a.filterbank.json';
      });
      const text = JSON.stringify({
        format: 'filterbank-project',
        version: 1,
        graph: { name: 'm', nodes: [] },
        extra: { kept: true },
      });
      expect(await port.saveAs(text, 'm.filterbank.json')).toBe('/data/a.filterbank.json');
      expect(prompts).toEqual([['save-project', '/srv/work/m.filterbank.json']]);
      const opened = await port.open('/data/a.filterbank.json');
      expect(JSON.parse(opened?.text ?? '')).toEqual(JSON.parse(text));
      expect(await port.listRecent()).toEqual([
        { path: '/data/a.filterbank.json', title: 'a.filterbank.json', openedAt: '2025-01-02T00:00:00.000Z' },
      ]);
      expect(f.calls.at(-1)).toBe('project:listRecent null');
    },
  );

  it('uses the native dialog where there is one, and a cancelled dialog is null', async () => {
    const f = fakeApi(true, null);
    const port = createApiProjectPort(f.api, async () => '/never');
    expect(await port.open()).toBeNull();
    expect(f.calls.some((c) => c.startsWith('dialog:pick {"purpose":"open-project"}'))).toBe(true);
  });

  it('turns service errors into one readable sentence with the hint', async () => {
    const f = fakeApi(true);
    const port = createApiProjectPort(f.api, async () => null);
    await expect(port.open('/gone.json')).rejects.toThrow('/gone.json does not exist. Check the path.');
  });

  it('autosaves, offers the newest recovery copy and discards the copies it made', async () => {
    const f = fakeApi(true);
    const port = createApiProjectPort(f.api, async () => null);
    const text = JSON.stringify({ graph: { nodes: [] } });
    await port.autosave({ text, path: null, savedAt: 'x' });
    const record = await port.loadAutosave();
    expect(record).toEqual({ text, path: null, savedAt: '2025-01-01T00:00:00.000Z' });
    await port.clearAutosave();
    expect(f.recovery.size).toBe(0);
    port.projectChanged('m', true);
    expect(f.sent).toEqual([{ title: 'm', dirty: true }]);
  });
});
