// Looks at an image folder laid out the Keras way (one subfolder per class, as image_dataset_from_directory
// expects) and reports what is in it. Decoding images into tensors is the engine's job (src-engine/data).
import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import sharp from 'sharp';
import { IpcError } from '../ipc/envelope';
import type { DatasetReport, DatasetSummary } from '../ipc/contract';
import { fsError } from './fs-errors';

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.bmp', '.gif', '.webp', '.tif', '.tiff'];
const LISTED_IGNORED = 50;
const LISTED_UNREADABLE = 100;
const METADATA_CONCURRENCY = 4;

interface Scan {
  summary: DatasetSummary;
  imagesByClass: string[][];
}

function isImage(name: string): boolean {
  return IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());
}

/** Every file below `dir`, like Keras' os.walk (hidden entries skipped). */
async function walk(dir: string, files: string[]): Promise<void> {
  for (const dirent of await readdir(dir, { withFileTypes: true })) {
    if (dirent.name.startsWith('.')) continue;
    const full = join(dir, dirent.name);
    if (dirent.isDirectory()) await walk(full, files);
    else if (dirent.isFile() || dirent.isSymbolicLink()) files.push(full);
  }
}

async function scan(root: string): Promise<Scan> {
  let dirents;
  try {
    if (!(await stat(root)).isDirectory()) {
      throw new IpcError('invalid-file', `${root} is a file, not a folder.`, 'Pick the folder that holds one subfolder per class.');
    }
    dirents = await readdir(root, { withFileTypes: true });
  } catch (error) {
    throw fsError(error, 'open the image folder', root);
  }
  const classDirs = dirents.filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort();
  const looseImages = dirents.filter((d) => d.isFile() && isImage(d.name)).length;
  const ignored: string[] = dirents.filter((d) => d.isFile() && !isImage(d.name) && !d.name.startsWith('.')).map((d) => d.name);

  const imagesByClass: string[][] = [];
  const classes: DatasetSummary['classes'] = [];
  for (const name of classDirs) {
    const files: string[] = [];
    try {
      await walk(join(root, name), files);
    } catch (error) {
      throw fsError(error, `read class folder ${name}`, join(root, name));
    }
    const images = files.filter(isImage).sort();
    for (const file of files) if (!isImage(file)) ignored.push(relative(root, file));
    imagesByClass.push(images);
    classes.push({ name, imageCount: images.length });
  }

  const problems: string[] = [];
  if (classes.length === 0) problems.push(`${root} has no subfolders: put the images of each class in its own subfolder (e.g. cats/, dogs/).`);
  else if (classes.length === 1) problems.push(`Only one class folder (${classes[0]!.name}); a classifier needs at least two.`);
  for (const c of classes) if (c.imageCount === 0) problems.push(`Class folder ${c.name} holds no images (${IMAGE_EXTENSIONS.join(' ')}).`);
  if (looseImages > 0) problems.push(`${looseImages} image(s) lie directly in ${root} and belong to no class; move them into a class subfolder.`);

  const imageCount = classes.reduce((sum, c) => sum + c.imageCount, 0);
  const ignoredFiles = ignored.slice(0, LISTED_IGNORED);
  if (ignored.length > LISTED_IGNORED) ignoredFiles.push(`… and ${ignored.length - LISTED_IGNORED} more`);
  return { summary: { path: root, classes, imageCount, ignoredFiles, problems }, imagesByClass };
}

export async function summariseImageFolder(root: string): Promise<DatasetSummary> {
  return (await scan(root)).summary;
}

/** Takes images round-robin across classes so a sample covers every class. */
function sampleAcrossClasses(imagesByClass: string[][], limit: number): string[] {
  const sample: string[] = [];
  for (let i = 0; sample.length < limit; i++) {
    let any = false;
    for (const images of imagesByClass) {
      if (i < images.length && sample.length < limit) {
        sample.push(images[i]!);
        any = true;
      }
    }
    if (!any) break;
  }
  return sample;
}

export async function reportImageFolder(root: string, sampleLimit: number): Promise<DatasetReport> {
  const { summary, imagesByClass } = await scan(root);
  const sample = sampleAcrossClasses(imagesByClass, sampleLimit);
  const widths: number[] = [];
  const heights: number[] = [];
  const channels: Record<string, number> = {};
  const formats: Record<string, number> = {};
  const unreadable: DatasetReport['unreadable'] = [];
  let unreadableCount = 0;

  let next = 0;
  const inspectNext = async (): Promise<void> => {
    while (next < sample.length) {
      const file = sample[next++]!;
      try {
        const meta = await sharp(file).metadata();
        if (!meta.width || !meta.height) throw new Error('no image dimensions in the file header');
        widths.push(meta.width);
        heights.push(meta.height);
        channels[String(meta.channels)] = (channels[String(meta.channels)] ?? 0) + 1;
        formats[meta.format ?? 'unknown'] = (formats[meta.format ?? 'unknown'] ?? 0) + 1;
      } catch (error) {
        unreadableCount++;
        if (unreadable.length < LISTED_UNREADABLE) unreadable.push({ path: relative(root, file), reason: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: METADATA_CONCURRENCY }, inspectNext));

  if (unreadableCount > 0) summary.problems.push(`${unreadableCount} of ${sample.length} inspected image(s) cannot be read; remove or re-export them.`);
  const range = (values: number[]) =>
    values.length ? { min: values.reduce((a, b) => Math.min(a, b)), max: values.reduce((a, b) => Math.max(a, b)) } : null;
  return { summary, inspected: sample.length, width: range(widths), height: range(heights), channels, formats, unreadable };
}
