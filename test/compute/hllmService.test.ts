import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetRunConfig } from '../../src/config/defaults';
import type { HllmConfig, ItemEncoderSpec, RunConfig } from '../../src/config/runConfig';
import { planItemLlm } from '../../src/compute/itemLlmPlan';
import { createTrainService } from '../../src/compute/trainService';
import { createLocalModelFiles } from '../../src/itemEncoders/node/localModelFiles';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';
import type { TrainEvent } from '../../src/training/trainEvents';

const FIXTURES = join(__dirname, '../fixtures');
const filesOf = (name: string) => createLocalModelFiles(join(FIXTURES, name));
const dataset = generateSyntheticDataset({ seed: 5, numItems: 40, numUsers: 60 });

/** A one-epoch HLLM run with the given Item LLM, sized for CI. */
function hllmConfig(itemEncoder: ItemEncoderSpec): RunConfig & { model: HllmConfig } {
  const base = presetRunConfig('classroom-quick', 'hllm');
  if (base.model.kind !== 'hllm') throw new Error('expected an HLLM preset');
  return {
    ...base,
    data: { ...base.data, kCore: 0, maxHistory: 6 },
    model: {
      ...base.model,
      user: { ...base.model.user, hiddenSize: 16, intermediateSize: 32, numLayers: 1 },
      itemEncoder,
      maxTextTokens: 96,
      negatives: 'epoch-cache',
    },
    train: { ...base.train, epochs: 1, batchSize: 16, numNegatives: 8, warmupSteps: 0 },
  };
}

async function trained(config: RunConfig) {
  const service = createTrainService({ itemLlmFiles: filesOf });
  const events: TrainEvent[] = [];
  const result = await service.train(dataset, config, (e) => events.push(e));
  if (!result.ok) throw new Error(result.failure.message);
  if (result.value === null) throw new Error(JSON.stringify(events.at(-1)));
  return { service, run: result.value, events };
}

