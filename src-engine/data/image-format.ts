/** Image formats the dataset reads, recognised by content (magic bytes) and, for file discovery, by extension. */

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'bmp' | 'tiff';

export const IMAGE_FORMAT_NAMES: Record<ImageFormat, string> = {
  png: 'PNG',
  jpeg: 'JPEG',
  webp: 'WebP',
  gif: 'GIF',
  bmp: 'BMP',
  tiff: 'TIFF',
};

/** Lower-case extensions (with the dot) that mark a file as an image candidate; the content decides the format. */
export const IMAGE_EXTENSIONS: Readonly<Record<string, ImageFormat>> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.jpe': 'jpeg',
  '.jfif': 'jpeg',
  '.webp': 'webp',
  '.gif': 'gif',
  '.bmp': 'bmp',
  '.dib': 'bmp',
  '.tif': 'tiff',
  '.tiff': 'tiff',
};

/** The format an extension promises, matched case-insensitively; undefined for non-image extensions. */
export function formatFromExtension(fileName: string): ImageFormat | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return undefined;
  return IMAGE_EXTENSIONS[fileName.slice(dot).toLowerCase()];
}

export type SniffResult =
  { kind: 'supported'; format: ImageFormat } | { kind: 'unsupported'; name: string } | { kind: 'unknown' };

const ascii = (b: Uint8Array, at: number, s: string): boolean => {
  if (b.length < at + s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
};

const starts = (b: Uint8Array, sig: readonly number[]): boolean =>
  b.length >= sig.length && sig.every((v, i) => b[i] === v);

/** Image formats we recognise but do not read, so the report can name them instead of saying "not an image". */
function sniffUnsupported(b: Uint8Array): string | undefined {
  if (ascii(b, 4, 'ftyp')) {
    const brand = String.fromCharCode(...b.subarray(8, 12));
    if (/^(avif|avis)$/.test(brand)) return 'AVIF';
    if (/^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(brand)) return 'HEIF/HEIC';
    return undefined;
  }
  if (starts(b, [0x00, 0x00, 0x01, 0x00]) || starts(b, [0x00, 0x00, 0x02, 0x00])) return 'ICO/CUR';
  if (ascii(b, 0, '8BPS')) return 'Photoshop PSD';
  if (starts(b, [0xff, 0x0a]) || starts(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) return 'JPEG XL';
  if (starts(b, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || starts(b, [0xff, 0x4f, 0xff, 0x51])) return 'JPEG 2000';
  if (ascii(b, 0, '%PDF')) return 'PDF';
  if (ascii(b, 0, 'qoif')) return 'QOI';
  if (starts(b, [0x76, 0x2f, 0x31, 0x01])) return 'OpenEXR';
  if (b.length >= 2 && b[0] === 0x50 && b[1] >= 0x31 && b[1] <= 0x37) return 'Netpbm';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 512)).trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'SVG';
  return undefined;
}

export function sniffImageFormat(b: Uint8Array): SniffResult {
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'supported', format: 'png' };
  if (starts(b, [0xff, 0xd8, 0xff])) return { kind: 'supported', format: 'jpeg' };
  if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return { kind: 'supported', format: 'gif' };
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return { kind: 'supported', format: 'webp' };
  if (ascii(b, 0, 'BM') && b.length >= 18) return { kind: 'supported', format: 'bmp' };
  // Little- and big-endian TIFF, and BigTIFF.
  if (starts(b, [0x49, 0x49, 0x2a, 0x00]) || starts(b, [0x4d, 0x4d, 0x00, 0x2a]))
    return { kind: 'supported', format: 'tiff' };
  if (starts(b, [0x49, 0x49, 0x2b, 0x00]) || starts(b, [0x4d, 0x4d, 0x00, 0x2b]))
    return { kind: 'supported', format: 'tiff' };
  const name = sniffUnsupported(b);
  return name ? { kind: 'unsupported', name } : { kind: 'unknown' };
}
