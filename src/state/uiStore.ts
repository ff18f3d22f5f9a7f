import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SliceName } from '../dataset/types';

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

/** True when `value` names a step. */
export function isStep(value: string): value is Step {
  return (STEPS as readonly string[]).includes(value);
}

/** Navigation state: which step is shown, and what the URL's `hide=` list hides. */
export interface UiState {
  step: Step;
  /** Steps and settings (dotted config paths, `preset`) hidden from the page. */
  hidden: string[];
  /** The steps shown in the stepper: every step not hidden. */
  visibleSteps: Step[];
  /** Problems found in the page's address (refused parameters), shown once at the top. */
  urlProblems: string[];
  /**
   * Whether the precomputed comparison is open: null while the page decides (open until "Run it
   * yourself" or the user's own runs), then the user's choice.
   */
  previewOpen: boolean | null;
  /** The test slice Compare shows (a side-by-side start opens Compare on it). */
  compareSlice: SliceName;
  /** Opens or collapses the precomputed comparison. */
  setPreviewOpen(open: boolean): void;
  setCompareSlice(slice: SliceName): void;
  /** Shows `step`. */
  goTo(step: Step): void;
  /** Moves `delta` visible steps forward (or back), staying within the first and last. */
  move(delta: number): void;
}

/** Creates the navigation store, opening on `step` (the first visible step when it is hidden). */
export function createUiStore(
  step: Step = 'data',
  hidden: string[] = [],
  urlProblems: string[] = [],
): StoreApi<UiState> {
  const visibleSteps = STEPS.filter((s) => !hidden.includes(s));
  const shown = visibleSteps.length > 0 ? visibleSteps : [...STEPS];
  return createStore<UiState>()((set, get) => ({
    step: shown.includes(step) ? step : shown[0],
    hidden,
    visibleSteps: shown,
    urlProblems,
    previewOpen: null,
    compareSlice: 'all',
    setPreviewOpen: (open) => set({ previewOpen: open }),
    setCompareSlice: (slice) => set({ compareSlice: slice }),
    goTo: (next) => set({ step: next }),
    move: (delta) => {
      const index = shown.indexOf(get().step) + delta;
      set({ step: shown[Math.min(shown.length - 1, Math.max(0, index))] });
    },
  }));
}