describe('train service: HLLM with an Item LLM trained in the worker', () => {
  it('fine-tunes the top layer of a safetensors Llama, then ranks users for typed text', async () => {
    const spec: ItemEncoderSpec = { kind: 'finetune', model: 'tiny-llama', topLayers: 1, lora: 0 };
    const { service, run, events } = await trained(hllmConfig(spec));
    expect(events.some((e) => e.kind === 'step')).toBe(true);
    expect(run.record.config.model.kind === 'hllm' && run.record.config.model.itemEncoder).toEqual(
      spec,
    );
    const note = run.record.notes.find((n) => n.startsWith('HLLM: Item LLM'));
    expect(note).toContain('top 1 layer(s)');
    expect(typeof run.record.final.test.all?.['R@10']).toBe('number');

    const item = { title: 'A lost space opera', description: 'stars and ships' };
    const ranking = await service.rankUsersForNewItem(item, 5);
    if (!ranking.ok) throw new Error(ranking.failure.message);
    const { users, totalUsers, embeddedBy } = ranking.value;
    expect(embeddedBy).toContain('as trained by this run');
    expect(users).toHaveLength(5);
    expect(totalUsers).toBeGreaterThan(5);
    expect(users.every((u) => Math.abs(u.score) <= 1 + 1e-5)).toBe(true);
    for (let i = 1; i < users.length; i++)
      expect(users[i - 1].score).toBeGreaterThanOrEqual(users[i].score);
    // Same text, same ranking; different text, different scores.
    const again = await service.rankUsersForNewItem(item, 5);
    expect(again.ok && again.value.users.map((u) => u.score)).toEqual(users.map((u) => u.score));
    const other = await service.rankUsersForNewItem({ title: 'zzz qqq', description: '' }, 5);
    expect(other.ok && other.value.users[0].score).not.toBe(users[0].score);
  });

  it('trains a scratch Item LLM over a tokenizer and shows every run side by side per user', async () => {
    const scratch = hllmConfig({ kind: 'scratch', tokenizer: 'tiny-llama', layers: 1, width: 16 });
    const { service, run } = await trained(scratch);
    expect(run.record.notes.some((n) => n.includes('from scratch (1 layers × 16)'))).toBe(true);
    const second = await service.train(
      dataset,
      { ...scratch, model: { ...scratch.model, itemEncoder: { kind: 'precomputed', path: 'x' } } },
      () => undefined,
    );
    expect(second.ok).toBe(true);
    // The latest HLLM run (over hashed text features) now embeds new items, and says so.
    const hashed = await service.rankUsersForNewItem({ title: 'new', description: 'text' }, 3);
    if (!hashed.ok) throw new Error(hashed.failure.message);
    expect(hashed.value.runId).toBe(1);
    expect(hashed.value.embeddedBy).toMatch(/^a hashed bag-of-words of the text/);
    expect(hashed.value.users).toHaveLength(3);

    const found = await service.searchUsers('1', 3);
    if (!found.ok) throw new Error(found.failure.message);
    expect(found.value[0].caseIndex).toBe(0);
    const userId = found.value[0].userId;
    const compared = await service.compareUser(userId);
    if (!compared.ok) throw new Error(compared.failure.message);
    expect(compared.value.runs.map((r) => r.runId)).toEqual([0, 1]);
    for (const r of compared.value.runs) {
      expect(r.top).toHaveLength(10);
      for (let i = 1; i < r.top.length; i++) {
        expect(r.top[i - 1].score).toBeGreaterThanOrEqual(r.top[i].score - 1e-5);
      }
      expect(r.top.some((t) => t.index === compared.value.target.index)).toBe(r.targetRank < 10);
    }
    const missing = await service.compareUser('no such user');
    expect(!missing.ok && missing.failure.message).toMatch(/no such user/);
  });

  it('refuses fine-tuning without model files, and names a missing folder', async () => {
    const config = hllmConfig({ kind: 'finetune', model: 'tiny-llama', topLayers: 'all', lora: 0 });
    const none = await createTrainService().train(dataset, config, () => undefined);
    expect(!none.ok && none.failure.message).toMatch(/not set up/);
    const absent = await createTrainService({ itemLlmFiles: filesOf }).train(
      dataset,
      { ...config, model: { ...config.model, itemEncoder: { ...spec(config), model: 'nope' } } },
      () => undefined,
    );
    expect(!absent.ok && absent.failure.message).toMatch(/nope.*config\.json.*not found/);
    const noRun = await createTrainService().rankUsersForNewItem({ title: 'x' }, 3);
    expect(!noRun.ok && noRun.failure.message).toMatch(/No HLLM run/);
  });
});

function spec(config: RunConfig) {
  if (config.model.kind !== 'hllm' || config.model.itemEncoder.kind !== 'finetune') {
    throw new Error('expected a finetune spec');
  }
  return config.model.itemEncoder;
}

describe('planItemLlm', () => {
  it('estimates from config.json and names what to shrink when over budget', async () => {
    const config = hllmConfig({ kind: 'finetune', model: 'tiny-llama', topLayers: 'all', lora: 0 });
    const fits = await planItemLlm(config, 40, filesOf);
    expect(fits.architectureFrom).toBe('config.json');
    expect(fits.refusal).toBeNull();
    expect(fits.memory.total).toBeGreaterThan(fits.memory.weights);
    // A budget just below the plan's peak is met with a smaller micro-batch or per-layer stages.
    const smaller = await planItemLlm(config, 40, filesOf, fits.memory.total - 1);
    expect(smaller.refusal).toBeNull();
    expect(smaller.itemRows * smaller.stageLayers).toBeLessThan(fits.itemRows * fits.stageLayers);
    const tight = await planItemLlm(config, 40, filesOf, fits.memory.weights);
    expect(tight.refusal).toMatch(/HLLM needs about .* the largest part is \w+ .*: /);
  });

  it('takes curated Hub checkpoints from the list without downloading', async () => {
    const config = hllmConfig({
      kind: 'finetune',
      model: 'HuggingFaceTB/SmolLM2-135M',
      topLayers: 1,
      lora: 0,
    });
    const plan = await planItemLlm(config, 1000, () => {
      throw new Error('must not read files');
    });
    expect(plan.architectureFrom).toBe('curated list');
    expect(plan.params).toBeGreaterThan(100e6);
  });
});
