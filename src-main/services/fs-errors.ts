// Turns Node file-system errors into IpcErrors that say what went wrong and what to do about it.
import { FileTooLargeError, NotRegularFileError } from '../../src-engine/node';
import { IpcError } from '../../src-shared';

export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** `action` reads as a verb phrase: "open the project", "list the folder". */
export function fsError(error: unknown, action: string, path: string): IpcError {
  if (error instanceof IpcError) return error;
  if (error instanceof NotRegularFileError) {
    return new IpcError(
      'invalid-file',
      `Could not ${action}: ${path} is a ${error.kind}, not a regular file.`,
      'Pick a regular file.',
    );
  }
  if (error instanceof FileTooLargeError) {
    return new IpcError(
      'invalid-file',
      `Could not ${action}: ${error.message}.`,
      'Check that this is the file you meant.',
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  switch (errnoCode(error)) {
    case 'ENOENT':
      return new IpcError(
        'not-found',
        `Could not ${action}: ${path} does not exist.`,
        'Check the path, or pick it again.',
      );
    case 'ENOTDIR':
      return new IpcError(
        'not-found',
        `Could not ${action}: part of ${path} is a file, not a folder.`,
        'Check the path, or pick it again.',
      );
    case 'EISDIR':
      return new IpcError(
        'invalid-file',
        `Could not ${action}: ${path} is a folder, not a file.`,
        'Pick a file instead of a folder.',
      );
    case 'EACCES':
    case 'EPERM':
      return new IpcError(
        'io-error',
        `Could not ${action}: permission denied for ${path}.`,
        'Choose a location you have access to, or change its permissions.',
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new IpcError(
        'io-error',
        `Could not ${action}: the disk holding ${path} is full.`,
        'Free some disk space and try again.',
      );
    case 'EROFS':
      return new IpcError(
        'io-error',
        `Could not ${action}: ${path} is on a read-only file system.`,
        'Choose a writable location.',
      );
    case 'EMFILE':
    case 'ENFILE':
      return new IpcError(
        'io-error',
        `Could not ${action}: too many open files.`,
        'Close other programs and try again.',
      );
    default:
      return new IpcError('io-error', `Could not ${action} (${path}): ${message}`, null);
  }
}
