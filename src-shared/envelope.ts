// Result envelopes and error shapes shared by every transport. Pure module (no Node, no Electron).
// Results travel as envelopes rather than thrown errors because Electron's ipcRenderer.invoke flattens a
// thrown error into a string; an envelope keeps the code, hint and issues intact on every transport.
import type { z } from 'zod';

export type IpcErrorCode =
  // the request itself
  | 'invalid-payload'
  | 'unknown-channel'
  | 'untrusted-sender'
  | 'malformed-message'
  | 'unauthorized'
  // the services
  | 'not-found'
  | 'path-not-allowed'
  | 'confirm-overwrite'
  | 'io-error'
  | 'invalid-file'
  | 'invalid-model'
  /** project:open was given a TF.js or Keras model: the app offers model:import instead. */
  | 'is-model-file'
  | 'invalid-dataset'
  | 'invalid-image'
  | 'unsupported'
  | 'unavailable'
  | 'busy'
  | 'invalid-state'
  | 'internal'
  // the transport, raised on the renderer side
  | 'disconnected'
  | 'connection-lost'
  | 'timeout';

export interface IpcIssue {
  path: string;
  message: string;
}

export interface IpcErrorShape {
  code: IpcErrorCode;
  /** What went wrong. */
  message: string;
  /** How to fix it, when there is something the user can do. */
  hint: string | null;
  issues?: IpcIssue[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcErrorShape };

/** Error thrown by services; the router turns it into an error envelope. */
export class IpcError extends Error {
  readonly code: IpcErrorCode;
  readonly hint: string | null;
  readonly issues: IpcIssue[] | undefined;

  constructor(code: IpcErrorCode, message: string, hint: string | null = null, issues?: IpcIssue[]) {
    super(message);
    this.name = 'IpcError';
    this.code = code;
    this.hint = hint;
    this.issues = issues;
  }

  toShape(): IpcErrorShape {
    return { code: this.code, message: this.message, hint: this.hint, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

/** The object the preload exposes as `window.filterbank` (untyped at this level: channels are checked there). */
export interface PreloadBridge {
  invoke(channel: string, payload: unknown): Promise<Envelope<unknown>>;
  send(channel: string, payload: unknown): void;
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

export const PRELOAD_BRIDGE_KEY = 'filterbank';

/** WebSocket close codes used by browser mode (4000–4999 is the application range). */
export const WS_CLOSE = {
  unauthorized: 4401,
  forbiddenOrigin: 4403,
  serverShutdown: 4000,
} as const;

/**
 * A schema failure as the issues of an error envelope: the router,
 * the socket session and the project-file service report them alike.
 */
export function zodIssues(error: z.ZodError): IpcIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(payload)',
    message: issue.message,
  }));
}
