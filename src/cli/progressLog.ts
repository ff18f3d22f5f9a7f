import type { PassProgressCallback } from '../models/hllm/cataloguePass';
import { formatBytes, formatDuration } from '../runs/units';
import type { IngestProgress } from '../ingestion/ingest';
import type { TrainEvent } from '../training/trainEvents';
import type { CommandIo } from './commandIo';

/** Seconds between two progress lines of the same kind. */
const EVERY_SECONDS = 10;

/** Where a phase of file work stands: `done` of `total` files, and their bytes. */
export interface WorkProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
}

/** Progress lines for a long run: catalogue passes, steps, evaluations and file work, with ETAs. */
export interface ProgressLog {
  pass: PassProgressCallback;
  step(event: Extract<TrainEvent, { kind: 'step' }>): void;
  evaluate(event: Extract<TrainEvent, { kind: 'evaluate' }>): void;
  /** Files read or written in `phase` (its rate measured from its first call). */
  work(phase: string, progress: WorkProgress): void;
  /** How far ingestion has read the file it is parsing (bytes after decompression). */
  read(progress: IngestProgress): void;
  /** A phase without finer progress begins; `what` says what it does. */
  begin(phase: string, what: string): void;
  /** A phase without finer progress finished after `seconds`; `what` says what it did. */
  finished(phase: string, what: string, seconds: number): void;
}

/** A progress log that writes nothing (stderr is not a terminal, or `--no-progress`). */
export const SILENT_PROGRESS: ProgressLog = {
  pass: () => undefined,
  step: () => undefined,
  evaluate: () => undefined,
  work: () => undefined,
  read: () => undefined,
  begin: () => undefined,
  finished: () => undefined,
};

/**
 * Writes a progress line at most every 10 s (and at the start and end of each catalogue pass and
 * file phase): a pass's items done, items/s and ETA; training's step, loss, sequences/s and ETA;
 * an evaluation's users scored, users/s and ETA; files read or written, bytes/s and ETA.
 */
export function createProgressLog(
  io: CommandIo,
  now: () => number = () => performance.now(),
): ProgressLog {
  let last = -Infinity;
  const started = new Map<string, number>();
  const due = (final: boolean) => {
    const t = now();
    if (!final && t - last < EVERY_SECONDS * 1000) return false;
    last = t;
    return true;
  };
  return {
    pass: (pass, p) => {
      if (!due(p.done === p.total)) return;
      io.err(
        `${pass}: ${p.done}/${p.total} items, ${p.itemsPerSecond.toFixed(2)} items/s, ETA ${formatDuration(p.etaSeconds)}\n`,
      );
    },
    step: (e) => {
      if (!due(e.step === 1)) return;
      io.err(
        `step ${e.step} (epoch ${e.epoch + 1})  loss ${e.loss.toFixed(4)}  ${e.seqPerSec.toPrecision(3)} seq/s  ETA ${formatDuration(e.etaSec)}\n`,
      );
    },
    evaluate: (e) => {
      if (!due(false)) return;
      io.err(
        `${e.phase}: ${e.done}/${e.total} users, ${e.usersPerSecond.toFixed(0)} users/s, ETA ${formatDuration(e.etaSec)}\n`,
      );
    },
    work: (phase, p) => {
      const first = !started.has(phase);
      if (first) started.set(phase, now());
      if (!due(first || p.done === p.total)) return;
      const seconds = (now() - (started.get(phase) ?? now())) / 1000;
      const rate = p.bytesDone > 0 && seconds > 0 ? p.bytesDone / seconds : NaN;
      const eta = p.bytesDone >= p.bytesTotal ? 0 : (p.bytesTotal - p.bytesDone) / rate;
      io.err(
        `${phase}: ${p.done}/${p.total} files, ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}, ` +
          `${Number.isFinite(rate) ? `${formatBytes(Math.round(rate))}/s` : '—/s'}, ETA ${formatDuration(eta)}\n`,
      );
    },
    read: (p) => {
      const phase = `parse ${p.file}`;
      const first = !started.has(phase);
      if (first) started.set(phase, now());
      if (!due(first || p.bytesRead === p.bytesTotal)) return;
      const seconds = (now() - (started.get(phase) ?? now())) / 1000;
      const rate = seconds > 0 ? p.bytesRead / seconds : NaN;
      const total = p.bytesTotal;
      io.err(
        `${phase}: ${formatBytes(p.bytesRead)}${total !== undefined ? ` of ${formatBytes(total)}` : ''}, ` +
          `${Number.isFinite(rate) ? `${formatBytes(Math.round(rate))}/s` : '—/s'}` +
          `${total !== undefined && Number.isFinite(rate) ? `, ETA ${formatDuration((total - p.bytesRead) / rate)}` : ''}\n`,
      );
    },
    begin: (phase, what) => {
      io.err(`${phase}: ${what}…\n`);
    },
    finished: (phase, what, seconds) => {
      io.err(`${phase}: ${what} in ${seconds.toFixed(1)} s\n`);
    },
  };
}

/**
 * A command's progress log: written when `forced` on, or when not forced off and stderr is a
 * terminal; silent otherwise (quiet in a pipe or a log file).
 */
export function commandProgressLog(io: CommandIo, forced: boolean | undefined): ProgressLog {
  return (forced ?? io.errIsTty === true) ? createProgressLog(io) : SILENT_PROGRESS;
}
