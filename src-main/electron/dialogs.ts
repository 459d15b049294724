// Native file dialogs for the desktop app (browser mode has none and picks paths with files:list).
import { dialog, shell, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { DialogPurpose } from '../../src-shared';
import type { Dialogs } from '../app/services';
import { PROJECT_EXTENSION } from '../services/exports';

// 'json' rather than 'filterbank.json': macOS dialogs do not match extensions with a dot inside. project:save
// refuses any other name, so the label says the rule.
const PROJECT_FILTERS = [
  { name: `Filterbank project (*${PROJECT_EXTENSION})`, extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

const OPEN_OPTIONS: Record<Exclude<DialogPurpose, 'save-project'>, OpenDialogOptions> = {
  'open-project': { title: 'Open project', properties: ['openFile'], filters: PROJECT_FILTERS },
  'open-image-folder': { title: 'Open image folder (one subfolder per class)', properties: ['openDirectory'] },
  'choose-export-folder': { title: 'Choose export folder', properties: ['openDirectory', 'createDirectory'] },
  'import-model': {
    title: 'Import a TF.js model.json or a Keras topology JSON',
    properties: ['openFile'],
    filters: [
      { name: 'Model JSON (*.json)', extensions: ['json'] },
      { name: 'All files', extensions: ['*'] },
    ],
  },
};

export function electronDialogs(window: () => BrowserWindow | null): Dialogs {
  return {
    async pick(purpose, defaultPath) {
      const parent = window();
      const base = defaultPath ? { defaultPath } : {};
      if (purpose === 'save-project') {
        const options = { title: 'Save project', filters: PROJECT_FILTERS, ...base };
        const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      }
      const options = { ...OPEN_OPTIONS[purpose], ...base };
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    reveal: (path) => shell.showItemInFolder(path),
  };
}
