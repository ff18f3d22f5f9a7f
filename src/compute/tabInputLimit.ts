import { inputLimitForHeap } from '../ingestion/inputBudget';
import type { InputLimit } from '../ingestion/ingest';

/** Chromium's heap figures (`performance.memory`), absent elsewhere. */
interface HeapFigures {
  jsHeapSizeLimit: number;
}

/** A heap limit to assume where the browser reports none: 2 GiB, or a quarter of the device's memory. */
function assumedHeapLimit(): number {
  const deviceMemory = (globalThis.navigator as { deviceMemory?: number } | undefined)
    ?.deviceMemory;
  return deviceMemory !== undefined ? (deviceMemory * 2 ** 30) / 4 : 2 ** 31;
}

/**
 * The tab's input size limit: half of the worker's JavaScript heap limit where the browser reports
 * it (Chromium), else of an assumed one.
 */
export function tabInputLimit(): InputLimit {
  const memory = (performance as { memory?: HeapFigures }).memory;
  return {
    bytes: inputLimitForHeap(memory?.jsHeapSizeLimit ?? assumedHeapLimit()),
    raise:
      "this tab's memory allows no more; use a sample of the data, or the command line (npm run cli) with --max-input-size",
  };
}
