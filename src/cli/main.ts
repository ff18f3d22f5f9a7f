import { pathToFileURL } from 'node:url';
import { installWasmThreads } from './wasmThreads';

/** A CLI command: takes the arguments after its name, returns the exit code. */
export type CommandHandler = (argv: string[]) => Promise<number>;

/**
 * Commands by name. Each module is imported when its command runs, so that `--threads` is in
 * place before the tensor engine loads.
 */
export const COMMANDS: Record<string, CommandHandler> = {
  data: async (argv) => (await import('./dataCommand')).dataCommand(argv),
  train: async (argv) => (await import('./trainCommand')).trainCommand(argv),
  export: async (argv) => (await import('./exportCommand')).exportCommand(argv),
  evaluate: async (argv) => (await import('./evaluateCommand')).evaluateCommand(argv),
};

const USAGE = `usage: cli [--threads N] <${Object.keys(COMMANDS).join('|')}> ...
  --threads N   Wasm kernel threads (Node worker threads; default: $HLLM_WASM_THREADS or 1)\n`;

/**
 * Splits the global `--threads N` option (default: `env.HLLM_WASM_THREADS`, else 1) from the
 * command line; returns an error message for a malformed value.
 */
export function parseThreadsOption(
  argv: string[],
  env: Record<string, string | undefined>,
): { threads: number; rest: string[] } | { error: string } {
  const at = argv.indexOf('--threads');
  const rest = at < 0 ? argv : [...argv.slice(0, at), ...argv.slice(at + 2)];
  const raw = at < 0 ? env.HLLM_WASM_THREADS : argv[at + 1];
  const source = at < 0 ? 'HLLM_WASM_THREADS' : '--threads';
  if (raw === undefined || raw === '') {
    return at < 0 ? { threads: 1, rest } : { error: '--threads: expected a number after it' };
  }
  const threads = Number(raw);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    return { error: `${source}: expected a whole number from 1 to 64, got "${raw}"` };
  }
  return { threads, rest };
}

/** Runs the command named by the first argument; prints usage and returns 2 for an unknown one. */
export async function main(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const parsed = parseThreadsOption(argv, env);
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error}\n${USAGE}`);
    return 2;
  }
  const [name, ...rest] = parsed.rest;
  const handler = name !== undefined ? COMMANDS[name] : undefined;
  if (!handler) {
    process.stderr.write(
      `${name === undefined ? 'missing command' : `unknown command "${name}"`}\n${USAGE}`,
    );
    return 2;
  }
  if (parsed.threads > 1) installWasmThreads(parsed.threads);
  return handler(rest);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
