/** A command-line mistake: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  /** 'flag' takes no value; others take one. */
  type: 'flag' | 'string' | 'int' | 'number';
  help: string;
}

export interface ParsedArgs {
  options: Record<string, string | number | boolean | undefined>;
  positionals: string[];
}

/** Parses `--name value`, `--name=value` and flags against a declared option table; unknown options are errors. */
export function parseArgs(argv: readonly string[], specs: Record<string, OptionSpec>, command: string): ParsedArgs {
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      if (arg !== '--') positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = specs[name];
    if (!spec)
      throw new UsageError(
        `${command}: unknown option --${name} (options: ${Object.keys(specs)
          .map((k) => `--${k}`)
          .join(', ')})`,
      );
    if (spec.type === 'flag') {
      if (eq >= 0) throw new UsageError(`${command}: --${name} takes no value`);
      options[name] = true;
      continue;
    }
    const raw = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (raw === undefined || (eq < 0 && raw.startsWith('--')))
      throw new UsageError(`${command}: --${name} needs a value`);
    if (spec.type === 'string') options[name] = raw;
    else {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || (spec.type === 'int' && !Number.isInteger(n))) {
        throw new UsageError(
          `${command}: --${name} must be ${spec.type === 'int' ? 'an integer' : 'a number'}, got '${raw}'`,
        );
      }
      options[name] = n;
    }
  }
  return { options, positionals };
}
