import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ParamSchema, ParamSpec } from '../../../src-engine';
import { checkParamText, controlFor, formatParamValue } from './param-text';

export type DraftValue = string | boolean;

/** The value a control shows for the stored parameter. */
export function controlValue(spec: ParamSpec, stored: unknown): DraftValue {
  const v = stored === undefined ? spec.default : stored;
  if (spec.kind === 'bool') return v === true;
  return controlFor(spec).kind === 'select' ? String(v) : formatParamValue(spec, v);
}

/**
 * Pending edits of one layer's parameters: what each field shows, which differ from the layer, which are
 * invalid, and the patch that applying them would make. Nothing reaches the graph until `apply`.
 */
export function useParamDrafts(
  schema: ParamSchema,
  params: Readonly<Record<string, unknown>>,
  commit: (patch: Record<string, unknown>) => void,
) {
  const [drafts, setDrafts] = useState<Record<string, DraftValue>>({});
  const state = useMemo(() => {
    const fields: Record<string, { value: DraftValue; changed: boolean; error: string | null }> = {};
    const patch: Record<string, unknown> = {};
    let invalid = 0;
    for (const [name, spec] of Object.entries(schema)) {
      const current = controlValue(spec, params[name]);
      const value = drafts[name] ?? current;
      const changed = value !== current;
      let error: string | null = null;
      if (changed) {
        if (typeof value === 'boolean') patch[name] = value;
        else {
          const r = checkParamText(spec, value);
          if ('error' in r) error = r.error;
          else patch[name] = r.value;
        }
      }
      if (error) invalid++;
      fields[name] = { value, changed, error };
    }
    return { fields, patch, invalid, pending: Object.keys(patch).length + invalid };
  }, [schema, params, drafts]);

  const latest = useRef({ state, commit });
  useEffect(() => {
    latest.current = { state, commit };
  });
  const apply = useCallback(() => {
    const { state: s, commit: c } = latest.current;
    if (s.invalid > 0 || Object.keys(s.patch).length === 0) return;
    latest.current = { state: { ...s, patch: {} }, commit: c };
    c(s.patch);
    setDrafts({});
  }, []);
  // Valid edits still pending when the inspector closes (another layer selected) are applied, not dropped.
  useEffect(
    () => () => {
      const { state: s, commit: c } = latest.current;
      if (s.invalid === 0 && Object.keys(s.patch).length > 0) c(s.patch);
    },
    [],
  );
  const set = useCallback((name: string, value: DraftValue) => setDrafts((d) => ({ ...d, [name]: value })), []);
  const revert = useCallback(() => setDrafts({}), []);
  return { ...state, set, apply, revert };
}
