/** One file of an export, relative to the export folder; text is written as UTF-8. */
export type ExportFile = { path: string; text: string } | { path: string; bytes: Uint8Array };

export interface ExportResult {
  files: ExportFile[];
  /** Harmless differences the user should know about (e.g. preprocessing guessed from the input shape). */
  notes: string[];
}

export const EXPORT_FORMATS = ['tfjs', 'ts', 'keras', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A model that cannot be exported in the requested format; `layer` names the layer at fault when there is one. */
export class ExportError extends Error {
  constructor(
    message: string,
    readonly layer: string | null = null,
  ) {
    super(layer ? `${layer}: ${message}` : message);
    this.name = 'ExportError';
  }
}

export function fileBytes(file: ExportFile): Uint8Array {
  return 'bytes' in file ? file.bytes : new TextEncoder().encode(file.text);
}
