import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { runWithExitCodes, UsageError } from './commandExit';
import { NODE_IO, type CommandIo } from './commandIo';
import { parseFlags } from './parseFlags';
import { installWasmThreads } from './wasmThreads';

/** A CLI command: takes the arguments after its name, returns the exit code. */
export type CommandHandler = (argv: string[], io: CommandIo) => Promise<number>;

/**
 * Commands by name. Each module is imported when its command runs, so that `--threads` is in
 * place before the tensor engine loads.
 */
export const COMMANDS: Record<string, CommandHandler> = {
  data: async (argv, io) => (await import('./dataCommand')).dataCommand(argv, io),
  train: async (argv, io) => (await import('./trainCommand')).trainCommand(argv, io),
  export: async (argv, io) => (await import('./exportCommand')).exportCommand(argv, io),
  evaluate: async (argv, io) => (await import('./evaluateCommand')).evaluateCommand(argv, io),
};

const USAGE = `usage: cli [--threads N] <${Object.keys(COMMANDS).join('|')}> ...   (cli <command> --help for its options)
  data stats     summarise interaction and item files as JSON
  data convert   write them in HLLM's layout or as RecBole atomic files
  train          train a model on files or the embedded synthetic dataset, write its run record
  export         export hllm-bundle: a run as a bundle for the official PyTorch HLLM code
  evaluate       evaluate a checkpoint (ours, or converted from the official code) on a split
  --threads N    Wasm kernel threads (Node worker threads; default: $HLLM_WASM_THREADS or 1)
  -h, --help     this help
exit codes: 0 ok, 1 bad input data (or a failed run), 2 bad command line or path
`;

const GLOBAL_FLAGS = { threads: { type: 'string' } } as const;

/** Splits the command line at the command's name: the global options before it, its arguments after. */
function splitAtCommand(argv: string[]): { global: string[]; name?: string; rest: string[] } {
  const { tokens } = parseArgs({
    args: argv,
    options: { ...GLOBAL_FLAGS, help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const first = tokens.find((t) => t.kind === 'positional');
  if (first === undefined) return { global: argv, rest: [] };
  return {
    global: argv.slice(0, first.index),
    name: first.value,
    rest: argv.slice(first.index + 1),
  };
}

/**
 * The Wasm thread count: `--threads N` (before the command), else `env.HLLM_WASM_THREADS`, else
 * 1; a usage error for a malformed value.
 */
export function threadsOption(
  value: string | undefined,
  env: Record<string, string | undefined>,
): number {
  const raw = value ?? env.HLLM_WASM_THREADS;
  const source = value === undefined ? 'HLLM_WASM_THREADS' : '--threads';
  if (raw === undefined || raw === '') return 1;
  const threads = Number(raw);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new UsageError(`${source}: expected a whole number from 1 to 64, got "${raw}"`);
  }
  return threads;
}

/**
 * Runs the command named by the first argument after the global options; `--help` prints the
 * usage (exit 0), a missing or unknown command or a bad global option prints it with exit 2.
 */
export async function main(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  io: CommandIo = NODE_IO,
): Promise<number> {
  const { global, name, rest } = splitAtCommand(argv);
  return runWithExitCodes(
    async () => {
      const values = parseFlags(global, GLOBAL_FLAGS);
      if (values === 'help') {
        io.out(USAGE);
        return 0;
      }
      const threads = threadsOption(values.threads, env);
      if (name === undefined) throw new UsageError('missing command');
      if (!Object.hasOwn(COMMANDS, name)) throw new UsageError(`unknown command "${name}"`);
      if (threads > 1) installWasmThreads(threads);
      return COMMANDS[name](rest, io);
    },
    USAGE,
    io,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
