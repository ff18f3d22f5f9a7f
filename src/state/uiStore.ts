import { createStore, type StoreApi } from 'zustand/vanilla';

/** The playground's steps, in order. */
export const STEPS = ['data', 'itemLlm', 'train', 'compare', 'inspect'] as const;

/** One step of the playground. */
export type Step = (typeof STEPS)[number];

/** Display label of each step. */
export const STEP_LABELS: Record<Step, string> = {
  data: 'Data',
  itemLlm: 'Item LLM',
  train: 'Train',
  compare: 'Compare',
  inspect: 'Inspect',
};

/** Navigation state: which step is shown. */
export interface UiState {
  step: Step;
  /** Shows `step`. */
  goTo(step: Step): void;
  /** Moves `delta` steps forward (or back), staying within the first and last step. */
  move(delta: number): void;
}

/** Creates the navigation store, opening on `initial` (the Data step by default). */
export function createUiStore(initial: Step = 'data'): StoreApi<UiState> {
  return createStore<UiState>()((set, get) => ({
    step: initial,
    goTo: (step) => set({ step }),
    move: (delta) => {
      const index = STEPS.indexOf(get().step) + delta;
      set({ step: STEPS[Math.min(STEPS.length - 1, Math.max(0, index))] });
    },
  }));
}
