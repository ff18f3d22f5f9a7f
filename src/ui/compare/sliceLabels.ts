import type { SliceName } from '../../dataset/types';

/** Display name of each evaluation slice. */
export const SLICE_LABELS: Record<SliceName, string> = {
  all: 'All test users',
  cold: 'Cold (new) target items',
  longtail: 'Long-tail target items',
  short: 'Short-history users',
};

/** Short name of each slice, for chart axes. */
export const SHORT_SLICE_LABELS: Record<SliceName, string> = {
  all: 'all users',
  cold: 'new (cold) items',
  longtail: 'long-tail items',
  short: 'short histories',
};
