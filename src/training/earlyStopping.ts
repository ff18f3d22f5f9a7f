/** Where validation-based early stopping stands after some evaluations. */
export interface EarlyStopState {
  /** Best score so far (-Infinity before the first evaluation). */
  best: number;
  /** Evaluations in a row that scored below `best`. */
  sinceBest: number;
}

/** The state before any evaluation. */
export const EARLY_STOP_START: EarlyStopState = { best: -Infinity, sinceBest: 0 };

/**
 * Folds one validation score into the state with the official HLLM/RecBole rule: a score equal
 * to the best counts as no worse (it becomes the kept model); training stops once more than
 * `patience` evaluations in a row scored below the best (`patience` 0: never stops early).
 */
export function earlyStopUpdate(
  state: EarlyStopState,
  score: number,
  patience: number,
): { state: EarlyStopState; improved: boolean; stop: boolean } {
  if (score >= state.best) {
    return { state: { best: score, sinceBest: 0 }, improved: true, stop: false };
  }
  const sinceBest = state.sinceBest + 1;
  return {
    state: { best: state.best, sinceBest },
    improved: false,
    stop: patience > 0 && sinceBest > patience,
  };
}
