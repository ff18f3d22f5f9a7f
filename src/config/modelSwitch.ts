import { PRESET_NAMES, presetRunConfig, type ModelKind, type PresetName } from './defaults';
import type { RunConfig } from './runConfig';

/** Whether two JSON-like values are equal field by field (key order ignored). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** The preset whose settings `config` equals for its model (the seed aside), or null. */
export function matchingPreset(config: RunConfig): PresetName | null {
  for (const preset of PRESET_NAMES) {
    const candidate = presetRunConfig(preset, config.model.kind);
    if (sameValue({ ...candidate, seed: config.seed }, config)) return preset;
  }
  return null;
}

/** HLLM trains differently from the ID models (learning rate, schedule, epochs). */
const familyOf = (kind: ModelKind): 'hllm' | 'id' => (kind === 'hllm' ? 'hllm' : 'id');

/**
 * `config` with its model switched to `kind`, keeping the data and split settings and the seed,
 * so that models compared one after the other train on the same split. Settings equal to a preset
 * become that preset's for the new model; custom ones keep their training settings when the new
 * model trains like the old (ID model to ID model) and take the app's classroom ones otherwise.
 */
export function withModelKind(config: RunConfig, kind: ModelKind): RunConfig {
  const preset = matchingPreset(config);
  const next = presetRunConfig(preset ?? 'classroom-quick', kind);
  const keepTrain = preset === null && familyOf(config.model.kind) === familyOf(kind);
  return {
    ...next,
    seed: config.seed,
    data: config.data,
    train: keepTrain ? config.train : next.train,
  };
}
