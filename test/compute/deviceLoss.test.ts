import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../src/config/defaults';
import { watchDeviceLoss, withDeviceLoss } from '../../src/compute/deviceLoss';
import { liveRun } from '../../src/compute/liveRun';
import { preprocess } from '../../src/dataset/preprocess';
import { leaveOneOutSplit } from '../../src/dataset/split';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';
import type { TrainEvent } from '../../src/training/trainEvents';
import { handRecommender } from '../evaluation/fakeRecommender';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('device loss', () => {
  it('reports the loss message once the device is lost, and null before', async () => {
    let lose!: (info: { message: string }) => void;
    const lost = watchDeviceLoss({ lost: new Promise((resolve) => (lose = resolve)) });
    expect(lost()).toBeNull();
    lose({ message: 'Device was destroyed.' });
    await tick();
    expect(lost()).toBe('Device was destroyed.');
  });

  it('turns errors into device-lost only after a loss, and never a cancellation', () => {
    const error: TrainEvent = { kind: 'error', code: 'internal', message: 'mapAsync failed' };
    expect(withDeviceLoss(error, null)).toBe(error);
    expect(withDeviceLoss(error, 'GPU hung')).toEqual({
      kind: 'error',
      code: 'device-lost',
      message: 'The WebGPU device was lost (GPU hung); the run stopped at: mapAsync failed',
    });
    const cancelled: TrainEvent = { kind: 'error', code: 'cancelled', message: 'cancelled' };
    expect(withDeviceLoss(cancelled, 'GPU hung')).toBe(cancelled);
    const step: TrainEvent = { kind: 'step', step: 1, epoch: 0, loss: 1, seqPerSec: 1, etaSec: 1 };
    expect(withDeviceLoss(step, 'GPU hung')).toBe(step);
  });

  it('ends a run whose device is lost mid-training with a device-lost error event', async () => {
    const config = defaultRunConfig('sasrec');
    config.data = { ...config.data, kCore: 0, maxHistory: 10 };
    config.train = { ...config.train, epochs: 2, batchSize: 16 };
    const dataset = preprocess(
      generateSyntheticDataset({ seed: 5, numItems: 40, numUsers: 60 }),
      config.data,
    ).dataset;
    const split = leaveOneOutSplit(dataset, config.data, config.seed).split;
    let lostMessage: string | null = null;
    const live = liveRun(dataset, split, undefined, () => lostMessage);
    const model = handRecommender(
      Array.from({ length: split.numItems }, (_, i) => [i, 1]),
      (last) => [last, 1],
    );
    let steps = 0;
    model.trainStep = async () => {
      if (++steps === 3) {
        lostMessage = 'Device was lost (injected)';
        throw new Error('GPUBuffer.mapAsync: the operation failed');
      }
      return 1;
    };
    const events: TrainEvent[] = [];
    const result = await live.train({
      config,
      split,
      datasetName: dataset.name,
      device: 'webgpu',
      createModel: () => model,
      onEvent: (e) => events.push(e),
    });
    expect(result).toBeNull();
    expect(events.filter((e) => e.kind === 'step')).toHaveLength(2);
    expect(events[events.length - 1]).toEqual({
      kind: 'error',
      code: 'device-lost',
      message:
        'The WebGPU device was lost (Device was lost (injected)); the run stopped at: GPUBuffer.mapAsync: the operation failed',
    });
  });
});
