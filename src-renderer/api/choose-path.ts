// Asking the user for a path the same way in both hosts: the native dialog in Electron, and in browser mode
// the UI's own path entry, which can browse the server's folders with files:list.
import type { DialogPurpose } from '../../src-shared';
import type { FilterbankApi } from './filterbank-api';

/** Shows the UI's server-side path picker; resolves to the chosen absolute path, or null if cancelled. */
export type ServerPathPrompt = (purpose: DialogPurpose, defaultPath?: string) => Promise<string | null>;

export async function choosePath(
  api: FilterbankApi,
  purpose: DialogPurpose,
  promptForServerPath: ServerPathPrompt,
  defaultPath?: string,
): Promise<string | null> {
  const info = await api.invoke('app:info');
  if (!info.capabilities.nativeDialogs) return promptForServerPath(purpose, defaultPath);
  const { path } = await api.invoke('dialog:pick', defaultPath ? { purpose, defaultPath } : { purpose });
  return path;
}
