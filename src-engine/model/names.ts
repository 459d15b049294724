/**
 * The rule for layer, block and model names, checked wherever a name enters Filterbank (project files, Keras and
 * TF.js imports, the editor). Keras 3 refuses '/' in names (TF.js weight names use it as the separator,
 * `conv2d/kernel`) and TF's op names allow letters, digits and `_ . - / >`; the intersection, without `>`, and starting
 * like a Python identifier (as the editor always required), is what every export can carry. The exporters still escape
 * names, because a project file from elsewhere must not be trusted.
 */
export const MAX_NAME_LENGTH = 128;

export const NAME_RULE =
  `names use only letters, digits, '_', '.' and '-', starting with a letter or '_', at ` +
  `most ${MAX_NAME_LENGTH} characters`;

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ALLOWED = /[A-Za-z0-9_.-]/;

/** A name as messages show it: quoted, with control characters and line separators escaped, shortened when long. */
export function quoteName(name: string): string {
  const shown = name.length > 60 ? `${name.slice(0, 57)}…` : name;
  return JSON.stringify(shown).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function describeCharacter(c: string): string {
  const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  if (c === ' ') return `a space (${code})`;
  if (c === '\n') return `a line break (${code})`;
  if (/^[\x21-\x7e]$/.test(c)) return `'${c}'`;
  return code;
}

/** Why `name` cannot name a layer, block or model, or null when it can. `what` says which, e.g. "layer name". */
export function nameRuleProblem(name: string, what = 'name'): string | null {
  if (NAME_PATTERN.test(name) && name.length <= MAX_NAME_LENGTH) return null;
  if (name.length === 0) return `the ${what} is empty: ${NAME_RULE}`;
  if (name.length > MAX_NAME_LENGTH)
    return `the ${what} ${quoteName(name)} has ${name.length} characters: ${NAME_RULE}`;
  const chars = [...name];
  if (!/[A-Za-z_]/.test(chars[0]))
    return `the ${what} ${quoteName(name)} starts with ${describeCharacter(chars[0])}: ${NAME_RULE}`;
  const at = chars.findIndex((c) => !ALLOWED.test(c));
  return `the ${what} ${quoteName(name)} has ${describeCharacter(chars[at])} at position ${at + 1}: ${NAME_RULE}`;
}
