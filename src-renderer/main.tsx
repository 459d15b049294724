// The renderer entry: connects to the services (preload bridge or browser-mode WebSocket) and mounts the editor.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectFilterbank } from './api';
import { App } from './app/app';
import { createDashboardStore, servicesFromApi } from './dashboard';
import { createApiProjectPort } from './app/api-project-port';
import { createApiExportPort } from './app/export-port';
import { createPathPrompt } from './app/path-prompt';
import { PathPromptDialog, promptFiles } from './app/path-prompt-dialog';
import { StatusBar } from './app/status-bar';
import { appThemeStore } from './common/theme';

// Before the first render, so a dark system never flashes the light theme.
appThemeStore();
const api = connectFilterbank();
const paths = createPathPrompt();
const port = createApiProjectPort(api, paths.prompt);
const exports = createApiExportPort(api, paths.prompt);
const dashboard = createDashboardStore(servicesFromApi(api, paths.prompt));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App
      port={port}
      statusBar={<StatusBar api={api} />}
      overlay={<PathPromptDialog prompt={paths} files={promptFiles(api)} />}
      guardUnload={api.transport === 'websocket'}
      dashboard={dashboard}
      exports={exports}
    />
  </StrictMode>,
);
