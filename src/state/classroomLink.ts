import type { ModelKind } from '../config/defaults';
import type { RunConfig } from '../config/runConfig';
import { HIDEABLE, type Hideable } from './hideable';
import type { Step } from './uiStore';
import { writeUrlState } from './urlState';

/** What a classroom link carries: the run config, the model set, the step and what to hide. */
export interface ClassroomState {
  config: RunConfig;
  models: readonly ModelKind[];
  step: Step;
  hidden: readonly Hideable[];
}

/**
 * The address students open: `base` (origin and path) with the whole config, the model set
 * (`models=`), the step and the `hide=` list, in `HIDEABLE` order.
 */
export function classroomLink(base: string, state: ClassroomState): string {
  const hidden = HIDEABLE.filter((name) => state.hidden.includes(name));
  return `${base}${writeUrlState({ ...state, hidden })}`;
}

/** What students will see of the hideable steps and controls, and what the link hides. */
export function studentView(hidden: readonly string[]): {
  visible: Hideable[];
  hidden: Hideable[];
} {
  return {
    visible: HIDEABLE.filter((name) => !hidden.includes(name)),
    hidden: HIDEABLE.filter((name) => hidden.includes(name)),
  };
}
