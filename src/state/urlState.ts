import type { ModelKind } from '../config/defaults';
import { checkHidden } from './hideable';
import { normaliseModelSet, parseModelSet } from './modelSet';
import { runConfigFromSearchParams, runConfigToSearchParams } from '../config/parseRunConfig';
import type { RunConfig } from '../config/runConfig';
import { isStep, type Step } from './uiStore';

/**
 * What the page's address holds: the whole run config, the models trained side by side, the open
 * step and the `hide=` list.
 */
export interface UrlState {
  config: RunConfig;
  /** The models one Start trains (`models=`), the config's model always among them. */
  models: ModelKind[];
  /** `path: why` for each config parameter that was refused (its default is used). */
  rejected: string[];
  step: Step | null;
  hidden: string[];
}

/** Whether a parameter belongs to the run config. */
function isConfigKey(key: string): boolean {
  return key === 'seed' || /^(data|model|train)\./.test(key);
}

/**
 * Reads the address's query string. Without any config parameter the config is `fallback()`;
 * `hide` takes comma-separated or repeated values (`HIDEABLE`); an unknown `step` or `hide`
 * value is reported in `rejected`.
 */
export function readUrlState(search: string, fallback: () => RunConfig): UrlState {
  const params = new URLSearchParams(search);
  const hasConfig = [...params.keys()].some(isConfigKey);
  const parsed = hasConfig
    ? runConfigFromSearchParams(params)
    : { config: fallback(), rejected: [] };
  const rejected = [...parsed.rejected];
  const stepParam = params.get('step');
  let step: Step | null = null;
  if (stepParam !== null) {
    if (isStep(stepParam)) step = stepParam;
    else
      rejected.push(
        `step: expected one of data, itemLlm, train, compare, inspect, got ${stepParam}`,
      );
  }
  const { hidden, problem } = checkHidden(
    params
      .getAll('hide')
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter((value) => value.length > 0),
  );
  if (problem !== null) rejected.push(problem);
  const set = parseModelSet(params.getAll('models').join(','));
  if (set.problem !== null) rejected.push(set.problem);
  const models = normaliseModelSet([...set.models, parsed.config.model.kind]);
  return { config: parsed.config, models, rejected, step, hidden };
}

/**
 * The query string (with `?`) for a config, step and `hide=` list, and the model set when it holds
 * more than the config's model.
 */
export function writeUrlState(state: {
  config: RunConfig;
  step: Step;
  hidden: string[];
  models?: readonly ModelKind[];
}): string {
  const params = runConfigToSearchParams(state.config);
  const models = normaliseModelSet([...(state.models ?? []), state.config.model.kind]);
  if (models.length > 1) params.set('models', models.join(','));
  params.set('step', state.step);
  if (state.hidden.length > 0) params.set('hide', state.hidden.join(','));
  return `?${params.toString()}`;
}
