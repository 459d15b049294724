/**
 * A PNG writer for tests that reaches the corners a real encoder rarely does: every colour type at every bit depth,
 * tRNS colour keys, and all five row filters in turn. Files are checked against sharp (libpng), not our decoder.
 */
import { once } from 'node:events';
import { crc32, createDeflate, deflateSync } from 'node:zlib';

export interface PngSpec {
  width: number;
  height: number;
  colorType: 0 | 2 | 3 | 4 | 6;
  depth: 1 | 2 | 4 | 8;
  /** Raw sample values (at `depth`), width × height × samples-per-pixel, rows top to bottom. */
  samples: number[];
  palette?: Array<[number, number, number]>;
  trns?: number[];
  /** Extra chunks (type, data) before IDAT, e.g. iCCP. */
  extra?: Array<[string, Uint8Array]>;
}

const SAMPLES = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function writePng(s: PngSpec): Uint8Array {
  const spp = SAMPLES[s.colorType];
  const rowBytes = Math.ceil((s.width * spp * s.depth) / 8);
  const bpp = Math.max(1, (spp * s.depth) / 8);
  const rows: Uint8Array[] = [];
  for (let y = 0; y < s.height; y++) {
    const row = new Uint8Array(rowBytes);
    for (let i = 0; i < s.width * spp; i++) {
      const v = s.samples[y * s.width * spp + i];
      const bit = i * s.depth;
      row[bit >> 3] |= v << (8 - s.depth - (bit & 7));
    }
    rows.push(row);
  }
  const filtered = Buffer.alloc(s.height * (rowBytes + 1));
  rows.forEach((row, y) => {
    const filter = y % 5;
    filtered[y * (rowBytes + 1)] = filter;
    for (let x = 0; x < rowBytes; x++) {
      const a = x >= bpp ? row[x - bpp] : 0;
      const b = y > 0 ? rows[y - 1][x] : 0;
      const c = x >= bpp && y > 0 ? rows[y - 1][x - bpp] : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      filtered[y * (rowBytes + 1) + 1 + x] = (row[x] - pred) & 0xff;
    }
  });
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(s.width, 0);
  ihdr.writeUInt32BE(s.height, 4);
  ihdr[8] = s.depth;
  ihdr[9] = s.colorType;
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  for (const [type, data] of s.extra ?? []) parts.push(chunk(type, data));
  if (s.palette) parts.push(chunk('PLTE', Uint8Array.from(s.palette.flat())));
  if (s.trns) {
    const bytes =
      s.colorType === 3 ? Uint8Array.from(s.trns) : Uint8Array.from(s.trns.flatMap((v) => [v >> 8, v & 0xff]));
    parts.push(chunk('tRNS', bytes));
  }
  parts.push(chunk('IDAT', deflateSync(filtered)), chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}

/**
 * A decompression bomb: a header declaring `width`×`height` 8-bit grey, and an IDAT stream of `inflatedBytes` zeros.
 * Deflated in 1 MiB steps, so building it costs the test none of the memory the decoder must not spend.
 */
export async function writeInflationBomb(
  width: number,
  height: number,
  inflatedBytes: number,
  interlace: 0 | 1 = 0,
): Promise<Uint8Array> {
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (c: Buffer) => parts.push(c));
  const ended = once(deflate, 'end');
  const block = Buffer.alloc(1 << 20);
  for (let left = inflatedBytes; left > 0; left -= block.length) {
    if (!deflate.write(block.subarray(0, Math.min(left, block.length)))) await once(deflate, 'drain');
  }
  deflate.end();
  await ended;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[12] = interlace;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.concat(parts)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
