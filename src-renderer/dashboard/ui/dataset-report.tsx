import { memo } from 'react';
import type { DatasetReport as Report } from '../payloads';
import { formatCount } from './format';

const MAX_LISTED = 50;

/** Class counts (with the imbalance warning), what was skipped and why, duplicates and the report's warnings. */
export const DatasetReport = memo(function DatasetReport({ report }: { report: Report }) {
  const largest = Math.max(1, ...report.classes.map((c) => c.total));
  const { totals, imbalance, duplicates } = report;
  return (
    <div className="report" data-testid="dataset-report">
      <p className="report__totals">
        <b>{formatCount(totals.usable)}</b> images in <b>{report.classes.length}</b> classes ·{' '}
        {formatCount(totals.train)} training · {formatCount(totals.validation)} validation
        {totals.skipped ? <span className="text-warning"> · {formatCount(totals.skipped)} skipped</span> : null}
        <span className="muted">
          {' '}
          · sizes {report.sizeRange.minWidth}–{report.sizeRange.maxWidth} × {report.sizeRange.minHeight}–
          {report.sizeRange.maxHeight} px
        </span>
      </p>
      {imbalance.warning ? (
        <p className="banner banner--warning small" data-testid="imbalance-warning">
          The classes are imbalanced: <b>{imbalance.largest}</b> has{' '}
          {Number.isFinite(imbalance.ratio) ? `${imbalance.ratio.toFixed(1)}×` : 'far'} as many images as{' '}
          <b>{imbalance.smallest}</b>. Accuracy then flatters the large classes; compare per-class recall after
          training, or add images to the small classes.
        </p>
      ) : null}
      <table className="class-table">
        <thead>
          <tr>
            <th>Class</th>
            <th className="num">Train</th>
            <th className="num">Val.</th>
            <th className="class-table__bar-col" />
          </tr>
        </thead>
        <tbody>
          {report.classes.map((c) => (
            <tr key={c.name}>
              <td className="mono">{c.name}</td>
              <td className="num mono">{formatCount(c.train)}</td>
              <td className="num mono">{formatCount(c.validation)}</td>
              <td>
                <div className="class-bar" title={`${c.total} usable${c.skipped ? `, ${c.skipped} skipped` : ''}`}>
                  <span className="class-bar__train" style={{ width: `${(c.train / largest) * 100}%` }} />
                  <span className="class-bar__val" style={{ width: `${(c.validation / largest) * 100}%` }} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.warnings.length ? (
        <ul className="report__warnings small">
          {report.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      {report.skipped.length ? (
        <details className="report__details" data-testid="skipped-files">
          <summary>
            {formatCount(report.skipped.length)} skipped file{report.skipped.length === 1 ? '' : 's'}
          </summary>
          <ul className="small">
            {report.skipped.slice(0, MAX_LISTED).map((f) => (
              <li key={f.path}>
                <span className="mono">{f.relativePath}</span> — {f.message}
              </li>
            ))}
            {report.skipped.length > MAX_LISTED ? (
              <li className="muted">…and {report.skipped.length - MAX_LISTED} more</li>
            ) : null}
          </ul>
        </details>
      ) : null}
      {duplicates.groups.length ? (
        <details className="report__details" data-testid="duplicates">
          <summary>
            {duplicates.extraCopies} duplicate cop{duplicates.extraCopies === 1 ? 'y' : 'ies'}
            {duplicates.conflictingGroups ? `, ${duplicates.conflictingGroups} with conflicting labels` : ''}
            {duplicates.crossSplitGroups ? `, ${duplicates.crossSplitGroups} in both training and validation` : ''}
          </summary>
          <ul className="small">
            {duplicates.groups.slice(0, MAX_LISTED).map((g) => (
              <li key={g.hash}>
                {g.files.map((f) => `${f.relativePath} (${f.className}, ${f.split})`).join(' = ')}
                {g.conflictingLabels ? <b className="text-error"> — different labels</b> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
});
