/**
 * Learning rate at 0-based optimiser step `step`: linear warmup from 0 over `warmupSteps`, then
 * cosine decay to 0 at `totalSteps` (Hugging Face `get_cosine_schedule_with_warmup`).
 */
export function learningRateAt(
  step: number,
  baseLr: number,
  warmupSteps: number,
  totalSteps: number,
): number {
  if (step < warmupSteps) return (baseLr * step) / Math.max(1, warmupSteps);
  const progress = (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
  return baseLr * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * progress)));
}
