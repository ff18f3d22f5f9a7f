import { describe, expect, it } from 'vitest';
import { parseRunAllArgs, selectJobs } from '../../../bench/sweep/runAll';
import { PARITY_SEEDS, sweepJobs } from '../../../bench/sweep/jobs';

describe('runAll options and job order', () => {
  it('parses the out dir, concurrency, filters and resume; concurrency falls back to the env', () => {
    const options = parseRunAllArgs(
      ['out', '--concurrency', '3', '--filter', 'cold', '--resume'],
      {},
    );
    expect(options).toMatchObject({ concurrency: 3, filters: ['cold'], resume: true });
    expect(options.outDir.endsWith('out')).toBe(true);
    expect(parseRunAllArgs(['out'], { HLLM_CONCURRENCY: '5' }).concurrency).toBe(5);
    expect(() => parseRunAllArgs([], {})).toThrow(/usage/);
    expect(() => parseRunAllArgs(['out', '--concurrency', '0'], {})).toThrow(/concurrency/);
  });

  it('selects every job once without filters, references and popularity first', () => {
    const jobs = selectJobs({ filters: [] });
    expect(jobs.map((j) => j.id).sort()).toEqual(
      sweepJobs()
        .map((j) => j.id)
        .sort(),
    );
    const firstOurs = jobs.findIndex(
      (j) => j.model !== 'popularity' && !j.model.startsWith('reference'),
    );
    expect(
      jobs
        .slice(firstOurs)
        .every((j) => j.model !== 'popularity' && !j.model.startsWith('reference')),
    ).toBe(true);
    expect(jobs[firstOurs]).toMatchObject({
      model: 'hllm',
      itemEncoder: 'scratch-llama',
      dataset: 'amazon-scientific-unisrec',
    });
  });

  it('keeps only jobs whose id contains a filter', () => {
    const jobs = selectJobs({ filters: ['hllm', 'parity-ml100k-sasrec'] });
    // Three HLLM cold-start jobs and one official HLLM job per dataset, and our SASRec for every
    // MovieLens parity seed.
    expect(jobs.length).toBe(8 + PARITY_SEEDS['movielens-100k'].length);
    expect(jobs.every((j) => j.id.includes('hllm') || j.id.includes('parity-ml100k-sasrec'))).toBe(
      true,
    );
  });
});
