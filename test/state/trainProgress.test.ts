import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../src/evaluation/metrics';
import { applyTrainEvent, EMPTY_PROGRESS } from '../../src/state/trainProgress';

const metrics = { 'R@10': 12 } as Metrics;

describe('applyTrainEvent', () => {
  it('appends losses and keeps the latest step numbers', () => {
    let p = applyTrainEvent(EMPTY_PROGRESS, {
      kind: 'step',
      step: 1,
      epoch: 0,
      loss: 5,
      seqPerSec: 100,
      etaSec: 9,
    });
    p = applyTrainEvent(p, { kind: 'step', step: 2, epoch: 0, loss: 4, seqPerSec: 120, etaSec: 8 });
    expect(p.losses).toEqual([
      { step: 1, loss: 5 },
      { step: 2, loss: 4 },
    ]);
    expect(p.latest).toEqual({ step: 2, epoch: 0, seqPerSec: 120, etaSec: 8 });
    expect(EMPTY_PROGRESS.losses).toEqual([]);
  });

  it('records epochs with or without validation, and the final error', () => {
    let p = applyTrainEvent(EMPTY_PROGRESS, {
      kind: 'epoch',
      epoch: 0,
      loss: 4.5,
      valid: null,
      seconds: 2,
    });
    p = applyTrainEvent(p, { kind: 'epoch', epoch: 1, loss: 4, valid: metrics, seconds: 2 });
    p = applyTrainEvent(p, { kind: 'error', code: 'out-of-memory', message: 'buffer too big' });
    expect(p.epochs.map((e) => e.valid)).toEqual([null, metrics]);
    expect(p.error).toEqual({ code: 'out-of-memory', message: 'buffer too big' });
  });

  it('shows an Item LLM pass over the catalogue until it ends or a step starts', () => {
    const pass = { pass: 'boundary cache' as const, total: 100, itemsPerSecond: 2.5, etaSec: 30 };
    let p = applyTrainEvent(EMPTY_PROGRESS, { kind: 'pass', ...pass, done: 25 });
    expect(p.pass).toEqual({ ...pass, done: 25 });
    p = applyTrainEvent(p, { kind: 'pass', ...pass, done: 100, etaSec: 0 });
    expect(p.pass).toBeNull();
    p = applyTrainEvent(p, { kind: 'pass', ...pass, pass: 'negative cache', done: 10 });
    expect(p.pass?.pass).toBe('negative cache');
    p = applyTrainEvent(p, { kind: 'step', step: 1, epoch: 0, loss: 3, seqPerSec: 5, etaSec: 60 });
    expect(p.pass).toBeNull();
  });

  it('shows an evaluation under way until it ends or a step starts', () => {
    const evaluation = { phase: 'test' as const, total: 1000, usersPerSecond: 50, etaSec: 15 };
    let p = applyTrainEvent(EMPTY_PROGRESS, { kind: 'evaluate', ...evaluation, done: 250 });
    expect(p.evaluation).toEqual({ ...evaluation, done: 250 });
    p = applyTrainEvent(p, { kind: 'evaluate', ...evaluation, done: 1000, etaSec: 0 });
    expect(p.evaluation).toBeNull();
    p = applyTrainEvent(p, { kind: 'evaluate', ...evaluation, phase: 'validation', done: 10 });
    p = applyTrainEvent(p, { kind: 'step', step: 1, epoch: 0, loss: 3, seqPerSec: 5, etaSec: 60 });
    expect(p.evaluation).toBeNull();
  });
});
