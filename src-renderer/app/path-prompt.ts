import type { DialogPurpose, ServerPathPrompt } from '../api';

export interface PathRequest {
  purpose: DialogPurpose;
  defaultPath?: string;
}

/**
 * The browser-mode stand-in for native open/save dialogs: `prompt` is what the API's choosePath calls, and the
 * PathPromptDialog renders whatever request is pending. Lives outside React so transports can hold it.
 */
export function createPathPrompt() {
  let pending: (PathRequest & { resolve(path: string | null): void }) | null = null;
  const listeners = new Set<() => void>();
  const emit = () => listeners.forEach((l) => l());
  const prompt: ServerPathPrompt = (purpose, defaultPath) =>
    new Promise((resolve) => {
      pending?.resolve(null);
      pending = { purpose, defaultPath, resolve };
      emit();
    });
  return {
    prompt,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    current: (): PathRequest | null => pending,
    answer(path: string | null) {
      const p = pending;
      pending = null;
      emit();
      p?.resolve(path);
    },
  };
}

export type PathPrompt = ReturnType<typeof createPathPrompt>;
