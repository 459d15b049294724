import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHost, trustedSender, type TestHost } from '../ipc/test-services';

let host: TestHost;
beforeAll(async () => (host = await createTestHost()));
afterAll(() => host.dispose());

/** What the terminal receives for one app:log message from the page. */
function logged(message: string, detail?: string): string {
  expect(
    host.router.handleSend(
      'app:log',
      { level: 'error', message, ...(detail !== undefined ? { detail } : {}) },
      trustedSender,
    ),
  ).toBeNull();
  return host.logs.at(-1)!;
}

// Anything a terminal would act on: C0 controls but for the newline the log adds itself, DEL, C1 controls,
// and the bidi controls that reorder what is shown.
const TERMINAL_CONTROLS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;

describe('app:log from the page', () => {
  it('shows ANSI escape sequences as text instead of sending them to the terminal', () => {
    const line = logged('\u001b[2J\u001b[31mred alert\u001b[0m', '\u009b1;1H\u001b]0;new title\u0007');
    expect(line).not.toMatch(TERMINAL_CONTROLS);
    expect(line).toBe('[renderer error] \\x1b[2J\\x1b[31mred alert\\x1b[0m\n  | \\x9b1;1H\\x1b]0;new title\\x07');
  });

  it('cannot forge a log line: a message stays on one line, and every detail line is indented under it', () => {
    const line = logged(
      'saved\n[main] Server stopped.\r[main] Token: x',
      'at f (a.ts:1)\r\n[main] fake line\u2028also\u0085this',
    );
    expect(line).not.toMatch(TERMINAL_CONTROLS);
    const lines = line.split('\n');
    expect(lines[0]).toBe('[renderer error] saved ⏎ [main] Server stopped. ⏎ [main] Token: x');
    expect(lines.slice(1)).toEqual(['  | at f (a.ts:1)', '  | [main] fake line', '  | also', '  | this']);
  });

  it('shows bidi overrides and other invisible controls by their code', () => {
    const line = logged('file\u202Egnp.exe\u2066x\u2069 tab\there\u0000nul\u007f');
    expect(line).not.toMatch(TERMINAL_CONTROLS);
    expect(line).toBe('[renderer error] file\\u202egnp.exe\\u2066x\\u2069 tab here\\x00nul\\x7f');
  });

  it('keeps ordinary text, including non-Latin letters and emoji, as it is', () => {
    expect(logged('Trained 3 epochs: accuracy 97.2 % — ünïcode 数字 ✓ 🎉', 'plain detail')).toBe(
      '[renderer error] Trained 3 epochs: accuracy 97.2 % — ünïcode 数字 ✓ 🎉\n  | plain detail',
    );
  });
});
