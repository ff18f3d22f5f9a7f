import { pathToFileURL } from 'node:url';
import { dataCommand } from './dataCommand';
import { trainCommand } from './trainCommand';

/** A CLI command: takes the arguments after its name, returns the exit code. */
export type CommandHandler = (argv: string[]) => Promise<number>;

/** Commands by name. */
export const COMMANDS: Record<string, CommandHandler> = {
  data: dataCommand,
  train: trainCommand,
};

/** Runs the command named by the first argument; prints usage and returns 2 for an unknown one. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const handler = name !== undefined ? COMMANDS[name] : undefined;
  if (!handler) {
    process.stderr.write(
      `${name === undefined ? 'missing command' : `unknown command "${name}"`}; expected one of: ${Object.keys(COMMANDS).join(', ')}\n`,
    );
    return 2;
  }
  return handler(rest);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
