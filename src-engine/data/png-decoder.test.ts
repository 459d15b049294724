import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePngFast } from './png-decoder';
import { encodePng } from './png-encoder';
import type { RawImage } from './raw-image';
import { writeInflationBomb, writePng, type PngSpec } from './testing/png-writer';

const W = 7; // odd width: sub-byte rows end mid-byte
const H = 10; // ten rows: every filter type twice

/** sharp's (libpng's) reading of the file, as RGBA, the oracle. */
async function sharpRgba(png: Uint8Array): Promise<Uint8Array> {
  return sharp(png).ensureAlpha().toColourspace('srgb').raw().toBuffer();
}

function toRgba(img: RawImage): Uint8Array {
  const out = new Uint8Array(img.width * img.height * 4);
  for (let p = 0; p < img.width * img.height; p++) {
    const s = img.data.subarray(p * img.channels, (p + 1) * img.channels);
    if (img.channels <= 2) out.set([s[0], s[0], s[0], img.channels === 2 ? s[1] : 255], p * 4);
    else out.set([s[0], s[1], s[2], img.channels === 4 ? s[3] : 255], p * 4);
  }
  return out;
}

const spp = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;
const samples = (colorType: PngSpec['colorType'], depth: number, max = (1 << depth) - 1): number[] =>
  Array.from({ length: W * H * spp[colorType] }, (_, i) => (i * 37 + (i >> 3) * 11) % (max + 1));

const palette = Array.from(
  { length: 256 },
  (_, i) => [(i * 53) % 256, (i * 101) % 256, (255 - i) % 256] as [number, number, number],
);

const cases: Array<[string, PngSpec]> = [
  ...([1, 2, 4, 8] as const).map((depth): [string, PngSpec] => [
    `grey ${depth}-bit`,
    { width: W, height: H, colorType: 0, depth, samples: samples(0, depth) },
  ]),
  ...([1, 2, 4, 8] as const).map((depth): [string, PngSpec] => [
    `palette ${depth}-bit`,
    { width: W, height: H, colorType: 3, depth, samples: samples(3, depth), palette: palette.slice(0, 1 << depth) },
  ]),
  [
    'palette with tRNS (shorter than the palette)',
    {
      width: W,
      height: H,
      colorType: 3,
      depth: 4,
      samples: samples(3, 4),
      palette: palette.slice(0, 16),
      trns: [0, 64, 128, 200],
    },
  ],
  [
    'grey 4-bit with a tRNS colour key',
    { width: W, height: H, colorType: 0, depth: 4, samples: samples(0, 4), trns: [5] },
  ],
  [
    'RGB with a tRNS colour key',
    { width: W, height: H, colorType: 2, depth: 8, samples: samples(2, 8), trns: [111, 148, 185] },
  ],
  ['RGB', { width: W, height: H, colorType: 2, depth: 8, samples: samples(2, 8) }],
  ['grey+alpha', { width: W, height: H, colorType: 4, depth: 8, samples: samples(4, 8) }],
  ['RGBA', { width: W, height: H, colorType: 6, depth: 8, samples: samples(6, 8) }],
];

describe('decodePngFast', () => {
  it.each(cases)('matches libpng for %s, all five row filters', async (_name, spec) => {
    const png = writePng(spec);
    const img = decodePngFast(png, true);
    expect(img).toBeDefined();
    const rgba = toRgba(img!);
    expect([...rgba]).toEqual([...(await sharpRgba(png))]);
    if (spec.trns) expect(rgba.some((v, i) => i % 4 === 3 && v === 0)).toBe(true); // the key really hits pixels
  });

  it('matches libpng on files written by libpng with adaptive filtering', async () => {
    const data = Uint8Array.from({ length: 40 * 30 * 3 }, (_, i) =>
      Math.round(128 + 100 * Math.sin(i / 17) * Math.cos(i / 301)),
    );
    for (const options of [
      { adaptiveFiltering: true },
      { palette: true, colours: 12 },
      { palette: true, colours: 200 },
    ]) {
      const png = await sharp(data, { raw: { width: 40, height: 30, channels: 3 } })
        .png(options)
        .toBuffer();
      const img = decodePngFast(png, true);
      expect(img).toBeDefined();
      expect([...toRgba(img!)]).toEqual([...(await sharpRgba(png))]);
    }
  });

  it('round-trips our own encoder', () => {
    const pixels = Uint8Array.from({ length: 5 * 4 * 2 }, (_, i) => i * 6);
    expect([...decodePngFast(encodePng(pixels, 5, 4, 2), true)!.data]).toEqual([...pixels]);
  });

  it('leaves 16-bit, interlaced, ICC and EXIF-oriented files to sharp', async () => {
    const grey16 = await sharp(new Uint16Array(12), { raw: { width: 4, height: 3, channels: 1 } })
      .toColourspace('grey16')
      .png()
      .toBuffer();
    expect(decodePngFast(grey16, true)).toBeUndefined();
    const interlaced = await sharp(new Uint8Array(48), { raw: { width: 4, height: 4, channels: 3 } })
      .png({ progressive: true })
      .toBuffer();
    expect(decodePngFast(interlaced, true)).toBeUndefined();
    const spec: PngSpec = { width: 2, height: 2, colorType: 0, depth: 8, samples: [1, 2, 3, 4] };
    expect(decodePngFast(writePng({ ...spec, extra: [['iCCP', new Uint8Array(8)]] }), true)).toBeUndefined();
    const exif = writePng({ ...spec, extra: [['eXIf', new Uint8Array(8)]] });
    expect(decodePngFast(exif, true)).toBeUndefined();
    expect(decodePngFast(exif, false)).toBeDefined();
  });

  it('refuses data that inflates past what the header allows, without inflating it all', async () => {
    const inflated = 64 * 2 ** 20;
    const bomb = await writeInflationBomb(16, 16, inflated);
    expect(bomb.length).toBeLessThan(256 * 1024);
    // Peak resident memory: the decoder must stop at the 16 × 17 bytes a 16×16 grey image needs, not hold 64 MiB.
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    expect(() => decodePngFast(bomb, true)).toThrow(/inflates to more than the 272 bytes a 16×16 image needs/);
    expect(process.resourceUsage().maxRSS * 1024 - peakBefore).toBeLessThan(inflated / 4);
    // A file that holds exactly what its header declares still decodes.
    expect(decodePngFast(await writeInflationBomb(16, 16, 16 * 17), true)?.data).toEqual(new Uint8Array(256));
  });

  it('rejects corrupt data', () => {
    const png = Buffer.from(writePng({ width: W, height: H, colorType: 2, depth: 8, samples: samples(2, 8) }));
    png[png.length - 20] ^= 0xff; // inside IDAT: CRC mismatch
    expect(() => decodePngFast(png, true)).toThrow(/CRC/);
  });
});
