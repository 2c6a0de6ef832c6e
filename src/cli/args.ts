// A small argument parser for the CLI: positional arguments, --options and one-letter -o options (as in
// `asm prog.asm -o prog.bin`), with clear errors.

export type OptionKind = 'string' | 'number' | 'boolean';

export interface ParsedArgs {
  positional: string[];
  options: Record<string, string | number | boolean | undefined>;
}

export function parseArgs(argv: string[], spec: Record<string, OptionKind>): ParsedArgs {
  const positional: string[] = [];
  const options: ParsedArgs['options'] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const short = /^-[a-zA-Z]$/.test(arg);
    if (!arg.startsWith('--') && !short) {
      positional.push(arg);
      continue;
    }
    const [name, inlineValue] = short ? [arg.slice(1), undefined] : arg.slice(2).split('=', 2);
    const kind = spec[name];
    if (!kind) throw new Error(`unknown option ${short ? '-' : '--'}${name}`);
    if (kind === 'boolean') {
      options[name] = true;
      continue;
    }
    const value = inlineValue ?? argv[++i];
    if (value === undefined) throw new Error(`${short ? '-' : '--'}${name} needs a value`);
    if (kind === 'number') {
      const number = Number(value);
      if (!Number.isFinite(number) || number < 0)
        throw new Error(`--${name} needs a non-negative number, not '${value}'`);
      options[name] = number;
    } else {
      options[name] = value;
    }
  }
  return { positional, options };
}
