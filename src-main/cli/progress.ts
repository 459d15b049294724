import type { BatchEndInfo } from '../../src-engine';

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** One progress line as Keras prints it: epoch, bar, batch, loss, accuracy, samples/s and ETA. */
export function formatProgress(info: BatchEndInfo, epochs: number, width = 24): string {
  const done = Math.round((info.batch / info.batchesPerEpoch) * width);
  const bar =
    '='.repeat(Math.max(0, done - 1)) + (done > 0 ? (done === width ? '=' : '>') : '') + ' '.repeat(width - done);
  return (
    `Epoch ${info.epoch + 1}/${epochs} [${bar}] ${info.batch}/${info.batchesPerEpoch}` +
    ` - loss: ${info.loss.toFixed(4)} - accuracy: ${info.accuracy.toFixed(4)}` +
    ` - ${Math.round(info.samplesPerSecond).toLocaleString('en-US')} samples/s - ETA ${formatDuration(info.etaSeconds)}`
  );
}

/** Redraws one line in place on a terminal; elsewhere prints at most one line every `intervalMs`. */
export class ProgressBar {
  private last = 0;
  private drawn = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly isTTY: boolean,
    private readonly intervalMs = 2000,
  ) {}

  update(line: string, force = false): void {
    const now = Date.now();
    if (this.isTTY) {
      if (!force && now - this.last < 100) return;
      this.write(`\r\x1b[2K${line}`);
      this.drawn = true;
    } else {
      if (!force && now - this.last < this.intervalMs) return;
      this.write(`${line}\n`);
    }
    this.last = now;
  }

  /** Leaves the current line as it is and moves on. */
  finishLine(line?: string): void {
    if (line !== undefined) this.update(line, true);
    if (this.isTTY && this.drawn) this.write('\n');
    this.drawn = false;
  }
}
