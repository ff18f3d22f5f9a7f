import { textField } from '../dataset/itemText';
import type { Dataset, Split } from '../dataset/types';
import type { EvalResult } from '../evaluation/evaluate';

/** One item as the Inspect step shows it: its original id and title (as plain text). */
export interface InspectedItem {
  index: number;
  id: string;
  title: string;
}

/** One test case of a finished run: the history, the held-out target and both top lists. */
export interface InspectedCase {
  /** Index into the run's test cases. */
  caseIndex: number;
  userId: string;
  history: InspectedItem[];
  target: InspectedItem;
  /** Whether the target is a held-out new (cold) item, never seen in training. */
  targetCold: boolean;
  /** How often the target occurs in the training sequences. */
  targetTrainCount: number;
  /** 0-based rank the model gave the target. */
  modelRank: number;
  /** The model's top items, best first. */
  modelTop: InspectedItem[];
  /** 0-based rank the popularity baseline gave the target. */
  popularityRank: number;
  popularityTop: InspectedItem[];
}

/** What is kept of a finished run so that its test cases can be inspected. */
export interface RunInspectionData {
  dataset: Dataset;
  split: Split;
  model: EvalResult;
  popularity: EvalResult;
}

/** The item of dense index `index`, titled by its first non-empty text field (else its id). */
export function inspectedItem(dataset: Dataset, index: number): InspectedItem {
  const text = dataset.itemText[index] ?? {};
  const field = dataset.textFields.find((f) => (textField(text, f) ?? '').trim().length > 0);
  const title = field === undefined ? undefined : textField(text, field);
  return { index, id: dataset.itemIds[index], title: title ?? dataset.itemIds[index] };
}

/** Describes test case `caseIndex` of a run; throws a RangeError when there is no such case. */
export function inspectCase(data: RunInspectionData, caseIndex: number): InspectedCase {
  const cases = data.split.test;
  if (!Number.isInteger(caseIndex) || caseIndex < 0 || caseIndex >= cases.length) {
    throw new RangeError(`test case ${caseIndex} does not exist (0..${cases.length - 1})`);
  }
  const c = cases[caseIndex];
  const item = (i: number) => inspectedItem(data.dataset, i);
  return {
    caseIndex,
    userId: data.dataset.userIds[c.user],
    history: Array.from(c.history, item),
    target: item(c.target),
    targetCold: data.split.coldItems[c.target] === 1,
    targetTrainCount: data.split.itemTrainCount[c.target],
    modelRank: data.model.ranks[caseIndex],
    modelTop: Array.from(data.model.topK[caseIndex] ?? [], item),
    popularityRank: data.popularity.ranks[caseIndex],
    popularityTop: Array.from(data.popularity.topK[caseIndex] ?? [], item),
  };
}
