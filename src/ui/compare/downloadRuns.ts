import type { RunRecord } from '../../runs/runRecord';
import { downloadFile } from './downloadFile';

/** File name of the downloaded run records. */
export const RUNS_FILE_NAME = 'hllm-playground-runs.json';

/** Serialises run records as the downloaded JSON file's text (an array, 2-space indented). */
export function runsJson(records: readonly RunRecord[]): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}

/** Offers the run records to the user as a JSON file download. */
export function downloadRuns(records: readonly RunRecord[]): void {
  downloadFile(RUNS_FILE_NAME, runsJson(records), 'application/json');
}
