import { nameRuleProblem, quoteName } from '../model/names';

/** One file of an export, relative to the export folder; text is written as UTF-8. */
export type ExportFile = { path: string; text: string } | { path: string; bytes: Uint8Array };

export interface ExportResult {
  files: ExportFile[];
  /** Harmless differences the user should know about (e.g. preprocessing guessed from the input shape). */
  notes: string[];
}

/** The export formats, by the names the IPC contract, the app and exportModel use. */
export const EXPORT_FORMATS = ['project', 'tfjs', 'typescript', 'keras'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The CLI's --format names (short, as scripts already type them), each an alias of one export format. */
export const EXPORT_FORMAT_ALIASES = {
  tfjs: 'tfjs',
  ts: 'typescript',
  keras: 'keras',
  json: 'project',
} as const satisfies Record<string, ExportFormat>;

/** A model that cannot be exported in the requested format; `layer` names the layer at fault when there is one. */
export class ExportError extends Error {
  /** Null also when the layer's name breaks the name rule: the message then quotes it escaped, never raw. */
  readonly layer: string | null;
  constructor(message: string, layer: string | null = null) {
    const shown = layer !== null && nameRuleProblem(layer) ? quoteName(layer) : layer;
    super(shown ? `${shown}: ${message}` : message);
    this.layer = shown === layer ? layer : null;
    this.name = 'ExportError';
  }
}

export function fileBytes(file: ExportFile): Uint8Array {
  return 'bytes' in file ? file.bytes : new TextEncoder().encode(file.text);
}
