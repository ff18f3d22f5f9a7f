import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Metrics } from '../../src/evaluation/metrics';
import { METRIC_NAMES, SLICE_NAMES } from '../../src/evaluation/metrics';
import { isEntry } from './entry';
import type { SweepDataset } from './jobs';
import type { OfficialVariant } from './protocol';
import type { JobResult } from './runJob';

/** Reads every `<id>.json` job result in `dir` (other files are ignored). */
export function readResults(dir: string): JobResult[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as JobResult)
    .filter((r) => r.job !== undefined && typeof r.job.id === 'string')
    .sort((a, b) => a.job.id.localeCompare(b.job.id));
}

/** Mean and sample standard deviation (0 for one value). */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance =
    values.length > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}

const fmt = (v: number | undefined | null): string => (v == null ? '—' : v.toFixed(2));

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

const DATASET_ORDER: readonly SweepDataset[] = ['movielens-100k', 'amazon-scientific-unisrec'];

function modelLabel(r: JobResult): string {
  const m = r.job.model;
  if (m === 'reference-sasrec') return 'SASRec (PyTorch reference)';
  if (m === 'reference-hstu') return 'HSTU (PyTorch reference)';
  if (m === 'sasrec') return 'SASRec (ours, jax-js Wasm)';
  if (m === 'hstu') return 'HSTU (ours, jax-js Wasm)';
  if (m === 'llmidrec') return 'LLMIDRec (ours, jax-js Wasm)';
  if (m === 'popularity') return 'Popularity';
  if (r.job.itemEncoder === 'hashed-bow') return 'HLLM, frozen hashed bag-of-words items';
  if (r.job.itemEncoder === 'frozen-random-llama') return 'HLLM, frozen random-init Item LLM';
  return 'HLLM, scratch Item LLM trained jointly';
}

/** Row order of the tables: ours beside the reference, then the baselines, then HLLM. */
const LABEL_ORDER = [
  'SASRec (ours, jax-js Wasm)',
  'SASRec (PyTorch reference)',
  'HSTU (ours, jax-js Wasm)',
  'HSTU (PyTorch reference)',
  'LLMIDRec (ours, jax-js Wasm)',
  'Popularity',
  'HLLM, frozen hashed bag-of-words items',
  'HLLM, frozen random-init Item LLM',
  'HLLM, scratch Item LLM trained jointly',
];

const byLabel = (a: JobResult, b: JobResult): number =>
  LABEL_ORDER.indexOf(modelLabel(a)) - LABEL_ORDER.indexOf(modelLabel(b)) ||
  a.job.seed - b.job.seed;

function epochsCell(r: JobResult): string {
  if (r.epochsRun === undefined) return '';
  const partial = (r.skippedSteps ?? 0) > 0 ? ', last epoch partial' : '';
  return `${r.bestEpoch}/${r.epochsRun}${r.cutByBudget ? ` (budget${partial})` : ''}`;
}

/** Mean ± sample std [min, max] of `metric` over runs (the value alone for one run). */
function spreadCell(runs: JobResult[], metric: 'R@10' | 'N@10' | 'N@200'): string {
  const values = runs
    .map((r) => r.test?.all)
    .filter((m): m is Metrics => m != null)
    .map((m) => m[metric]);
  if (values.length === 0) return '—';
  const { mean, std } = meanStd(values);
  if (values.length === 1) return fmt(mean);
  return `${fmt(mean)} ± ${fmt(std)} [${fmt(Math.min(...values))}, ${fmt(Math.max(...values))}]`;
}

/** What an official-group variant changes, for its row label. */
const VARIANT_LABEL: Record<OfficialVariant, string> = {
  official: 'official settings',
  'no-chunking': 'one sample per user',
  'shared-negatives': 'shared negative pool',
  'shared-no-chunking': 'shared pool, one sample per user',
};

