import type { LrSchedule, TrainConfig } from '../config/runConfig';

/** Warm-up steps of a run of `totalSteps`: the larger of `warmupSteps` and `warmupFraction` of them. */
export function warmupStepsOf(
  train: Pick<TrainConfig, 'warmupSteps' | 'warmupFraction'>,
  totalSteps: number,
): number {
  return Math.max(train.warmupSteps, Math.round(train.warmupFraction * totalSteps));
}

/**
 * Learning rate at 0-based optimiser step `step`: linear warmup from 0 over `warmupSteps`, then
 * cosine decay to 0 at `totalSteps` (Hugging Face `get_cosine_schedule_with_warmup`) or constant.
 */
export function learningRateAt(
  step: number,
  baseLr: number,
  warmupSteps: number,
  totalSteps: number,
  schedule: LrSchedule,
): number {
  if (step < warmupSteps) return (baseLr * step) / Math.max(1, warmupSteps);
  if (schedule === 'constant') return baseLr;
  const progress = (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
  return baseLr * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * progress)));
}
