import { presetRunConfig, type ModelKind } from '../src/config/defaults';
import type { RunConfig } from '../src/config/runConfig';
import { estimateRun } from '../src/pipeline/estimateRun';
import { runExperiment } from '../src/pipeline/runExperiment';
import { generateSyntheticDataset } from '../src/synthetic/generateSyntheticDataset';

/** The classroom preset cut to two epochs of 256-sequence batches: a run of seconds on the CPU. */
function shortRun(kind: ModelKind): RunConfig {
  const c = presetRunConfig('classroom-quick', kind);
  return { ...c, train: { ...c.train, epochs: 2, batchSize: 256 } };
}

/**
 * The pre-run estimate against the run it estimates, on the embedded synthetic dataset (Wasm in
 * Node): the warm-up's own seconds, the estimated and the measured seconds of the whole run
 * (target: within ±25% of the run, the warm-up a small fraction of it).
 */
export async function benchEstimate(): Promise<Record<string, unknown>> {
  const dataset = generateSyntheticDataset({ seed: 42 });
  const out: Record<string, unknown> = {};
  for (const kind of ['sasrec', 'hstu'] as const) {
    const config = shortRun(kind);
    const t0 = performance.now();
    const estimate = await estimateRun(dataset, config);
    const t1 = performance.now();
    const run = await runExperiment(dataset, config, { device: 'node', onEvent: () => undefined });
    const actualSeconds = (performance.now() - t1) / 1000;
    run.result?.model.dispose();
    out[kind] = {
      steps: estimate.steps,
      stepsTaken: run.result?.run.usage?.steps ?? null,
      warmupSeconds: (t1 - t0) / 1000,
      estimatedSeconds: estimate.totalSeconds,
      actualSeconds,
      ratio: estimate.totalSeconds / actualSeconds,
    };
  }
  return out;
}
