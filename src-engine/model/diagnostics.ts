import type { Fix } from '../layers/types';

export type Severity = 'error' | 'warning' | 'info';

export type DiagnosticCode =
  | 'unknown-layer'
  | 'invalid-param'
  | 'shape'
  | 'arity'
  | 'missing-input-node'
  | 'cycle'
  | 'no-input'
  | 'disconnected'
  | 'unused-output'
  | 'duplicate-name'
  | 'duplicate-id'
  | 'output-rank'
  | 'too-large'
  | 'empty'
  /** The model against its dataset (dataset-fit.ts): output units vs classes, input vs the images. */
  | 'dataset-classes'
  | 'dataset-input';

/** A problem found in a model, located on the node and parameter that cause it. */
export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  nodeId?: string;
  /** The Keras layer name, for messages outside the editor. */
  layer?: string;
  param?: string;
  message: string;
  arithmetic?: string;
  fixes?: Fix[];
}