function officialRows(results: JobResult[], dataset: SweepDataset): string[][] {
  const mine = results
    .filter((r) => r.job.group === 'official' && r.job.dataset === dataset && r.status === 'ok')
    .sort(byLabel);
  const labelOf = (r: JobResult) =>
    r.job.model === 'popularity' || r.job.model === 'hllm'
      ? modelLabel(r)
      : `${modelLabel(r)}, ${VARIANT_LABEL[r.job.variant ?? 'official']}`;
  const labels = [...new Set(mine.map(labelOf))];
  return labels.map((label) => {
    const runs = mine.filter((r) => labelOf(r) === label);
    return [
      label,
      runs.map((r) => r.job.seed).join(', '),
      spreadCell(runs, 'R@10'),
      spreadCell(runs, 'N@10'),
      spreadCell(runs, 'N@200'),
      runs.map(epochsCell).join(', '),
      runs.map((r) => (r.trainSeconds !== undefined ? r.trainSeconds.toFixed(0) : '—')).join(', '),
    ];
  });
}

/**
 * The issue's parity test on the official group: whether each side's seed mean of `metric` lies
 * inside the other side's seed range (ours against the PyTorch reference, official settings).
 * With a single seed a side has no range: `referenceInside` (or `oursInside`) is then null and
 * `parity` is only decided by more seeds.
 */
export function officialParity(
  results: JobResult[],
  model: 'sasrec' | 'hstu',
  metric: 'R@10' | 'N@10' | 'N@200',
):
  | {
      ours: number[];
      reference: number[];
      oursInside: boolean | null;
      referenceInside: boolean | null;
      parity: boolean | null;
    }
  | undefined {
  const values = (m: string) =>
    results
      .filter(
        (r) =>
          r.job.group === 'official' &&
          r.job.dataset === 'movielens-100k' &&
          r.job.model === m &&
          (r.job.variant ?? 'official') === 'official' &&
          r.status === 'ok' &&
          r.test?.all != null,
      )
      .map((r) => (r.test?.all as Metrics)[metric]);
  const ours = values(model);
  const reference = values(`reference-${model}`);
  if (ours.length === 0 || reference.length === 0) return undefined;
  const inside = (mean: number, range: number[]) =>
    range.length < 2 ? null : mean >= Math.min(...range) && mean <= Math.max(...range);
  const oursInside = inside(meanStd(ours).mean, reference);
  const referenceInside = inside(meanStd(reference).mean, ours);
  const parity =
    oursInside === false || referenceInside === false
      ? false
      : oursInside === null || referenceInside === null
        ? null
        : true;
  return { ours, reference, oursInside, referenceInside, parity };
}

/** The parity line of one model and metric. */
function parityLine(
  model: string,
  metric: string,
  p: NonNullable<ReturnType<typeof officialParity>>,
): string {
  const place = (inside: boolean | null, of: string) =>
    inside === null
      ? `no range yet (one seed of ${of})`
      : inside
        ? `inside ${of}`
        : `outside ${of}`;
  const verdict = p.parity === null ? 'undecided' : p.parity ? 'parity' : 'no parity';
  return (
    `- ${model} ${metric}: ours ${fmt(meanStd(p.ours).mean)} over ${p.ours.length} seed(s), ` +
    `reference ${fmt(meanStd(p.reference).mean)} over ${p.reference.length}; our mean ` +
    `${place(p.oursInside, "the reference's seed range")}, the reference's mean ` +
    `${place(p.referenceInside, 'ours')}: ${verdict}.`
  );
}

