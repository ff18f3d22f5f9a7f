import type { SliceName } from '../../dataset/types';

/** Display name of each evaluation slice. */
export const SLICE_LABELS: Record<SliceName, string> = {
  all: 'All test users',
  cold: 'Cold (new) target items',
  longtail: 'Long-tail target items',
  short: 'Short-history users',
};
