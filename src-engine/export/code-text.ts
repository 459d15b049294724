// Free text from a project (names, class names) as generated code may carry it. Names are validated where a project
// enters Filterbank, but a file from elsewhere must not be trusted, so nothing here relies on that.

/** Line breaks (including U+0085, U+2028 and U+2029), other control and format characters, and lone surrogates. */
const UNSAFE_IN_COMMENT = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]+/gu;

/**
 * Text for a line or block comment: one line (every break or control character becomes a space, so nothing can
 * end a `//` or `#` comment early, nor reorder it with bidi
 * controls), and `*\/` split so it cannot end a block comment.
 */
export function commentText(text: string): string {
  return text.replace(UNSAFE_IN_COMMENT, ' ').replace(/\*\//g, '* /');
}

/**
 * A TypeScript literal of a JSON value: JSON.stringify, plus U+2028/U+2029, which TypeScript refuses inside strings.
 */
export function tsLiteral(value: unknown): string {
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}