function parityRows(results: JobResult[], dataset: SweepDataset): string[][] {
  const mine = results
    .filter((r) => r.job.group === 'parity' && r.job.dataset === dataset && r.status === 'ok')
    .sort(byLabel);
  const labels = [...new Set(mine.map(modelLabel))];
  return labels.map((label) => {
    const runs = mine.filter((r) => modelLabel(r) === label);
    const all = runs.map((r) => r.test?.all).filter((m): m is Metrics => m != null);
    const cell = (metric: 'R@10' | 'N@10'): string => {
      if (all.length === 0) return '—';
      const values = all.map((m) => m[metric]);
      const { mean, std } = meanStd(values);
      if (values.length === 1) return fmt(mean);
      return `${fmt(mean)} ± ${fmt(std)} [${fmt(Math.min(...values))}, ${fmt(Math.max(...values))}]`;
    };
    return [
      label,
      runs.map((r) => r.job.seed).join(', '),
      cell('R@10'),
      cell('N@10'),
      runs.map(epochsCell).join(', '),
      runs.map((r) => (r.trainSeconds !== undefined ? r.trainSeconds.toFixed(0) : '—')).join(', '),
    ];
  });
}

/**
 * Whether our SASRec's seed mean of `metric` lies within the reference's seed range (min–max over
 * seeds); undefined when either side has no result.
 */
export function withinReferenceSpread(
  results: JobResult[],
  dataset: SweepDataset,
  metric: 'R@10' | 'N@10',
): { ours: number; min: number; max: number; within: boolean } | undefined {
  const values = (model: string) =>
    results
      .filter(
        (r) =>
          r.job.group === 'parity' &&
          r.job.dataset === dataset &&
          r.job.model === model &&
          r.status === 'ok' &&
          r.test?.all != null,
      )
      .map((r) => (r.test?.all as Metrics)[metric]);
  const ours = values('sasrec');
  const ref = values('reference-sasrec');
  if (ours.length === 0 || ref.length === 0) return undefined;
  const mean = meanStd(ours).mean;
  const min = Math.min(...ref);
  const max = Math.max(...ref);
  return { ours: mean, min, max, within: mean >= min && mean <= max };
}

function coldSummary(results: JobResult[], dataset: SweepDataset): string {
  const mine = results
    .filter((r) => r.job.group === 'cold-start' && r.job.dataset === dataset)
    .sort(byLabel);
  const header = ['model', 'epochs (best/run)'];
  for (const slice of SLICE_NAMES) header.push(`${slice} R@10`, `${slice} N@10`, `${slice} R@50`);
  const rows = mine.map((r) => {
    const row = [modelLabel(r), r.status === 'ok' ? epochsCell(r) : `error: ${r.error ?? ''}`];
    for (const slice of SLICE_NAMES) {
      const m = r.test?.[slice];
      row.push(fmt(m?.['R@10']), fmt(m?.['N@10']), fmt(m?.['R@50']));
    }
    return row;
  });
  return table(header, rows);
}

function coldFull(results: JobResult[], dataset: SweepDataset): string {
  const mine = results
    .filter((r) => r.job.group === 'cold-start' && r.job.dataset === dataset && r.status === 'ok')
    .sort(byLabel);
  const rows: string[][] = [];
  for (const slice of SLICE_NAMES) {
    for (const r of mine) {
      const m = r.test?.[slice];
      rows.push([slice, modelLabel(r), ...METRIC_NAMES.map((k) => fmt(m?.[k]))]);
    }
  }
  return table(['slice', 'model', ...METRIC_NAMES], rows);
}

function sliceSizes(results: JobResult[], group: JobResult['job']['group']): string {
  const rows: string[][] = [];
  for (const dataset of DATASET_ORDER) {
    const r = results.find((x) => x.job.group === group && x.job.dataset === dataset && x.split);
    if (r?.split === undefined) continue;
    const s = r.split;
    rows.push([
      dataset,
      String(s.numUsers),
      String(s.numItems),
      String(s.coldItems),
      ...SLICE_NAMES.map((n) => String(s.testSliceSizes[n] ?? 0)),
      s.fingerprint,
    ]);
  }
  return table(
    ['dataset', 'users', 'items', 'cold items', ...SLICE_NAMES.map((n) => `test ${n}`), 'split'],
    rows,
  );
}

