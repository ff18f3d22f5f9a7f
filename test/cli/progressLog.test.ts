import { describe, expect, it } from 'vitest';
import { createProgressLog } from '../../src/cli/progressLog';
import { captureIo } from './cliFixtures';

describe('CLI progress lines', () => {
  it('writes at most one line every 10 s, plus the end of each pass and the first step', () => {
    let now = 0;
    const io = captureIo();
    const log = createProgressLog(io, () => now);
    const pass = (done: number, etaSeconds: number) =>
      log.pass('boundary cache', { done, total: 600, cached: 0, itemsPerSecond: 1.5, etaSeconds });
    pass(64, 357);
    now = 4_000;
    pass(128, 315); // too soon: skipped
    now = 11_000;
    pass(192, 272);
    now = 12_000;
    pass(600, 0); // the end of a pass is always written
    log.step({ kind: 'step', step: 1, epoch: 0, loss: 4.1234, seqPerSec: 0.5, etaSec: 3725 });
    now = 15_000;
    log.step({ kind: 'step', step: 2, epoch: 0, loss: 4.0, seqPerSec: 0.5, etaSec: 3700 });
    expect(io.stderr().split('\n').filter(Boolean)).toEqual([
      'boundary cache: 64/600 items, 1.50 items/s, ETA 5m 57s',
      'boundary cache: 192/600 items, 1.50 items/s, ETA 4m 32s',
      'boundary cache: 600/600 items, 1.50 items/s, ETA 0s',
      'step 1 (epoch 1)  loss 4.1234  0.500 seq/s  ETA 1h 02m',
    ]);
  });

  it('reports an evaluation with its users, rate and ETA', () => {
    let now = 0;
    const io = captureIo();
    const log = createProgressLog(io, () => now);
    const evaluate = (done: number) =>
      log.evaluate({
        kind: 'evaluate',
        phase: 'test',
        done,
        total: 8440,
        usersPerSecond: 120,
        etaSec: (8440 - done) / 120,
      });
    evaluate(256);
    now = 5_000;
    evaluate(512); // too soon
    now = 11_000;
    evaluate(1280);
    expect(io.stderr().split('\n').filter(Boolean)).toEqual([
      'test: 256/8440 users, 120 users/s, ETA 1m 08s',
      'test: 1280/8440 users, 120 users/s, ETA 1m 00s',
    ]);
  });

  it('reports file work with bytes/s and an ETA from its own start, and phases with their time', () => {
    let now = 0;
    const io = captureIo();
    const log = createProgressLog(io, () => now);
    const MiB = 2 ** 20;
    const read = (done: number, bytesDone: number) =>
      log.work('read', { done, total: 4, bytesDone, bytesTotal: 40 * MiB });
    read(0, 0);
    now = 2_000;
    read(1, 10 * MiB); // too soon after the first line
    now = 12_000;
    read(3, 30 * MiB);
    now = 13_000;
    read(4, 40 * MiB); // the end is always written
    log.begin('ingest', 'parsing 4 files (40.0 MiB)');
    log.finished('ingest', '10 users, 5 items', 3.26);
    expect(io.stderr().split('\n').filter(Boolean)).toEqual([
      'read: 0/4 files, 0 B of 40.0 MiB, —/s, ETA —',
      'read: 3/4 files, 30.0 MiB of 40.0 MiB, 2.5 MiB/s, ETA 4s',
      'read: 4/4 files, 40.0 MiB of 40.0 MiB, 3.1 MiB/s, ETA 0s',
      'ingest: parsing 4 files (40.0 MiB)…',
      'ingest: 10 users, 5 items in 3.3 s',
    ]);
  });
});
