// Where per-user data (autosaves) lives when Electron's app.getPath('userData') is not available: the same
// folder Electron would use, so the desktop app and browser mode find each other's autosaves.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(
  appName = 'filterbank',
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), appName);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', appName);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), appName);
}