/** The sweep's results as markdown: parity (mean ± std [min, max] over seeds), cold-start slices, full K tables, errors. */
export function formatReport(results: JobResult[]): string {
  const out: string[] = ['# Quality sweep', ''];
  const machine = results[0]?.machine;
  if (machine) {
    out.push(
      `Machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; each job one process, one thread; ` +
        `budget ${results[0].budgetSeconds} s per job. Metrics ×100, full ranking, items the user had before the target masked.`,
      '',
    );
  }
  out.push(
    '## Parity (README protocol: BCE, d = 50, 2 blocks, 1 head, maxlen 50, no cold hold-out)',
    '',
    'Test at the best-validation epoch; R@10 / N@10 as mean ± sample std [min, max] over seeds. Epochs: best/run per seed.',
    '',
    sliceSizes(results, 'parity'),
    '',
  );
  for (const dataset of DATASET_ORDER) {
    out.push(
      `### ${dataset}`,
      '',
      table(['model', 'seeds', 'R@10', 'N@10', 'epochs', 'train s'], parityRows(results, dataset)),
      '',
    );
    for (const metric of ['R@10', 'N@10'] as const) {
      const w = withinReferenceSpread(results, dataset, metric);
      if (w) {
        out.push(
          `- ${metric}: our SASRec mean ${fmt(w.ours)} is ${w.within ? 'within' : 'outside'} the reference's seed range [${fmt(w.min)}, ${fmt(w.max)}].`,
        );
      }
    }
    out.push('');
  }
  out.push(
    '## Cold-start (InfoNCE for every model, 10% of items held out of training, same split)',
    '',
    sliceSizes(results, 'cold-start'),
    '',
  );
  for (const dataset of DATASET_ORDER) {
    out.push(
      `### ${dataset}: R@10 / N@10 / R@50 per slice`,
      '',
      coldSummary(results, dataset),
      '',
      `### ${dataset}: every K`,
      '',
      coldFull(results, dataset),
      '',
    );
  }
  if (results.some((r) => r.job.group === 'official')) {
    out.push(
      '## Official settings (per-position negatives, constant rate, chunked histories, N@200, patience 10)',
      '',
      'The parity data and sizes (d = 50, 2 blocks, maxlen 50, no cold hold-out) trained as the `paper-faithful` ID preset; rows that undo one fix say which. Test R@10 / N@10 / N@200 as mean ± sample std [min, max] over seeds.',
      '',
      sliceSizes(results, 'official'),
      '',
    );
    for (const dataset of DATASET_ORDER) {
      const rows = officialRows(results, dataset);
      if (rows.length === 0) continue;
      out.push(
        `### ${dataset}`,
        '',
        table(['model, setting', 'seeds', 'R@10', 'N@10', 'N@200', 'epochs', 'train s'], rows),
        '',
      );
    }
    for (const model of ['sasrec', 'hstu'] as const) {
      for (const metric of ['R@10', 'N@10', 'N@200'] as const) {
        const p = officialParity(results, model, metric);
        if (p !== undefined) out.push(parityLine(model, metric, p));
      }
    }
    out.push('');
  }
  const notes = [...new Set(results.flatMap((r) => r.notes.filter((n) => n.startsWith('HLLM'))))];
  if (notes.length > 0)
    out.push('## What the HLLM rows are', '', ...notes.map((n) => `- ${n}`), '');
  const errors = results.filter((r) => r.status !== 'ok');
  if (errors.length > 0) {
    out.push('## Failed jobs', '', ...errors.map((r) => `- ${r.job.id}: ${r.error ?? ''}`), '');
  }
  return `${out.join('\n')}\n`;
}

if (isEntry(import.meta.url, 'report')) {
  const dir = process.argv[2];
  if (dir === undefined) {
    process.stderr.write('usage: report OUT_DIR\n');
    process.exit(2);
  }
  process.stdout.write(formatReport(readResults(dir)));
}
