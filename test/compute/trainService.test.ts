import { describe, expect, it } from 'vitest';
import { defaultRunConfig, defaultItemEncoder, presetRunConfig } from '../../src/config/defaults';
import type { RunConfig } from '../../src/config/runConfig';
import { createTrainService } from '../../src/compute/trainService';
import { tinyConfig, tinyDataset } from './tinyTrainRun';
import type { TrainEvent } from '../../src/training/trainEvents';

const dataset = tinyDataset;

describe('train service', () => {
  it('trains on a dataset, streams events and lets a test case be inspected', async () => {
    const service = createTrainService();
    const events: TrainEvent[] = [];
    const result = await service.train(dataset, tinyConfig(), (e) => events.push(e));
    expect(result.ok).toBe(true);
    if (!result.ok || result.value === null) throw new Error(JSON.stringify(result));
    const { id, record } = result.value;
    expect(record.device).toBe('wasm');
    expect(record.epochs).toHaveLength(2);
    expect(events.filter((e) => e.kind === 'epoch')).toHaveLength(2);
    expect(events.some((e) => e.kind === 'step')).toBe(true);
    expect(events[events.length - 1].kind).toBe('done');

    const count = await service.testCaseCount(id);
    expect(count).toEqual({ ok: true, value: record.dataset.testCases });
    const inspected = await service.inspect(id, 0);
    if (!inspected.ok) throw new Error(inspected.failure.message);
    const c = inspected.value;
    expect(c.modelTop).toHaveLength(10);
    expect(c.history.length).toBeGreaterThan(0);
    expect(c.target.title.length).toBeGreaterThan(0);
    const all = await Promise.all(
      Array.from({ length: record.dataset.testCases }, (_, i) => service.inspect(id, i)),
    );
    const cold = all.filter((r) => r.ok && r.value.targetCold);
    expect(cold.length).toBe(record.dataset.testSliceSizes.cold);
    const coldCases = await service.coldCases(id);
    expect(coldCases).toEqual({
      ok: true,
      value: all.flatMap((r, i) => (r.ok && r.value.targetCold ? [i] : [])),
    });
    expect(cold.every((r) => r.ok && r.value.targetTrainCount === 0)).toBe(true);
    const topIndices = c.modelTop.map((item) => item.index);
    expect(topIndices.includes(c.target.index)).toBe(c.modelRank < 10);
    expect(topIndices.some((i) => c.history.some((h) => h.index === i))).toBe(false);
  });

  it('reports a cancelled run as null with an error event, and unknown runs as failures', async () => {
    const service = createTrainService();
    const events: TrainEvent[] = [];
    const run = service.train(dataset, tinyConfig(), (e) => {
      events.push(e);
      if (e.kind === 'step' && e.step === 2) service.cancel();
    });
    const result = await run;
    expect(result).toEqual({ ok: true, value: null });
    const last = events[events.length - 1];
    expect(last.kind === 'error' && last.code).toBe('cancelled');
    const missing = await service.inspect(5, 0);
    expect(missing.ok).toBe(false);
  });

  it('trains HLLM over hashed text features and says so in the run record', async () => {
    const base = presetRunConfig('classroom-quick', 'hllm');
    if (base.model.kind !== 'hllm') throw new Error('expected HLLM');
    // The paper's frozen ablation (the default run fine-tunes its Item LLM).
    const frozen = defaultItemEncoder('frozen');
    if (frozen === undefined) throw new Error('expected a frozen encoder');
    const config: RunConfig = {
      ...base,
      model: { ...base.model, itemEncoder: frozen },
      data: { ...base.data, maxHistory: 10 },
      train: { ...base.train, epochs: 1, batchSize: 32, numNegatives: 32, warmupSteps: 0 },
    };
    const events: TrainEvent[] = [];
    const result = await createTrainService().train(dataset, config, (e) => events.push(e));
    if (!result.ok || result.value === null) throw new Error(JSON.stringify(events.at(-1)));
    const model = result.value.record.config.model;
    expect(model.kind === 'hllm' && model.itemEncoder).toEqual({
      kind: 'precomputed',
      path: 'hashed-bag-of-words:64',
    });
    expect(model.kind === 'hllm' && model.textFields).toEqual(['title', 'description']);
    expect(result.value.record.notes.some((n) => n.startsWith('HLLM: Item LLM not used'))).toBe(
      true,
    );
  });

  it('refuses the default HLLM run where its Item LLM files cannot be reached', async () => {
    const base = defaultRunConfig('hllm');
    const result = await createTrainService().train(dataset, base, () => undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure.message).toMatch(/Item LLM fine-tuning is not set up/);
  });

  it('turns a bad data config into a failure naming the problem', async () => {
    const config = tinyConfig();
    const result = await createTrainService().train(
      dataset,
      { ...config, data: { ...config.data, kCore: -1 } },
      () => undefined,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.failure.message).toMatch(/kCore/);
  });
});
