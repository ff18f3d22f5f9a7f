import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './commandExit';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The values `util.parseArgs` gives for `options` (strict, no positionals). */
export type FlagValues<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>
>['values'];

/** `--help`/`-h`, accepted by every command. */
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** The offending argument named in a `util.parseArgs` error message. */
function argumentOf(message: string): string | undefined {
  return /'(-?-?[^' <]+)/.exec(message)?.[1];
}

/** A `util.parseArgs` error in the words of the CLI. */
function usageErrorOf(err: Error & { code?: string }): UsageError {
  const arg = argumentOf(err.message);
  const firstLine = err.message.split('\n')[0];
  if (arg === undefined) return new UsageError(firstLine);
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(
        arg === '--threads'
          ? 'unknown argument "--threads" (a global option: give it before the command)'
          : `unknown argument "${arg}"`,
      );
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unknown argument "${arg}"`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(firstLine))
        return new UsageError(`${arg} takes no value`);
      if (/ambiguous/.test(firstLine))
        return new UsageError(
          `${arg} needs a value (write ${arg}=VALUE for a value starting with "-")`,
        );
      return new UsageError(`${arg} needs a value`);
    default:
      return new UsageError(firstLine);
  }
}

/** True when `--help` or `-h` is among the arguments (read leniently, whatever else is wrong). */
function asksForHelp(argv: string[], options: OptionsConfig): boolean {
  const { tokens } = parseArgs({
    args: argv,
    options: { ...options, ...HELP },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  return tokens.some((t) => t.kind === 'option' && t.name === 'help');
}

/**
 * Parses a command's flags with `util.parseArgs` (strict, no positionals; `multiple` flags
 * collect every value, any other flag may appear once). Returns `'help'` when `--help`/`-h` is
 * given anywhere; throws a `UsageError` for an unknown flag, a missing value, a stray argument or
 * a flag given twice.
 */
export function parseFlags<const O extends OptionsConfig>(
  argv: string[],
  options: O,
): FlagValues<O> | 'help' {
  if (asksForHelp(argv, options)) return 'help';
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options,
      strict: true,
      allowPositionals: false,
      tokens: true,
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_'))
      throw usageErrorOf(err as Error);
    throw err;
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name) && options[token.name]?.multiple !== true)
      throw new UsageError(`--${token.name} given twice`);
    seen.add(token.name);
  }
  return parsed.values as FlagValues<O>;
}

/** The flags `--progress` and `--no-progress`, for commands that show progress. */
export const PROGRESS_FLAGS = {
  progress: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
} as const;

/**
 * Whether progress lines were forced on (`--progress`) or off (`--no-progress`); undefined when
 * neither was given (then they are shown only when stderr is a terminal: quiet in a pipe).
 */
export function progressChoice(values: {
  progress?: boolean;
  'no-progress'?: boolean;
}): boolean | undefined {
  if (values.progress === true && values['no-progress'] === true)
    throw new UsageError('give either --progress or --no-progress, not both');
  if (values.progress === true) return true;
  if (values['no-progress'] === true) return false;
  return undefined;
}
