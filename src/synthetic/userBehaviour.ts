import type { Rng } from '../random/rng';
import type { Catalogue } from './catalogue';
import type { ItemSampler } from './itemSampler';
import { FORMATS, LEVELS, SUBJECTS } from './vocabulary';

/** Latent tastes of one synthetic user. */
export interface SyntheticUser {
  /** Subjects the user likes at the start (indices into `SUBJECTS`), with their weights. */
  subjects: number[];
  subjectWeights: number[];
  /** Subjects taken up later (interest drift), in the order they were adopted. */
  adoptedSubjects: number[];
  /** Favourite format (index into `FORMATS`). */
  format: number;
  /** Level at the start and how many levels the user climbs over the whole history. */
  startLevel: number;
  levelGain: number;
}

/** Tunable probabilities of the behaviour model. */
export const BEHAVIOUR = {
  /** Take the next volume of the series just consumed. */
  continueSeries: 0.65,
  /** Start a series at its first unconsumed volume rather than at a later volume drawn. */
  startSeriesInOrder: 0.85,
  /** Per step: refocus on another liked subject. */
  refocus: 0.08,
  /** Per step: take up a new subject (interest drift). */
  adoptSubject: 0.03,
  /** Per step: pick from the current focus subject rather than any liked subject. */
  stayFocused: 0.8,
  /** Per step: explore a random subject. */
  explore: 0.04,
  /** Keep a drawn item whose format is not the favourite. */
  acceptOtherFormat: 0.35,
} as const;

/** Draws a user's latent tastes. */
export function drawUser(rng: Rng): SyntheticUser {
  const count = 1 + rng.int(3);
  const subjects: number[] = [];
  while (subjects.length < count) {
    const s = rng.int(SUBJECTS.length);
    if (!subjects.includes(s)) subjects.push(s);
  }
  return {
    subjects,
    subjectWeights: subjects.map((_, i) => (i === 0 ? 2 : 0.5 + rng.next())),
    adoptedSubjects: [],
    format: rng.int(FORMATS.length),
    startLevel: rng.next() < 0.6 ? 0 : 1,
    levelGain: rng.next() * 1.5,
  };
}

function pickWeighted(rng: Rng, values: number[], weights: number[]): number {
  let r = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < values.length - 1; i++) {
    r -= weights[i];
    if (r < 0) return values[i];
  }
  return values[values.length - 1];
}

/**
 * Simulates `length` consumptions of `user` (no repeats; fewer when the user runs out of fresh
 * items). Each step continues the last series in order, or picks a subject (mostly the current
 * focus, which drifts, sometimes to newly adopted subjects), a level rising with time, and an item
 * by popularity with a bias to the favourite format. Mutates `user` to record adopted subjects.
 */
export function simulateUser(
  rng: Rng,
  user: SyntheticUser,
  catalogue: Catalogue,
  sampler: ItemSampler,
  length: number,
): number[] {
  const { items, series } = catalogue;
  const liked = [...user.subjects];
  const weights = [...user.subjectWeights];
  const taken = new Set<number>();
  const out: number[] = [];
  let focus = liked[0];
  for (let attempt = 0; out.length < length && attempt < length * 4; attempt++) {
    const last = out.length > 0 ? items[out[out.length - 1]] : undefined;
    if (last !== undefined && last.series >= 0 && rng.next() < BEHAVIOUR.continueSeries) {
      const next = series[last.series].items[last.volume];
      if (next !== undefined && !taken.has(next)) {
        taken.add(next);
        out.push(next);
        continue;
      }
    }
    const r = rng.next();
    if (r < BEHAVIOUR.adoptSubject) {
      const s = rng.int(SUBJECTS.length);
      if (!liked.includes(s)) {
        liked.push(s);
        weights.push(1);
        user.adoptedSubjects.push(s);
      }
      focus = s;
    } else if (r < BEHAVIOUR.adoptSubject + BEHAVIOUR.refocus) {
      focus = pickWeighted(rng, liked, weights);
    }
    const e = rng.next();
    const subject =
      e < BEHAVIOUR.explore
        ? rng.int(SUBJECTS.length)
        : e < BEHAVIOUR.explore + BEHAVIOUR.stayFocused
          ? focus
          : pickWeighted(rng, liked, weights);
    const progress = length > 1 ? out.length / (length - 1) : 0;
    const level = Math.min(
      LEVELS.length - 1,
      Math.max(0, Math.round(user.startLevel + user.levelGain * progress + 0.5 * rng.normal())),
    );
    let chosen = -1;
    for (let tries = 0; tries < 10 && chosen < 0; tries++) {
      const item = sampler.draw(rng, subject, level);
      if (taken.has(item)) continue;
      if (items[item].format !== user.format && rng.next() > BEHAVIOUR.acceptOtherFormat) continue;
      chosen = item;
    }
    if (chosen < 0) continue;
    const picked = items[chosen];
    if (picked.series >= 0 && rng.next() < BEHAVIOUR.startSeriesInOrder) {
      const first = series[picked.series].items.find((i) => !taken.has(i));
      if (first !== undefined) chosen = first;
    }
    taken.add(chosen);
    out.push(chosen);
  }
  return out;
}
