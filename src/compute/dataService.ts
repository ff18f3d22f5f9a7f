import { datasetStats } from '../dataset/stats';
import type { Dataset, IngestResult } from '../dataset/types';
import { ingest } from '../ingestion/ingest';
import type { InputFile } from '../ingestion/inputFile';
import { generateSyntheticDataset } from '../synthetic/generateSyntheticDataset';
import { summarizeIngest, type DatasetSummary } from './datasetSummary';
import { runJob, type WorkerResult } from './workerResult';

/** What the data worker exposes: loading datasets and summarising them; the dataset stays here. */
export interface DataService {
  /** Generates the embedded synthetic dataset (default seed and size) and makes it current. */
  loadSynthetic(): Promise<WorkerResult<DatasetSummary>>;
  /** Parses user files (plain, `.gz` or `.zip`) and makes the result current. */
  ingestFiles(files: File[]): Promise<WorkerResult<DatasetSummary>>;
  /** The current dataset, or null before one has loaded. */
  currentDataset(): Dataset | null;
}

/** Reads a picked or dropped file into bytes, keeping its folder path when the browser gives one. */
async function readInputFile(file: File): Promise<InputFile> {
  const name = file.webkitRelativePath || file.name;
  return { name, data: new Uint8Array(await file.arrayBuffer()) };
}

/** Creates the data worker's service; it holds the current dataset between calls. */
export function createDataService(): DataService {
  let current: Dataset | null = null;
  const adopt = (result: IngestResult): DatasetSummary => {
    const summary = summarizeIngest(result, datasetStats(result.dataset));
    current = result.dataset;
    return summary;
  };
  return {
    loadSynthetic: () =>
      runJob(() =>
        adopt({
          dataset: generateSyntheticDataset(),
          format: 'synthetic',
          skipped: {},
          warnings: [],
        }),
      ),
    ingestFiles: (files) =>
      runJob(async () =>
        adopt(ingest({ interactions: await Promise.all(files.map(readInputFile)) })),
      ),
    currentDataset: () => current,
  };
}
