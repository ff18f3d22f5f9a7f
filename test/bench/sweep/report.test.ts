import { describe, expect, it } from 'vitest';
import { findJob } from '../../../bench/sweep/jobs';
import {
  formatReport,
  meanStd,
  officialParity,
  withinReferenceSpread,
} from '../../../bench/sweep/report';
import type { JobResult } from '../../../bench/sweep/runJob';
import { METRIC_NAMES } from '../../../src/evaluation/metrics';
import type { Metrics } from '../../../src/evaluation/metrics';

function metrics(r10: number): Metrics {
  return Object.fromEntries(METRIC_NAMES.map((m) => [m, m === 'R@10' ? r10 : r10 / 2])) as Metrics;
}

function result(id: string, r10: number, extra: Partial<JobResult> = {}): JobResult {
  return {
    job: findJob(id),
    status: 'ok',
    epochCap: 10,
    test: { all: metrics(r10), cold: metrics(r10 / 4), longtail: null, short: null },
    epochsRun: 10,
    bestEpoch: 5,
    totalSeconds: 1,
    budgetSeconds: 420,
    notes: [],
    machine: { cpus: 16, cpuModel: 'test', node: 'v20' },
    ...extra,
  };
}

describe('sweep report', () => {
  it('meanStd gives the mean and the sample standard deviation', () => {
    expect(meanStd([1, 2, 3])).toEqual({ mean: 2, std: 1 });
    expect(meanStd([4])).toEqual({ mean: 4, std: 0 });
  });

  const results = [
    result('parity-ml100k-sasrec-s42', 16),
    result('parity-ml100k-sasrec-s43', 17),
    result('parity-ml100k-sasrec-s44', 18),
    result('parity-ml100k-reference-sasrec-s42', 15),
    result('parity-ml100k-reference-sasrec-s43', 18),
    result('parity-ml100k-reference-sasrec-s44', 16.5),
    result('cold-ml100k-hllm-scratch-llama-s42', 4, { cutByBudget: true, skippedSteps: 3 }),
    {
      ...result('cold-ml100k-sasrec-s42', 0),
      status: 'error' as const,
      test: undefined,
      error: 'boom',
    },
  ];

  it('says whether our SASRec seed mean lies within the reference seed range', () => {
    expect(withinReferenceSpread(results, 'movielens-100k', 'R@10')).toEqual({
      ours: 17,
      min: 15,
      max: 18,
      within: true,
    });
    const shifted = results.map((r) =>
      r.job.model === 'sasrec' && r.job.group === 'parity'
        ? result(r.job.id, (r.test?.all as Metrics)['R@10'] + 5)
        : r,
    );
    expect(withinReferenceSpread(shifted, 'movielens-100k', 'R@10')?.within).toBe(false);
    expect(withinReferenceSpread(results, 'amazon-scientific-unisrec', 'R@10')).toBeUndefined();
  });

  it('formats parity spread, cold-start slices, budget cuts and failures', () => {
    const md = formatReport(results);
    expect(md).toContain(
      '| SASRec (ours, jax-js Wasm) | 42, 43, 44 | 17.00 ± 1.00 [16.00, 18.00] |',
    );
    expect(md).toContain('our SASRec mean 17.00 is within the reference');
    expect(md).toMatch(
      /HLLM, scratch Item LLM trained jointly \| 5\/10 \(budget, last epoch partial\) \| 4\.00 \| 2\.00 \| 2\.00 \| 1\.00 \|/,
    );
    expect(md).toContain('- cold-ml100k-sasrec-s42: boom');
  });

  it('tests official-settings parity both ways and reports each fix as its own row', () => {
    const official = [
      result('official-ml100k-sasrec-s42', 18),
      result('official-ml100k-sasrec-s43', 19),
      result('official-ml100k-reference-sasrec-s42', 17),
      result('official-ml100k-reference-sasrec-s43', 20),
      result('official-ml100k-hstu-s42', 10),
      result('official-ml100k-reference-hstu-s42', 14),
      result('official-ml100k-reference-hstu-s43', 15),
      result('official-ml100k-sasrec-shared-negatives-s42', 16),
      result('official-ml100k-llmidrec-s42', 17),
    ];
    // SASRec: ours 18.5 in [17, 20], reference 18.5 in [18, 19]; HSTU: ours 10 outside [14, 15].
    expect(officialParity(official, 'sasrec', 'R@10')).toEqual({
      ours: [18, 19],
      reference: [17, 20],
      oursInside: true,
      referenceInside: true,
      parity: true,
    });
    expect(officialParity(official, 'hstu', 'R@10')?.parity).toBe(false);
    // One seed has no range: undecided until more seeds run, unless the other side rules it out.
    const single = official.filter((r) => r.job.id !== 'official-ml100k-sasrec-s43');
    expect(officialParity(single, 'sasrec', 'R@10')).toMatchObject({
      oursInside: true,
      referenceInside: null,
      parity: null,
    });
    expect(officialParity(results, 'sasrec', 'R@10')).toBeUndefined();
    const report = formatReport(official);
    expect(report).toMatch(/## Official settings/);
    expect(report).toMatch(/SASRec \(ours, jax-js Wasm\), shared negative pool \| 42 \| 16\.00/);
    expect(report).toMatch(/LLMIDRec \(ours, jax-js Wasm\), official settings/);
    expect(report).toMatch(
      /sasrec R@10: ours 18\.50 over 2 seed\(s\), reference 18\.50 over 2; our mean inside .*: parity\./,
    );
    expect(report).toMatch(
      /hstu R@10: .*our mean outside the reference's seed range.*: no parity\./,
    );
  });
});
