import type { MetricName } from '../config/runConfig';
import type { SliceName } from '../dataset/types';

/** Cut-off K of a metric name (`R@10` → 10). */
function cutOff(metric: MetricName): number {
  return Number(metric.slice(2));
}

/** One sentence saying what a metric measures, for wherever it is shown. */
export function explainMetric(metric: MetricName): string {
  const k = cutOff(metric);
  return metric.startsWith('R@')
    ? `Recall@${k}: the share of test users whose held-out next item is among the model's top ${k}.`
    : `NDCG@${k}: like Recall@${k}, but a hit counts more the higher it ranks (1 at the top, less further down, 0 outside the top ${k}).`;
}

/** One sentence saying which test users a slice holds. */
export const SLICE_EXPLANATIONS: Readonly<Record<SliceName, string>> = {
  all: 'Every test user: the last item of each history is held out and ranked against the whole catalogue.',
  cold: 'Users whose held-out item never appeared in training: a new item the model has only its text (or nothing) to go on.',
  longtail: 'Users whose held-out item was rare in training (a few interactions at most).',
  short: 'Users with short histories: little to learn their taste from.',
};

/** Why HLLM can rank new items and an ID model cannot (beside the cold-slice numbers). */
export const COLD_START_STORY =
  'Why HLLM can rank new items: SASRec, HSTU and LLMIDRec learn one vector per item id, and an item never seen in training keeps its untrained, random vector. HLLM builds every item vector from the item text with its Item LLM, so a new item lands near items described alike and can be recommended from its first day.';

/** What every chart's value axis shows: metrics are percentages. */
export const METRIC_AXIS = 'metric ×100 (%)';
