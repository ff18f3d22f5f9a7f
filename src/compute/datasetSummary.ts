import type { DatasetStats } from '../dataset/stats';
import type { IngestResult, SkipCounts } from '../dataset/types';

/** What the UI shows about the loaded dataset; the dataset itself stays in the data worker. */
export interface DatasetSummary {
  name: string;
  /** Parsed format, e.g. `movielens-100k`, or `synthetic`. */
  format: string;
  skipped: SkipCounts;
  warnings: string[];
  textFields: string[];
  hasTimestamps: boolean;
  stats: DatasetStats;
}

/** Builds the summary of an ingestion result from its statistics. */
export function summarizeIngest(result: IngestResult, stats: DatasetStats): DatasetSummary {
  return {
    name: result.dataset.name,
    format: result.format,
    skipped: result.skipped,
    warnings: result.warnings,
    textFields: result.dataset.textFields,
    hasTimestamps: result.dataset.hasTimestamps,
    stats,
  };
}
