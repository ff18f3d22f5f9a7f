import { textField } from '../dataset/itemText';
import { transfer } from 'comlink';
import { datasetStats } from '../dataset/stats';
import type { Dataset, IngestResult } from '../dataset/types';
import type { DelimitedLayout } from '../ingestion/formats/delimited';
import { ingest } from '../ingestion/ingest';
import { blobSource } from '../ingestion/byteSource';
import type { InputFile } from '../ingestion/inputFile';
import { previewFile } from '../ingestion/previewFile';
import { buildItemPrompt } from '../itemEncoders/prompt';
import { generateSyntheticDataset } from '../synthetic/generateSyntheticDataset';
import type { DataProgress } from './dataProgress';
import type { RunConfig } from '../config/runConfig';
import { hllmLayoutZip, type ExportedFile } from './datasetExport';
import { runBundleZip } from './runBundle';
import { summarizeIngest, type DatasetSummary } from './datasetSummary';
import { tabInputLimit } from './tabInputLimit';
import type { FilePreviewGroup, IngestRequest } from './ingestChoices';
import { runJob, type WorkerResult } from './workerResult';

/** What the data worker exposes: loading datasets and summarising them; the dataset stays here. */
export interface DataService {
  /** Generates the embedded synthetic dataset (default seed and size) and makes it current. */
  loadSynthetic(
    onProgress?: (progress: DataProgress) => void,
  ): Promise<WorkerResult<DatasetSummary>>;
  /**
   * Detected format, encoding, layout, first rows and guessed columns of each file (or zip entry);
   * `layouts` gives the delimiter and header of entries, by entry name, instead of detecting them.
   */
  previewFiles(
    files: File[],
    layouts?: Readonly<Record<string, DelimitedLayout>>,
  ): Promise<WorkerResult<FilePreviewGroup[]>>;
  /**
   * Parses user files (plain, `.gz` or `.zip`) and makes the result current; `request` names the
   * files to read as item text and the format, columns and layout to use (all detected when absent).
   */
  ingestFiles(
    files: File[],
    onProgress?: (progress: DataProgress) => void,
    request?: IngestRequest,
  ): Promise<WorkerResult<DatasetSummary>>;
  /** The current dataset, or null before one has loaded. */
  currentDataset(): Dataset | null;
  /** HLLM item prompts of the first `count` items that have text, built from `fields` in order. */
  samplePrompts(fields: string[], count: number): Promise<WorkerResult<ItemPromptSample[]>>;
  /** The current dataset in HLLM's input layout, zipped. */
  exportHllmLayout(): Promise<WorkerResult<ExportedFile>>;
  /**
   * A zipped bundle that trains the run of `config` with the official HLLM code on GPUs
   * (`runBundleZip`); fails unless the current dataset is the run's (split `fingerprint`).
   */
  exportGpuBundle(config: RunConfig, fingerprint: string): Promise<WorkerResult<ExportedFile>>;
}

/** One item's exact HLLM prompt, as the Item LLM step previews it. */
export interface ItemPromptSample {
  index: number;
  id: string;
  prompt: string;
}

/**
 * A picked or dropped file as an input, keeping its folder path when the browser gives one: read in
 * chunks as it is parsed where the worker can read synchronously, else read whole.
 */
async function readInputFile(file: File): Promise<InputFile> {
  const name = file.webkitRelativePath || file.name;
  return { name, data: blobSource(file) ?? new Uint8Array(await file.arrayBuffer()) };
}

/** Creates the data worker's service; it holds the current dataset between calls. */
export function createDataService(): DataService {
  let current: Dataset | null = null;
  const adopt = (
    result: IngestResult,
    onProgress: ((progress: DataProgress) => void) | undefined,
  ): DatasetSummary => {
    onProgress?.({ stage: 'summarising', name: result.dataset.name });
    const summary = summarizeIngest(result, datasetStats(result.dataset));
    current = result.dataset;
    return summary;
  };
  return {
    loadSynthetic: (onProgress) =>
      runJob(() => {
        onProgress?.({ stage: 'generating', name: 'the synthetic dataset' });
        const dataset = generateSyntheticDataset();
        return adopt({ dataset, format: 'synthetic', skipped: {}, warnings: [] }, onProgress);
      }),
    previewFiles: (files, layouts) =>
      runJob(async () => {
        const groups: FilePreviewGroup[] = [];
        for (const file of files) {
          const input = await readInputFile(file);
          groups.push({ file: input.name, entries: previewFile(input, layouts) });
        }
        return groups;
      }),
    ingestFiles: (files, onProgress, request) =>
      runJob(async () => {
        const inputs: InputFile[] = [];
        for (const [index, file] of files.entries()) {
          onProgress?.({ stage: 'reading', file: file.name, index, count: files.length });
          inputs.push(await readInputFile(file));
        }
        onProgress?.({ stage: 'parsing', files: inputs.length });
        const asItems = (f: InputFile) => request?.itemFiles.includes(f.name) ?? false;
        const input = {
          interactions: inputs.filter((f) => !asItems(f)),
          items: inputs.filter(asItems),
        };
        return adopt(
          ingest(input, { inputLimit: tabInputLimit(), ...request?.options }, (p) =>
            onProgress?.({ stage: 'parsing', files: inputs.length, ...p }),
          ),
          onProgress,
        );
      }),
    currentDataset: () => current,
    exportHllmLayout: () =>
      runJob(() => {
        if (current === null) throw new Error('No dataset is loaded.');
        const file = hllmLayoutZip(current);
        return transfer(file, [file.bytes.buffer]);
      }),
    exportGpuBundle: (config, fingerprint) =>
      runJob(() => {
        if (current === null) throw new Error('No dataset is loaded.');
        const file = runBundleZip(config, current, fingerprint);
        return transfer(file, [file.bytes.buffer]);
      }),
    samplePrompts: (fields, count) =>
      runJob(() => {
        const dataset = current;
        if (dataset === null) throw new Error('No dataset is loaded.');
        const samples: ItemPromptSample[] = [];
        for (let i = 0; i < dataset.itemIds.length && samples.length < count; i++) {
          const text = dataset.itemText[i];
          if (!fields.some((f) => (textField(text, f) ?? '').trim().length > 0)) continue;
          samples.push({ index: i, id: dataset.itemIds[i], prompt: buildItemPrompt(text, fields) });
        }
        return samples;
      }),
  };
}
