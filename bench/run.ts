import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { benchBrowser } from './browser';
import { benchDataset } from './dataset';
import { benchEncoding } from './encoding';
import { benchEstimate } from './estimate';
import { benchFloat16 } from './float16';
import { benchWebgpuInChild } from './gpu/webgpuBench';
import { benchHllm } from './hllm';
import { benchIngest } from './ingest';
import { benchItemLlmBrowser } from './itemLlmBrowser';
import { benchItemLlmScale } from './itemLlmScale';
import { benchProjection } from './projection';
import { benchQuality, formatQualityTable } from './quality';
import { benchTraining } from './training';
import { profileTrainingKernels } from './trainingKernels';
import { profileEvaluation } from './evaluationProfile';

/** Every benchmark by name, in the order `npm run bench` runs them (ingest first: it measures memory). */
const BENCHES: Record<string, () => Promise<unknown>> = {
  ingest: benchIngest,
  dataset: async () => benchDataset(),
  encoding: benchEncoding,
  training: () => benchTraining(),
  kernels: () => profileTrainingKernels(),
  evaluation: () => profileEvaluation(),
  hllm: benchHllm,
  'itemllm-scale': benchItemLlmScale,
  float16: benchFloat16,
  webgpu: async () => benchWebgpuInChild(),
  projection: async () => benchProjection(),
  estimate: benchEstimate,
  'itemllm-browser': async () => {
    execSync('npx vite build', { stdio: 'inherit' });
    return benchItemLlmBrowser();
  },
  quality: async () => {
    const bench = await benchQuality();
    console.log(formatQualityTable(bench));
    return bench;
  },
  browser: async () => {
    execSync('npx vite build', { stdio: 'inherit' });
    return benchBrowser();
  },
};

/** Runs the benchmarks named on the command line (all when none) and writes bench/results.json. */
async function main(names: string[]): Promise<void> {
  const unknown = names.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) {
    throw new Error(
      `unknown benchmark ${unknown.join(', ')}; expected ${Object.keys(BENCHES).join(', ')}`,
    );
  }
  const selected = names.length > 0 ? names : Object.keys(BENCHES);
  const results: Record<string, unknown> = {};
  for (const name of selected) {
    const start = performance.now();
    console.log(`--- ${name} (load average ${loadavg()[0].toFixed(2)})`);
    results[name] = await BENCHES[name]();
    console.log(JSON.stringify(results[name], null, 2));
    console.log(`--- ${name} took ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  const record = {
    command: `npm run bench${names.length > 0 ? ` -- ${names.join(' ')}` : ''}`,
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    results,
  };
  writeFileSync(
    `bench/results${names.length > 0 ? `-${selected.join('-')}` : ''}.json`,
    `${JSON.stringify(record, null, 2)}\n`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
