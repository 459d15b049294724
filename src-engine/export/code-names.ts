/** Variable names for layers in generated code: valid, unique identifiers close to the Keras layer name. */
export function variableNames(layerNames: readonly string[], reserved: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>(reserved);
  for (const name of layerNames) {
    let base = name.replace(/[^A-Za-z0-9_]/g, '_');
    if (/^[0-9]/.test(base) || base === '') base = `layer_${base}`;
    let candidate = base;
    for (let i = 1; used.has(candidate); i++) candidate = `${base}_${i}`;
    used.add(candidate);
    out.set(name, candidate);
  }
  return out;
}

/** Words a generated TypeScript variable may not take, plus the names the generated module itself uses. */
export const TS_RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends ' +
    'false finally for function if import in instanceof new null return super switch this ' +
    'throw true try typeof var void while with as implements interface let package private ' +
    'protected public static yield any boolean constructor declare get module require number ' +
    'set string symbol type from of await async tf model inputs outputs undefined NaN Infinity'
  ).split(' '),
);

/** Python keywords and builtins plus the names the generated script itself uses. */
export const PY_RESERVED = new Set(
  (
    'False None True and as assert async await break class continue def del elif else ' +
    'except finally for from global if import in is lambda nonlocal not or pass raise return ' +
    'try while with yield input print list dict set tuple id type len map filter sum min ' +
    'max range object tf keras layers np json os sys argparse inputs outputs model args x'
  ).split(' '),
);
