// Where and why a text is not JSON, without quoting it: V8's JSON.parse messages quote the text
// ("Unexpected token 'r', "root:x:0:0"... is not valid JSON"), which turns a parse error into a way to
// read any file the user can name. An iterative scan, so deeply nested input cannot overflow the stack.

export interface JsonSyntaxProblem {
  /** 1-based, counted in UTF-16 code units like the editors users will open the file in. */
  line: number;
  column: number;
  problem: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

type State = 'value' | 'first-element' | 'first-key' | 'key' | 'after';

/** The first syntax error in `text`, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  const n = text.length;
  const stack: string[] = [];
  let i = 0;
  let state: State = 'value';
  const at = (offset: number, problem: string): JsonSyntaxProblem => {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < offset; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    return { line, column: offset - lineStart + 1, problem };
  };
  const skipSpace = () => {
    while (i < n && ' \t\n\r'.includes(text[i]!)) i++;
  };
  // Returns an error, or null with i just past the closing quote.
  const string = (): JsonSyntaxProblem | null => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return null;
      }
      if (c < 0x20) return at(i, 'a control character (such as a line break) inside a string');
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return at(i, 'a \\u escape without four hex digits');
          i += 6;
        } else if (e !== undefined && ESCAPES.has(e)) i += 2;
        else return at(i, e === undefined ? 'the text ends inside a string' : 'an invalid escape sequence in a string');
      } else i++;
    }
    return at(n, 'the text ends inside a string');
  };

  for (;;) {
    skipSpace();
    if (state === 'after' && stack.length === 0)
      return i < n ? at(i, 'more text after the end of the JSON value') : null;
    if (i >= n) return at(n, 'the text ends too early (a value, bracket or brace is missing)');
    const c = text[i]!;
    if (state === 'first-element' && c === ']') {
      stack.pop();
      i++;
      state = 'after';
    } else if (state === 'first-key' && c === '}') {
      stack.pop();
      i++;
      state = 'after';
    } else if (state === 'first-key' || state === 'key') {
      if (c !== '"') return at(i, 'expected a property name in double quotes');
      const error = string();
      if (error) return error;
      skipSpace();
      if (text[i] !== ':') return at(i, 'expected a colon after the property name');
      i++;
      state = 'value';
    } else if (state === 'after') {
      const top = stack.at(-1);
      const close = top === '[' ? ']' : '}';
      if (c === ',') {
        i++;
        state = top === '[' ? 'value' : 'key';
      } else if (c === close) {
        stack.pop();
        i++;
      } else return at(i, `expected a comma or ${close === ']' ? 'a closing bracket' : 'a closing brace'}`);
    } else if (c === '[' || c === '{') {
      stack.push(c);
      i++;
      state = c === '[' ? 'first-element' : 'first-key';
    } else if (c === '"') {
      const error = string();
      if (error) return error;
      state = 'after';
    } else {
      const literal = LITERALS.find((l) => text.startsWith(l, i));
      NUMBER.lastIndex = i;
      const number = literal ? null : NUMBER.exec(text);
      if (!literal && !number) return at(i, 'an unexpected character where a value should be');
      i += literal ? literal.length : number![0].length;
      state = 'after';
    }
  }
}

/** "line 3, column 7: expected a comma or a closing brace", for errors about files; never quotes the text. */
export function describeJsonSyntaxError(text: string): string {
  const found = findJsonSyntaxError(text);
  return found ? `line ${found.line}, column ${found.column}: ${found.problem}` : 'the text is valid JSON';
}
