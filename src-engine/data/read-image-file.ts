// Reading an image file a user or a dataset folder named: only a regular file, and only up to the size limit, so a
// FIFO cannot block a decode worker forever and a huge file cannot be pulled into memory before it is judged.
import { FileTooLargeError, formatBytes, NotRegularFileError, readRegularFile } from '../io/regular-file';
import { ImageReadError } from './errors';
import { MAX_IMAGE_FILE_BYTES } from './raw-image';

/** The file's bytes; otherwise ImageReadError saying why, with `subject` ("it" in a report, or the path) as subject. */
export async function readImageFile(file: string, subject = 'it'): Promise<Uint8Array> {
  try {
    return (await readRegularFile(file, { maxBytes: MAX_IMAGE_FILE_BYTES })).bytes;
  } catch (e) {
    if (e instanceof NotRegularFileError)
      throw new ImageReadError('unreadable', `${subject} is a ${e.kind}, not a regular file`);
    if (e instanceof FileTooLargeError) {
      throw new ImageReadError(
        'unreadable',
        `${subject} is ${formatBytes(e.size)}, above the ${formatBytes(e.maxBytes)} limit for an image file`,
      );
    }
    throw new ImageReadError(
      'unreadable',
      `cannot read ${subject === 'it' ? 'the file' : subject}: ${(e as Error).message}`,
    );
  }
}
