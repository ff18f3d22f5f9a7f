import type { PassProgressCallback } from '../models/hllm/cataloguePass';
import { formatDuration } from '../runs/units';
import type { TrainEvent } from '../training/trainEvents';
import type { CommandIo } from './dataCommand';

/** Seconds between two progress lines of the same kind. */
const EVERY_SECONDS = 10;

/** Progress lines for a long run: catalogue passes and steps within an epoch, with ETAs. */
export interface ProgressLog {
  pass: PassProgressCallback;
  step(event: Extract<TrainEvent, { kind: 'step' }>): void;
  evaluate(event: Extract<TrainEvent, { kind: 'evaluate' }>): void;
}

/**
 * Writes a progress line at most every 10 s (and at the end of each catalogue pass): a pass's
 * items done, items/s and ETA; training's step, loss, sequences/s and ETA; an evaluation's users
 * scored, users/s and ETA.
 */
export function createProgressLog(
  io: CommandIo,
  now: () => number = () => performance.now(),
): ProgressLog {
  let last = -Infinity;
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
  };
}
