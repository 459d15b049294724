import { describe, expect, it } from 'vitest';
import { kerasTutorialCnn, newProject } from '../../src-engine';
import { FilterbankError, type FilterbankApi } from '../api';
import { createApiExportPort } from './export-port';

/** A FilterbankApi double with one existing export target; records the export:run calls. */
function fakeApi(existing: string, nativeDialogs = false) {
  const runs: { name: string; overwrite: boolean }[] = [];
  const invoke = async (channel: string, args?: Record<string, unknown>): Promise<unknown> => {
    if (channel === 'app:info')
      return { capabilities: { nativeDialogs }, paths: { home: '/h', root: nativeDialogs ? null : '/srv' } };
    if (channel === 'export:reveal') {
      const { path } = args as { path: string };
      throw new FilterbankError({
        code: 'path-not-allowed',
        message: `${path} was not exported.`,
        hint: 'Export again.',
      });
    }
    if (channel !== 'export:run') throw new Error(`unexpected ${channel}`);
    const { name, overwrite, directory } = args as { name: string; overwrite: boolean; directory: string };
    runs.push({ name, overwrite });
    if (name === 'denied')
      throw new FilterbankError({
        code: 'path-not-allowed',
        message: `${directory} is outside /srv.`,
        hint: 'Choose a folder in it.',
      });
    if (name === existing && !overwrite)
      throw new FilterbankError({
        code: 'confirm-overwrite',
        message: `${directory}/${name} already exists.`,
        hint: null,
        issues: [{ path: `${directory}/${name}/model.json`, message: 'would be replaced' }],
      });
    return { files: [`${directory}/${name}/model.json`] };
  };
  return { api: { transport: 'websocket', invoke } as unknown as FilterbankApi, runs };
}

const request = (name: string, overwrite = false) => ({
  format: 'tfjs' as const,
  directory: '/srv/out',
  name,
  project: newProject(kerasTutorialCnn()),
  overwrite,
});

describe('createApiExportPort', () => {
  it('answers an existing target with what exists (confirm-overwrite), and replaces it when told', async () => {
    const { api, runs } = fakeApi('cnn');
    const port = createApiExportPort(api, async () => null);
    expect(await port.run(request('cnn'))).toEqual({
      exists: '/srv/out/cnn already exists.',
      replaced: ['/srv/out/cnn/model.json'],
    });
    expect(await port.run(request('cnn', true))).toEqual({ files: ['/srv/out/cnn/model.json'] });
    expect(runs).toEqual([
      { name: 'cnn', overwrite: false },
      { name: 'cnn', overwrite: true },
    ]);
  });

  it('rejects any other refusal with one line: what went wrong, then what to do', async () => {
    const port = createApiExportPort(fakeApi('x').api, async () => null);
    await expect(port.run(request('denied'))).rejects.toThrow('/srv/out is outside /srv. Choose a folder in it.');
  });

  it('offers Show in folder only with native dialogs, and reports its refusal in one line', async () => {
    const port = createApiExportPort(fakeApi('x').api, async () => null);
    expect(await port.canReveal()).toBe(false);
    await expect(port.reveal('/etc/passwd')).rejects.toThrow('/etc/passwd was not exported. Export again.');
  });

  it('starts in the root, then in the folder last chosen this session', async () => {
    const answers = ['/srv/picked', null];
    const port = createApiExportPort(fakeApi('x').api, async () => answers.shift() ?? null);
    expect(await port.startFolder()).toBe('/srv');
    expect(await port.chooseFolder()).toBe('/srv/picked');
    expect(await port.chooseFolder('/srv/picked')).toBeNull();
    expect(await port.startFolder()).toBe('/srv/picked');
  });

  it('starts without a folder in the desktop app, which writes only where the user picked', async () => {
    const port = createApiExportPort(fakeApi('x', true).api, async () => null);
    expect(await port.startFolder()).toBeNull();
    expect(await port.canReveal()).toBe(true);
  });
});
