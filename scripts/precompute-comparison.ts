// Trains SASRec and HLLM on the embedded synthetic dataset through the same train service the
// browser's train worker runs (jax-js on Wasm here), and writes their run records as the
// precomputed comparison the page shows on first paint.
//
//   npx tsx scripts/precompute-comparison.ts [--out FILE]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'prettier';
import { presetRunConfig } from '../src/config/defaults';
import { createTrainService } from '../src/compute/trainService';
import type { RunRecord } from '../src/runs/runRecord';
import { generateSyntheticDataset } from '../src/synthetic/generateSyntheticDataset';
import type { PrecomputedComparison } from '../src/ui/overview/precomputed';

const DEFAULT_OUT = 'src/ui/overview/precomputedComparison.json';

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const out = flag('out', DEFAULT_OUT);
const dataset = generateSyntheticDataset();
const service = createTrainService();
const runs: RunRecord[] = [];
for (const kind of ['sasrec', 'hllm'] as const) {
  const started = performance.now();
  const result = await service.train(dataset, presetRunConfig('classroom-quick', kind), (event) => {
    if (event.kind === 'epoch') process.stderr.write(`${kind} epoch ${event.epoch + 1}\n`);
    if (event.kind === 'error') process.stderr.write(`${kind}: ${event.code}: ${event.message}\n`);
  });
  if (!result.ok) throw new Error(`${kind}: ${result.failure.message}`);
  if (result.value === null) throw new Error(`${kind}: the run ended without a record`);
  runs.push(result.value.record);
  process.stderr.write(`${kind}: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
const comparison: PrecomputedComparison = {
  command: 'npx tsx scripts/precompute-comparison.ts',
  config:
    `the Train step's classroom-quick preset of each model (SASRec ${runs[0].config.train.epochs} ` +
    `epochs, HLLM ${runs[1].config.train.epochs}), seed ${runs[0].config.seed}, cold fraction ` +
    `${runs[0].config.data.coldFraction}, Wasm in Node; HLLM over hashed text features, as in a tab ` +
    'without Item LLM embeddings',
  generatedAt: new Date().toISOString(),
  runs,
};
writeFileSync(path.resolve(out), await format(JSON.stringify(comparison), { parser: 'json' }));
process.stderr.write(`wrote ${out}\n`);
