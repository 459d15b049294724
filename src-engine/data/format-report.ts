/** Plain-text rendering of a dataset report, for the CLI and logs. */
import { SKIP_REASON_LABELS } from './errors';
import { IMAGE_FORMAT_NAMES } from './image-format';
import type { DatasetReport, FileRef } from './report';

export interface FormatReportOptions {
  /** Entries shown per list (skipped files, duplicates, ignored files) before "… and N more". Default 20. */
  maxListed?: number;
}

const n = (v: number): string => v.toLocaleString('en-US');
const mib = (b: number): string => `${(b / (1024 * 1024)).toFixed(b < 10 * 1024 * 1024 ? 1 : 0)} MiB`;
const pad = (s: string, w: number): string => s.padEnd(w);
const lpad = (s: string, w: number): string => s.padStart(w);
const count = (v: number, one: string, many = `${one}s`): string => `${n(v)} ${v === 1 ? one : many}`;

function listed<T>(items: readonly T[], max: number, line: (t: T) => string): string[] {
  const out = items.slice(0, max).map((t) => `  ${line(t)}`);
  if (items.length > max) out.push(`  … and ${n(items.length - max)} more`);
  return out;
}

const where = (f: FileRef, twoFolders: boolean): string =>
  twoFolders ? `[${f.folder}] ${f.relativePath}` : f.relativePath;

export function formatDatasetReport(r: DatasetReport, o: FormatReportOptions = {}): string {
  const max = o.maxListed ?? 20;
  const two = r.validationDirectory !== undefined;
  const p = r.preprocessing;
  const t = r.totals;
  const out: string[] = [];
  out.push(`Dataset ${r.directory}${two ? `\nValidation ${r.validationDirectory}` : ''}`);
  const splitText =
    r.split.mode === 'folder'
      ? 'validation from its own folder'
      : r.split.mode === 'fraction'
        ? `${Math.round(r.split.fraction * 1000) / 10}% stratified validation split, seed ${r.split.seed}`
        : 'no validation set';
  out.push(
    `  ${n(r.classNames.length)} classes, ${n(t.usable)} usable images: ${n(t.train)} training, ` +
      `${n(t.validation)} validation (${splitText}); ${n(t.skipped)} skipped`,
  );
  const mode = { 1: 'grayscale', 3: 'RGB', 4: 'RGBA' }[p.channels];
  const flatten = p.channels === 4 ? '' : `, transparency over rgb(${p.background.join(', ')})`;
  out.push(
    `  Model input ${p.height}×${p.width}×${p.channels} (${mode}` +
      `), ${p.interpolation} resampling${flatten}, values x/255`,
  );
  out.push('');

  const nameWidth = Math.max(5, ...r.classes.map((c) => c.name.length));
  out.push(
    `  ${pad('Class', nameWidth)}  ${lpad('Train', 7)}  ` +
      `${lpad('Valid.', 7)}  ${lpad('Total', 7)}  ${lpad('Skipped', 7)}`,
  );
  for (const c of r.classes) {
    out.push(
      `  ${pad(c.name, nameWidth)}  ${lpad(n(c.train), 7)}  ${lpad(n(c.validation), 7)}  ${lpad(n(c.total), 7)}  ` +
        `${lpad(c.skipped ? n(c.skipped) : '', 7)}`,
    );
  }
  const im = r.imbalance;
  out.push(
    `  Imbalance: largest/smallest = ${im.ratio.toFixed(2)} ("${im.largest}" / "${im.smallest}"), warning from ` +
      `${im.threshold}${im.warning ? '  ⚠' : ''}`,
  );
  out.push('');

  const sizes = r.imageSizes.map((s) => `${s.width}×${s.height}: ${n(s.count)}`);
  if (r.otherSizes.distinct) sizes.push(`${n(r.otherSizes.distinct)} other sizes: ${n(r.otherSizes.count)}`);
  const sr = r.sizeRange;
  out.push(
    `  Image sizes: ${sizes.join(', ')}  (widths ${sr.minWidth}` +
      `–${sr.maxWidth}, heights ${sr.minHeight}–${sr.maxHeight})`,
  );
  out.push(`  Colour: ${r.colorModes.map((m) => `${m.mode} (${m.channels} ch) ${n(m.count)}`).join(', ')}`);
  out.push(`  Formats: ${r.formats.map((f) => `${IMAGE_FORMAT_NAMES[f.format]} ${n(f.count)}`).join(', ')}`);
  const m = r.memory;
  const cacheText =
    m.mode === 'cached'
      ? 'all decoded samples cached'
      : `streaming: ${n(m.cachedSamples)} of ${n(t.usable)} samples cached, the rest decoded each epoch`;
  out.push(
    `  Memory: ${mib(m.datasetBytes)} decoded (${n(m.sampleBytes)} B per sample), budget ${mib(m.budgetBytes)}; ` +
      `${cacheText}; ${m.workers ? `${m.workers} decode workers` : 'decoded in-process'}`,
  );

  if (r.warnings.length) out.push('', 'Warnings:', ...r.warnings.map((w) => `  ⚠ ${w}`));
  if (r.skipped.length) {
    out.push('', `Skipped files (${n(r.skipped.length)}):`);
    out.push(
      ...listed(r.skipped, max, (s) => `${pad(SKIP_REASON_LABELS[s.reason], 18)} ${where(s, two)}: ${s.message}`),
    );
  }
  if (r.extensionMismatches.length) {
    out.push('', `Extension does not match content, read by content (${n(r.extensionMismatches.length)}):`);
    out.push(
      ...listed(r.extensionMismatches, max, (x) => `${where(x, two)} is ${IMAGE_FORMAT_NAMES[x.detectedFormat]}`),
    );
  }
  const d = r.duplicates;
  if (d.groups.length) {
    out.push(
      '',
      `Duplicates: ${count(d.groups.length, 'set')} of identical files (` +
        `${count(d.extraCopies, 'extra copy', 'extra copies')})`,
    );
    out.push(
      ...listed(d.groups, max, (g) => {
        const flags = [g.conflictingLabels ? 'DIFFERENT CLASSES' : '', g.crossSplit ? 'train+validation' : '']
          .filter(Boolean)
          .join(', ');
        return `${g.files.map((f) => `${where(f, two)} (${f.split})`).join(' = ')}${flags ? `  [${flags}]` : ''}`;
      }),
    );
  }
  if (r.topLevelFiles.length) {
    out.push(
      '',
      `Ignored, not in a class folder (${n(r.topLevelFiles.length)}):`,
      ...listed(r.topLevelFiles, max, (f) => where(f, two)),
    );
  }
  if (r.otherFiles.length) {
    out.push(
      '',
      `Ignored, not an image extension (${n(r.otherFiles.length)}):`,
      ...listed(r.otherFiles, max, (f) => where(f, two)),
    );
  }
  if (r.unreadableFolders.length) {
    out.push(
      '',
      `Folders that could not be read (${n(r.unreadableFolders.length)}):`,
      ...listed(r.unreadableFolders, max, (u) => `[${u.folder}] ${u.path}: ${u.message}`),
    );
  }
  return out.join('\n');
}
