import type { RunRecord } from '../../runs/runRecord';

/** File name of the downloaded run records. */
export const RUNS_FILE_NAME = 'hllm-playground-runs.json';

/** Serialises run records as the downloaded JSON file's text (an array, 2-space indented). */
export function runsJson(records: readonly RunRecord[]): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}

/** Offers the run records to the user as a JSON file download. */
export function downloadRuns(records: readonly RunRecord[]): void {
  const url = URL.createObjectURL(new Blob([runsJson(records)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = RUNS_FILE_NAME;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
