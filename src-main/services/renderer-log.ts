// app:log text comes from the page and goes to the terminal, where control characters (ANSI escapes, CR,
// C1 controls) could recolour, clear or rewrite it and bidi controls reorder it: such characters are shown by
// their code, a message stays on one line and every detail line is indented, so the page cannot forge a line.

const LINE_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/;

function isControl(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** One line of text with every control character written as its escape (`\x1b`, `\u202e`); tabs become spaces. */
export function escapeControls(line: string): string {
  let out = '';
  for (const char of line) {
    const code = char.codePointAt(0)!;
    if (code === 0x09) out += ' ';
    else if (!isControl(code)) out += char;
    else out += code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}

export function rendererLogLine(level: string, message: string, detail?: string): string {
  const head = `[renderer ${level}] ${message.split(LINE_BREAK).map(escapeControls).join(' ⏎ ')}`;
  if (!detail) return head;
  return [head, ...detail.split(LINE_BREAK).map((line) => `  | ${escapeControls(line)}`)].join('\n');
}
