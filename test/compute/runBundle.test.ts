import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createDataService } from '../../src/compute/dataService';
import { runBundleFiles, runBundleZip } from '../../src/compute/runBundle';
import { defaultRunConfig } from '../../src/config/defaults';
import type { RunConfig } from '../../src/config/runConfig';
import { InputError } from '../../src/dataset/errors';
import type { Dataset } from '../../src/dataset/types';
import { preprocess } from '../../src/dataset/preprocess';
import { hllmBundle } from '../../src/export/hllmBundle';
import { prepareExperiment } from '../../src/pipeline/runExperiment';
import { splitFingerprint } from '../../src/runs/fingerprint';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';

const raw = () => generateSyntheticDataset({ numItems: 150, numUsers: 150 });
function config(): RunConfig {
  const base = defaultRunConfig('sasrec');
  return { ...base, seed: 7, train: { ...base.train, numNegatives: 64 } };
}

/** The fingerprint the run pipeline records for `config` on `dataset`. */
async function recordedFingerprint(dataset: Dataset = raw()): Promise<string> {
  return splitFingerprint((await prepareExperiment(dataset, config())).split);
}

describe('run bundle', () => {
  it("holds the run's preprocessed data when the fingerprint is the pipeline's", async () => {
    const { name, files } = runBundleFiles(config(), raw(), await recordedFingerprint());
    expect(files).toEqual(hllmBundle(config(), preprocess(raw(), config().data).dataset, name));
  });

  it('refuses another dataset or split', async () => {
    const fingerprint = await recordedFingerprint();
    const shorter = { ...config(), data: { ...config().data, maxHistory: 5 } };
    expect(() => runBundleFiles(shorter, raw(), fingerprint)).toThrow(InputError);
    expect(() =>
      runBundleFiles(
        config(),
        generateSyntheticDataset({ seed: 2, numItems: 150, numUsers: 150 }),
        fingerprint,
      ),
    ).toThrow(/expected the data the run trained on/);
  });

  it('zips the bundle in one folder with run.sh executable', async () => {
    const file = runBundleZip(config(), raw(), await recordedFingerprint());
    const folder = file.fileName.replace(/\.zip$/, '');
    const entries = unzipSync(file.bytes);
    const { files } = runBundleFiles(config(), raw());
    expect(Object.keys(entries).sort()).toEqual(
      Object.keys(files)
        .map((p) => `${folder}/${p}`)
        .sort(),
    );
    expect(strFromU8(entries[`${folder}/overrides.yaml`])).toBe(files['overrides.yaml']);
    // The zip's central directory keeps run.sh's Unix mode (external attributes, high 16 bits).
    const view = new DataView(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
    const modes = new Map<string, number>();
    for (let at = 0; at + 46 <= file.bytes.length; at++) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      const nameLength = view.getUint16(at + 28, true);
      const entry = strFromU8(file.bytes.subarray(at + 46, at + 46 + nameLength));
      modes.set(entry, view.getUint32(at + 38, true) >>> 16);
    }
    expect(modes.get(`${folder}/run.sh`)).toBe(0o100755);
  });

  it('is made by the data service from the current dataset', async () => {
    const service = createDataService();
    // The service's synthetic dataset is the generator's default one.
    const fingerprint = await recordedFingerprint(generateSyntheticDataset());
    expect(await service.exportGpuBundle(config(), fingerprint)).toMatchObject({ ok: false });
    await service.loadSynthetic();
    const made = await service.exportGpuBundle(config(), fingerprint);
    if (!made.ok) throw new Error(made.failure.message);
    expect(made.value.fileName).toMatch(/-hllm-gpu\.zip$/);
    const wrong = await service.exportGpuBundle(config(), '0000000000000000');
    expect(wrong).toMatchObject({ ok: false, failure: { kind: 'input' } });
  });
});
