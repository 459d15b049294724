// image:read: the bytes of one image file for the renderer to show (a dataset sample, a misclassified image).
// Only files whose content is a supported image are read, so the channel cannot be used to read other files.
import { type ImageFormat, openRegularFile } from '../../src-engine/node';
import { IMAGE_FORMAT_NAMES, sniffImageFormat } from '../../src-engine';
import { IpcError, MAX_IMAGE_BYTES } from '../../src-shared';
import { fsError } from './fs-errors';

const MIME: Record<ImageFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tiff: 'image/tiff',
};

const SNIFF_BYTES = 512;

export async function readImageFile(path: string): Promise<{ mime: string; data: Uint8Array<ArrayBuffer> }> {
  let opened;
  try {
    // Non-blocking and regular files only: a FIFO would otherwise
    // hold a thread-pool slot and stall every later file call.
    opened = await openRegularFile(path, { maxBytes: Number.MAX_SAFE_INTEGER });
  } catch (error) {
    throw fsError(error, 'read the image', path);
  }
  const { handle, size } = opened;
  try {
    if (size > MAX_IMAGE_BYTES) {
      throw new IpcError(
        'invalid-image',
        `${path} is ${(size / 2 ** 20).toFixed(1)} MiB; images are read up to 50 MiB.`,
        'Use a smaller image.',
      );
    }
    const head = new Uint8Array(Math.min(SNIFF_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    const sniffed = sniffImageFormat(head);
    if (sniffed.kind !== 'supported') {
      const what =
        sniffed.kind === 'unsupported' ? `a ${sniffed.name} image, which Filterbank does not read` : 'not an image';
      throw new IpcError(
        'invalid-image',
        `${path} is ${what}.`,
        `Use a ${Object.values(IMAGE_FORMAT_NAMES).join(', ')} image.`,
      );
    }
    // A plain Uint8Array (not a Buffer): the WebSocket framing sends typed arrays as raw bytes.
    const data = new Uint8Array(size);
    const { bytesRead } = await handle.read(data, 0, size, 0);
    return { mime: MIME[sniffed.format], data: bytesRead === size ? data : data.slice(0, bytesRead) };
  } catch (error) {
    throw fsError(error, 'read the image', path);
  } finally {
    await handle.close();
  }
}
