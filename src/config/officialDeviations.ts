import { DEFAULT_ITEM_LLM, OFFICIAL_TRAINING } from './defaults';
import type { RunConfig } from './runConfig';

/**
 * How a run config departs from the official HLLM code's settings (bytedance/HLLM: its loader,
 * trainer, the ID and LLM yaml files and `reproduce/` scripts), one sentence each; empty when it
 * follows them. Sizes scaled to a tab (history length, epochs, batch, widths) are not listed.
 */
export function officialDeviations(config: RunConfig): string[] {
  const out: string[] = [];
  const { data, train, model } = config;
  if (data.coldFraction > 0) {
    out.push(
      `${Math.round(data.coldFraction * 100)}% of items held out as new (the official protocol holds none)`,
    );
  }
  if (!data.chunkHistories) {
    out.push('one training sample per user (the official loader chunks long histories)');
  }
  if (data.evalUsers > 0) {
    out.push(
      `validation and test on a seeded sample of ${data.evalUsers} users (officially every user)`,
    );
  }
  if (train.loss !== 'infonce') out.push(`${train.loss} loss (the official models train InfoNCE)`);
  if (train.gradClip > 0) {
    out.push(`gradients clipped at ${train.gradClip} (the official trainer does not clip)`);
  }
  if (train.earlyStopMetric !== OFFICIAL_TRAINING.earlyStopMetric) {
    out.push(
      `model selection on ${train.earlyStopMetric} (officially ${OFFICIAL_TRAINING.earlyStopMetric})`,
    );
  }
  const llm = model.kind === 'hllm';
  const patience = OFFICIAL_TRAINING.patience[llm ? 'hllm' : 'id'];
  if (train.patience !== patience) {
    out.push(
      `patience ${train.patience} (officially ${patience} for ${llm ? 'HLLM' : 'ID models'})`,
    );
  }
  if (llm) {
    if (
      train.schedule !== 'cosine' ||
      train.warmupFraction !== OFFICIAL_TRAINING.hllmWarmupFraction ||
      train.warmupSteps > 0
    ) {
      out.push(
        'learning-rate schedule (officially cosine decay after warming up over 10% of steps)',
      );
    }
    const encoder = model.itemEncoder;
    if (encoder.kind === 'frozen' || encoder.kind === 'precomputed') {
      out.push(
        "frozen item embeddings (the paper's frozen ablation; officially the Item LLM is fine-tuned)",
      );
    } else if (encoder.kind === 'scratch') {
      out.push('Item LLM trained from scratch (officially a pretrained checkpoint)');
    } else {
      out.push(
        encoder.model === DEFAULT_ITEM_LLM
          ? `Item LLM ${encoder.model}: random weights for wiring and teaching, not a language model (officially pretrained TinyLlama-1.1B or Baichuan2-7B; choose a Hub checkpoint for real figures)`
          : `Item LLM ${encoder.model} (officially TinyLlama-1.1B or Baichuan2-7B)`,
      );
      if (encoder.topLayers !== 'all') {
        out.push(
          encoder.topLayers === 0
            ? "Item LLM frozen (the paper's frozen ablation; officially every layer is fine-tuned)"
            : `only the top ${encoder.topLayers} Item LLM layers fine-tuned (officially all)`,
        );
      }
      if (encoder.lora > 0)
        out.push(`LoRA r=${encoder.lora} on the Item LLM (officially full fine-tuning)`);
      if (model.userInit === 'random') {
        out.push(
          'a random small User LLM (officially the User LLM starts from the same checkpoint)',
        );
      }
      if ((model.userLora ?? 0) > 0) {
        out.push(`LoRA r=${model.userLora} on the User LLM (officially full fine-tuning)`);
      }
    }
    if ((model.negatives ?? 'reencode') === 'epoch-cache') {
      out.push('negatives from an epoch cache (officially re-encoded every step)');
    }
  } else {
    if (train.loss === 'infonce' && train.negativeSampling !== 'per-position') {
      out.push('one shared pool of negatives (the official SASRec/HSTU draw them per position)');
    }
    if (train.schedule !== 'constant' || train.warmupSteps > 0 || train.warmupFraction > 0) {
      out.push('a learning-rate schedule (the official ID models train at a constant rate)');
    }
  }
  return out;
}
