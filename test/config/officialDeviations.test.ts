import { describe, expect, it } from 'vitest';
import { defaultRunConfig, MODEL_KINDS, presetRunConfig } from '../../src/config/defaults';
import { officialDeviations } from '../../src/config/officialDeviations';

describe('deviations from the official settings', () => {
  it('lists none for the paper-faithful ID runs, only the checkpoint for HLLM', () => {
    expect(officialDeviations(presetRunConfig('paper-faithful', 'sasrec'))).toEqual([]);
    expect(officialDeviations(presetRunConfig('paper-faithful', 'hstu'))).toEqual([]);
    const hllm = officialDeviations(presetRunConfig('paper-faithful', 'hllm'));
    expect(hllm).toHaveLength(1);
    expect(hllm[0]).toMatch(
      /^Item LLM tiny-llama-random: random weights .*officially pretrained TinyLlama-1\.1B/,
    );
  });

  it("names each of the playground's defaults that differ, and the cold-start lab's hold-out", () => {
    expect(officialDeviations(defaultRunConfig('sasrec'))).toEqual([
      'gradients clipped at 1 (the official trainer does not clip)',
      'patience 3 (officially 10 for ID models)',
      'one shared pool of negatives (the official SASRec/HSTU draw them per position)',
    ]);
    const lab = officialDeviations(presetRunConfig('cold-start-lab', 'hllm'));
    expect(lab[0]).toBe('10% of items held out as new (the official protocol holds none)');
    expect(lab.join('; ')).toMatch(
      /Item LLM tiny-llama-random: random weights for wiring and teaching, not a language model/,
    );
    expect(lab.join('; ')).not.toMatch(/frozen/);
    const base = presetRunConfig('cold-start-lab', 'hllm');
    if (base.model.kind !== 'hllm') throw new Error('expected HLLM');
    const frozen = officialDeviations({
      ...base,
      model: { ...base.model, itemEncoder: { kind: 'frozen', model: 'm', pooling: 'last' } },
    });
    expect(frozen).toContain(
      "frozen item embeddings (the paper's frozen ablation; officially the Item LLM is fine-tuned)",
    );
  });

  it('flags a changed loss, schedule and history sampling for every model', () => {
    for (const kind of MODEL_KINDS) {
      const config = presetRunConfig('paper-faithful', kind);
      const changed = {
        ...config,
        data: { ...config.data, chunkHistories: false },
        train: { ...config.train, earlyStopMetric: 'N@10' as const, warmupSteps: 7 },
      };
      const list = officialDeviations(changed).join('; ');
      expect(list, kind).toMatch(/one training sample per user/);
      expect(list, kind).toMatch(/model selection on N@10 \(officially N@200\)/);
      expect(list, kind).toMatch(/learning-rate schedule/);
    }
  });
});
