import type { RunRecord } from '../../runs/runRecord';

/** A comparison trained ahead of time, shown before any model loads, with how it was made. */
export interface PrecomputedComparison {
  /** The command that produced it. */
  command: string;
  /** The settings, in words. */
  config: string;
  /** ISO time it was produced. */
  generatedAt: string;
  /** One record per model, in display order. */
  runs: RunRecord[];
}
