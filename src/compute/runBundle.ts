import { strToU8, zipSync, type Zippable } from 'fflate';
import type { RunConfig } from '../config/runConfig';
import { withEvalSample } from '../dataset/evalSample';
import { InputError } from '../dataset/errors';
import { preprocess } from '../dataset/preprocess';
import { leaveOneOutSplit } from '../dataset/split';
import type { Dataset } from '../dataset/types';
import { withSeenItems } from '../evaluation/seenItems';
import type { DatasetFiles } from '../export/datasetFiles';
import { hllmBundle } from '../export/hllmBundle';
import { splitFingerprint } from '../runs/fingerprint';
import { safeFileName, type ExportedFile } from './datasetExport';

/**
 * The bundle for the official HLLM code of a run with `config` on raw dataset `raw`
 * (`hllmBundle` over the run's preprocessed data). When `fingerprint` (the run record's
 * `dataset.fingerprint`) is given, the split the run's settings make of `raw` must have it, so
 * that the bundle holds the data the run trained on; throws an `InputError` naming `source`
 * otherwise.
 */
export function runBundleFiles(
  config: RunConfig,
  raw: Dataset,
  fingerprint?: string,
  source = raw.name,
): { name: string; files: DatasetFiles } {
  const { dataset } = preprocess(raw, config.data);
  if (fingerprint !== undefined) {
    const cut = leaveOneOutSplit(dataset, config.data, config.seed);
    const split = withEvalSample(
      withSeenItems(cut.split, dataset.sequences),
      config.data.evalUsers,
      config.seed,
    );
    const found = splitFingerprint(split);
    if (found !== fingerprint) {
      throw new InputError(
        { file: source },
        `the data the run trained on (split fingerprint ${fingerprint})`,
        `data whose split has fingerprint ${found}`,
      );
    }
  }
  const name = safeFileName(raw.name);
  return { name, files: hllmBundle(config, dataset, name) };
}

/** `runBundleFiles` as one zip, `<name>-hllm-gpu.zip`, with `run.sh` executable. */
export function runBundleZip(config: RunConfig, raw: Dataset, fingerprint?: string): ExportedFile {
  const { name, files } = runBundleFiles(config, raw, fingerprint);
  const entries: Zippable = {};
  for (const [path, text] of Object.entries(files)) {
    // Unix mode bits in the high half of the external attributes: run.sh stays executable.
    entries[`${name}-hllm-gpu/${path}`] =
      path === 'run.sh' ? [strToU8(text), { os: 3, attrs: 0o100755 << 16 }] : strToU8(text);
  }
  return { fileName: `${name}-hllm-gpu.zip`, bytes: zipSync(entries) };
}
