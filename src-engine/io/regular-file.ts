// Reads a file the user named only if it is a regular file of a sane size. Opening is non-blocking, so a FIFO
// cannot stall the thread pool (a blocking open of a FIFO waits for a writer forever), and the checks run on
// the opened descriptor, so a path swapped between check and read cannot slip through.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export type NonRegularKind = 'folder' | 'named pipe (FIFO)' | 'device' | 'socket' | 'special file';

/** Thrown for a path that is not a regular file; `code` lets error mappers tell it from Node's own errors. */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREGULAR';
  constructor(
    readonly path: string,
    readonly kind: NonRegularKind,
  ) {
    super(`${path} is a ${kind}, not a regular file`);
    this.name = 'NotRegularFileError';
  }
}

/** Thrown for a regular file above the caller's size limit. */
export class FileTooLargeError extends Error {
  readonly code = 'EFILETOOLARGE';
  constructor(
    readonly path: string,
    readonly size: number,
    readonly maxBytes: number,
  ) {
    super(`${path} is ${formatBytes(size)}, above the ${formatBytes(maxBytes)} limit`);
    this.name = 'FileTooLargeError';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** What a non-regular file is, from its stat or directory entry (both answer these questions). */
export function nonRegularKind(info: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}) {
  if (info.isDirectory()) return 'folder';
  if (info.isFIFO()) return 'named pipe (FIFO)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'device';
  if (info.isSocket()) return 'socket';
  return 'special file';
}

export interface OpenedRegularFile {
  handle: FileHandle;
  size: number;
  modifiedAt: Date;
}

/** Opens `path` for reading; throws NotRegularFileError / FileTooLargeError (after closing) or Node's errno errors. */
export async function openRegularFile(path: string, options: { maxBytes: number }): Promise<OpenedRegularFile> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new NotRegularFileError(path, nonRegularKind(info));
    if (info.size > options.maxBytes) throw new FileTooLargeError(path, info.size, options.maxBytes);
    return { handle, size: info.size, modifiedAt: info.mtime };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The whole content of a regular file of at most `maxBytes`, and its modification time. */
export async function readRegularFile(
  path: string,
  options: { maxBytes: number },
): Promise<{ bytes: Buffer; modifiedAt: Date }> {
  const { handle, size, modifiedAt } = await openRegularFile(path, options);
  try {
    const bytes = Buffer.alloc(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break; // the file shrank since fstat
      filled += bytesRead;
    }
    return { bytes: filled === size ? bytes : bytes.subarray(0, filled), modifiedAt };
  } finally {
    await handle.close();
  }
}
