import { describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../../src/checkpoints/checkpoint';
import { defaultRunConfig } from '../../src/config/defaults';
import type { RunConfig } from '../../src/config/runConfig';
import type { ProjectionEvent, ProjectionSnapshot } from '../../src/compute/projection';
import { createTrainService } from '../../src/compute/trainService';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';

/** A tiny SASRec run: 2 epochs over 120 synthetic users, 20% new items. */
function tinyConfig(): RunConfig {
  const c = defaultRunConfig('sasrec');
  return {
    ...c,
    data: { ...c.data, kCore: 0, maxHistory: 10, coldFraction: 0.2 },
    model: c.model.kind === 'sasrec' ? { ...c.model, hiddenSize: 16, innerSize: 16 } : c.model,
    train: { ...c.train, epochs: 2, batchSize: 32, numNegatives: 32, patience: 0 },
  };
}

const dataset = generateSyntheticDataset({ seed: 3, numItems: 80, numUsers: 120 });

describe('train service: live projection and exports', () => {
  it('projects item embeddings before, during and after training, and exports the run', async () => {
    const service = createTrainService();
    const projection: ProjectionEvent[] = [];
    const result = await service.train(
      dataset,
      tinyConfig(),
      () => undefined,
      (e) => projection.push(e),
    );
    if (!result.ok || result.value === null) throw new Error(JSON.stringify(result));
    const { id, record } = result.value;
    const numItems = record.dataset.numItems;

    const [context, ...rest] = projection;
    if (context.kind !== 'context')
      throw new Error('the first projection event is not the context');
    expect(context.items).toHaveLength(numItems);
    expect(context.fields.map((f) => f.field)).toEqual([
      'subject',
      'topic',
      'series',
      ...dataset.textFields,
    ]);
    expect(context).toMatchObject({ runId: id, model: 'sasrec' });
    const newItems = context.cold.reduce((s, c) => s + c, 0);
    expect(newItems).toBeGreaterThan(0);
    expect(context.histories.length).toBeGreaterThan(0);
    const snapshots = rest as ProjectionSnapshot[];
    expect(snapshots.map((s) => s.label)).toEqual([
      'before training',
      'after epoch 1',
      `final (best epoch ${record.bestEpoch + 1})`,
    ]);
    expect(snapshots.map((s) => s.step)).toEqual([
      0,
      record.epochs[0].steps,
      record.epochs[0].steps + record.epochs[1].steps,
    ]);
    for (const s of snapshots) {
      expect(s.separation).toHaveLength(context.fields.length);
      expect(s.rows).toHaveLength(numItems * s.dim);
      expect(s.coords).toHaveLength(numItems * 2);
      expect(s.coords.every(Number.isFinite)).toBe(true);
    }
    const moved = snapshots[0].coords.some((x, i) => Math.abs(x - snapshots[2].coords[i]) > 1e-4);
    expect(moved).toBe(true);

    const checkpoint = await service.exportCheckpoint(id);
    if (!checkpoint.ok) throw new Error(checkpoint.failure.message);
    const decoded = decodeCheckpoint(checkpoint.value);
    expect(decoded.config.model.kind).toBe('sasrec');
    expect(decoded.datasetFingerprint).toBe(record.dataset.fingerprint);
    const table = Object.values(decoded.params).find((t) => t.shape[0] === numItems + 1);
    expect(table?.shape).toEqual([numItems + 1, 16]);

    const files = await service.exportItemEmbeddings(id);
    if (!files.ok) throw new Error(files.failure.message);
    const vectors = files.value.vectors.trimEnd().split('\n');
    expect(vectors).toHaveLength(numItems);
    expect(vectors.every((line) => line.split('\t').length === 16)).toBe(true);
    expect(vectors.every((line) => line.split('\t').every((x) => Number.isFinite(Number(x))))).toBe(
      true,
    );
    const [header, ...rows] = files.value.metadata.trimEnd().split('\n');
    expect(header.split('\t')).toEqual([
      'id',
      'title',
      'cold',
      'train_count',
      'title_first_word',
      'description_first_word',
    ]);
    expect(rows).toHaveLength(numItems);
    expect(rows.filter((r) => r.split('\t')[2] === 'new')).toHaveLength(newItems);
    expect(rows.every((r) => r.split('\t').length === header.split('\t').length)).toBe(true);

    const unknown = await service.exportCheckpoint(id + 1);
    expect(unknown.ok).toBe(false);
  });

  it('switches to Wasm on request and trains there', async () => {
    const service = createTrainService();
    const device = await service.useWasm();
    expect(device).toEqual({
      ok: true,
      value: {
        kind: 'wasm',
        reason: 'switched to Wasm after the WebGPU device was lost',
        threads: 1,
      },
    });
    expect(await service.detectDevice()).toEqual(device);
    const config = tinyConfig();
    const result = await service.train(
      dataset,
      { ...config, train: { ...config.train, epochs: 1 } },
      () => undefined,
    );
    expect(result.ok && result.value?.record.device).toBe('wasm');
  });
});
