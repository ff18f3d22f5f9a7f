import { describe, expect, it } from 'vitest';
import { findJob, OFFICIAL_SEEDS, PARITY_SEEDS, sweepJobs } from '../../../bench/sweep/jobs';

describe('sweep jobs', () => {
  const jobs = sweepJobs();

  it('have unique ids and survive a JSON round trip', () => {
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
    expect(JSON.parse(JSON.stringify(jobs))).toEqual(jobs);
  });

  it('run our SASRec and the reference SASRec for every parity seed on both datasets', () => {
    for (const dataset of ['movielens-100k', 'amazon-scientific-unisrec'] as const) {
      for (const model of ['sasrec', 'reference-sasrec']) {
        const seeds = jobs
          .filter((j) => j.group === 'parity' && j.dataset === dataset && j.model === model)
          .map((j) => j.seed);
        expect(seeds).toEqual(PARITY_SEEDS[dataset]);
      }
    }
  });

  it('hold out the same fraction with the same seed in every cold-start job, three HLLM variants each', () => {
    const cold = jobs.filter((j) => j.group === 'cold-start');
    expect(new Set(cold.map((j) => `${j.coldFraction}/${j.seed}`)).size).toBe(1);
    expect(cold.every((j) => j.coldFraction > 0)).toBe(true);
    expect(jobs.filter((j) => j.group === 'parity').every((j) => j.coldFraction === 0)).toBe(true);
    for (const dataset of ['movielens-100k', 'amazon-scientific-unisrec']) {
      const encoders = cold
        .filter((j) => j.dataset === dataset && j.model === 'hllm')
        .map((j) => j.itemEncoder)
        .sort();
      expect(encoders).toEqual(['frozen-random-llama', 'hashed-bow', 'scratch-llama']);
    }
  });

  it('run SASRec and HSTU with the official settings against the reference over five MovieLens seeds', () => {
    const official = jobs.filter((j) => j.group === 'official');
    for (const model of ['sasrec', 'reference-sasrec', 'hstu', 'reference-hstu']) {
      const seeds = official
        .filter(
          (j) => j.dataset === 'movielens-100k' && j.model === model && j.variant === 'official',
        )
        .map((j) => j.seed);
      expect(seeds).toEqual([...OFFICIAL_SEEDS]);
    }
    expect(official.every((j) => j.coldFraction === 0)).toBe(true);
    for (const dataset of ['movielens-100k', 'amazon-scientific-unisrec']) {
      const models = new Set(official.filter((j) => j.dataset === dataset).map((j) => j.model));
      for (const model of ['sasrec', 'hstu', 'llmidrec', 'hllm', 'popularity']) {
        expect(models.has(model as never)).toBe(true);
      }
      const variants = official
        .filter((j) => j.dataset === dataset && j.model === 'sasrec')
        .map((j) => j.variant);
      expect(variants).toContain('shared-negatives');
      expect(variants).toContain('shared-no-chunking');
    }
  });

  it('findJob names the known ids for an unknown one', () => {
    expect(findJob(jobs[0].id)).toEqual(jobs[0]);
    expect(() => findJob('nope')).toThrow(/unknown job id "nope".*parity-ml100k-sasrec-s42/);
  });
});
