import { MODEL_KINDS, type ModelKind } from '../config/defaults';
import { withModelKind } from '../config/modelSwitch';
import type { RunConfig } from '../config/runConfig';

/**
 * The models trained side by side by one Start, in display order (`MODEL_KINDS`). The set is a
 * UI and queue concept: each model still trains from its own serialisable `RunConfig`
 * (`modelSetConfigs`).
 */
export type ModelSet = readonly ModelKind[];

/** `kinds` without repeats, in display order. */
export function normaliseModelSet(kinds: readonly ModelKind[]): ModelKind[] {
  return MODEL_KINDS.filter((kind) => kinds.includes(kind));
}

/** The set with `kind` added, or removed when it is there (the edited model always stays). */
export function toggleModel(set: ModelSet, kind: ModelKind, edited: ModelKind): ModelKind[] {
  if (kind === edited) return normaliseModelSet([...set, edited]);
  return set.includes(kind)
    ? normaliseModelSet(set.filter((k) => k !== kind))
    : normaliseModelSet([...set, kind]);
}

/** The set after the edited model changes from `from` to `to` (`to` takes `from`'s place). */
export function switchEditedModel(set: ModelSet, from: ModelKind, to: ModelKind): ModelKind[] {
  return normaliseModelSet([...set.filter((k) => k !== from), to]);
}

/**
 * One run config per model of the set, in display order: the edited model's `config` as it is,
 * every other model `withModelKind(config, kind)` (same data settings, split and seed; the same
 * preset when `config` is one), then `fit` (e.g. HLLM's prompt fields on the dataset's text).
 */
export function modelSetConfigs(
  config: RunConfig,
  set: ModelSet,
  fit: (config: RunConfig) => RunConfig = (c) => c,
): RunConfig[] {
  const kinds = normaliseModelSet([...set, config.model.kind]);
  return kinds.map((kind) =>
    fit(kind === config.model.kind ? config : withModelKind(config, kind)),
  );
}

/**
 * Reads a `models=` address value (comma-separated model kinds); unknown names are reported, not
 * kept. An empty value is the empty set.
 */
export function parseModelSet(value: string): { models: ModelKind[]; problem: string | null } {
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0);
  const unknown = names.filter((name) => !(MODEL_KINDS as readonly string[]).includes(name));
  return {
    models: normaliseModelSet(names as ModelKind[]),
    problem:
      unknown.length === 0
        ? null
        : `models: unknown ${unknown.length === 1 ? 'model' : 'models'} ${unknown.join(', ')}; expected any of ${MODEL_KINDS.join(', ')}`,
  };
}
