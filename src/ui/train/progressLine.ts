import type { TrainProgress } from '../../state/trainProgress';
import { formatDuration } from '../../runs/units';

/**
 * What a run under way is doing, in one line: its evaluation or Item LLM pass with their rate and
 * time left, else its latest step with the epoch, rate and time left.
 */
export function progressLine(progress: TrainProgress, epochs: number, paused: boolean): string {
  if (progress.evaluation !== null) {
    const e = progress.evaluation;
    return `Evaluating (${e.phase}): ${e.done} of ${e.total} users — ${e.usersPerSecond.toFixed(0)} users/s — about ${formatDuration(e.etaSec)} left`;
  }
  if (progress.pass !== null) {
    const p = progress.pass;
    return `Item LLM ${p.pass}: ${p.done} of ${p.total} items — ${p.itemsPerSecond.toFixed(2)} items/s — about ${formatDuration(p.etaSec)} left`;
  }
  if (progress.latest === null) return 'Preparing the split and the model…';
  const l = progress.latest;
  return `${paused ? 'Paused at' : 'Step'} ${l.step}, epoch ${l.epoch + 1} of ${epochs} — ${l.seqPerSec.toFixed(0)} sequences/s — about ${formatDuration(l.etaSec)} left`;
}
