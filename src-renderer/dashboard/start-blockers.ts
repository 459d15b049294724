/**
 * Why Start is disabled: the model's own errors, a settings field whose draft is not a valid value, and a model that
 * does not fit the dataset, each listed. Pure functions plus one small store of the fields' current problems.
 */
import { createStore } from 'zustand/vanilla';
import type { DatasetFacts, Diagnostic, Fix } from '../../src-engine';
import type { DatasetReportResult } from './payloads';

export interface NumberRules {
  min?: number;
  max?: number;
  /** Inclusive bounds unless told otherwise (learning rate > 0). */
  exclusiveMin?: boolean;
  integer?: boolean;
  /** Empty means null (e.g. the optimizer's default learning rate). */
  optional?: boolean;
}

/** Why a number field's text is not a valid value, or null. */
export function numberProblem(text: string, rules: NumberRules): string | null {
  if (text.trim() === '') return rules.optional ? null : 'Required';
  const v = Number(text);
  if (!Number.isFinite(v)) return 'Not a number';
  if (rules.integer && !Number.isInteger(v)) return 'Must be a whole number';
  if (rules.min !== undefined && (rules.exclusiveMin ? v <= rules.min : v < rules.min))
    return rules.exclusiveMin ? `Must be above ${rules.min}` : `At least ${rules.min}`;
  if (rules.max !== undefined && v > rules.max) return `At most ${rules.max}`;
  return null;
}

/** Each mounted settings field's problem ("Learning rate: At most 10"), by the field's id, in the order reported. */
export const fieldProblems = createStore<{ byField: Readonly<Record<string, string>> }>(() => ({ byField: {} }));

export function reportFieldProblem(fieldId: string, problem: string | null): void {
  const { byField } = fieldProblems.getState();
  if ((byField[fieldId] ?? null) === problem) return;
  const next = { ...byField };
  if (problem === null) delete next[fieldId];
  else next[fieldId] = problem;
  fieldProblems.setState({ byField: next });
}

/**
 * The report's facts when it describes the dataset that training would use (a report of a folder the user has since
 * left says nothing about the new one); null otherwise.
 */
export function datasetFactsOf(
  report: DatasetReportResult | null,
  datasetPath: string | null,
  samplePath: string | null,
): DatasetFacts | null {
  if (!report || report.path !== (datasetPath ?? samplePath)) return null;
  const r = report.report;
  return { classNames: r.classNames, imageSizes: r.imageSizes, otherSizes: r.otherSizes, colorModes: r.colorModes };
}

export interface StartBlockers {
  /** The editor's verdict on the model, null when it can be trained. */
  model: string | null;
  /** Why the model's input is not an image. */
  input: string | null;
  fields: readonly string[];
  /** Model-versus-dataset diagnostics; their errors block. */
  fit: readonly Diagnostic[];
}

/** One reason Start is disabled, with the one-click fixes where there are some (the Data tab's own). */
export interface StartBlocker {
  message: string;
  fixes: readonly Fix[];
}

/** Every reason Start is disabled, in the order to fix them; empty when training may start. */
export function startBlockerList(b: StartBlockers): StartBlocker[] {
  const list: StartBlocker[] = [];
  if (b.model) list.push({ message: b.model, fixes: [] });
  if (b.input) list.push({ message: b.input, fixes: [] });
  if (b.fields.length) list.push({ message: `Fix the settings first: ${b.fields.join('; ')}.`, fixes: [] });
  for (const d of b.fit) {
    if (d.severity !== 'error') continue;
    const fixes = d.fixes ?? [];
    list.push({ message: fixes.length ? d.message : `${d.message} Fix it in the model.`, fixes });
  }
  return list;
}

/** The reasons from `startBlockerList` in one line (the button's tooltip); null when training may start. */
export function startBlockedReason(list: readonly StartBlocker[]): string | null {
  return list.length ? list.map((x) => x.message).join(' ') : null;
}
