/** Where a command writes, and whether its progress goes to a terminal. */
export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when `err` is a terminal (progress lines are shown by default only then). */
  errIsTty?: boolean;
}

/** The process's stdout and stderr. */
export const NODE_IO: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTty: process.stderr.isTTY === true,
};
