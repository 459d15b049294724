// Crash-safe file replacement: write a temp file beside the target, fsync it, rename it over the target,
// fsync the folder. A crash at any point leaves either the old file or the new one, never a mix; stale
// temp files from a crashed writer are removed by the next write to the same target.
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { errnoCode } from './fs-errors';

export type FileContent = string | Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

const TEMP_SUFFIX = '.tmp';

function tempPrefix(target: string): string {
  return `.${basename(target)}.`;
}

function tempPathFor(target: string): string {
  return join(dirname(target), `${tempPrefix(target)}${process.pid}-${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

/** Temp files left by writers that no longer run (a crash mid-write). */
export async function staleTempFiles(target: string): Promise<string[]> {
  const prefix = tempPrefix(target);
  let names: string[];
  try {
    names = await readdir(dirname(target));
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX))
    .filter((name) => {
      const pid = Number.parseInt(name.slice(prefix.length).split('-')[0] ?? '', 10);
      return Number.isFinite(pid) && !isAlive(pid);
    })
    .map((name) => join(dirname(target), name));
}

async function* chunksOf(content: FileContent): AsyncIterable<Uint8Array> {
  if (typeof content === 'string') yield Buffer.from(content, 'utf8');
  else if (content instanceof Uint8Array) yield content;
  else yield* content;
}

async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open or fsync a directory; the rename is still atomic there.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export async function writeFileAtomic(target: string, content: FileContent): Promise<{ bytes: number }> {
  for (const stale of await staleTempFiles(target)) await unlink(stale).catch(() => undefined);

  let mode = 0o644;
  try {
    mode = (await stat(target)).mode & 0o777;
  } catch {
    // new file: default mode
  }

  const temp = tempPathFor(target);
  const handle = await open(temp, 'wx', mode);
  let bytes = 0;
  try {
    for await (const chunk of chunksOf(content)) {
      let offset = 0;
      while (offset < chunk.byteLength) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
        offset += bytesWritten;
      }
      bytes += chunk.byteLength;
    }
    await handle.sync();
    await handle.close();
    await rename(temp, target);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(target));
  return { bytes };
}
