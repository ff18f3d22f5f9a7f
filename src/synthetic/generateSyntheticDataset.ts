import type { Dataset } from '../dataset/types';
import { createRng, deriveSeed } from '../random/rng';
import { generateCatalogue, type Catalogue } from './catalogue';
import { SUBJECTS } from './vocabulary';
import { createItemSampler } from './itemSampler';
import { drawUser, simulateUser, type SyntheticUser } from './userBehaviour';

/** Size and seed of a synthetic dataset; every field has a default. */
export interface SyntheticOptions {
  seed?: number;
  numItems?: number;
  numUsers?: number;
}

/** Default seed of the embedded dataset. */
export const SYNTHETIC_SEED = 42;
/** Default catalogue size of the embedded dataset. */
export const SYNTHETIC_ITEMS = 3000;
/** Default number of users of the embedded dataset. */
export const SYNTHETIC_USERS = 2000;
/** Shortest history drawn for a user. */
export const MIN_SEQUENCE_LENGTH = 5;
/** Longest history drawn for a user. */
export const MAX_SEQUENCE_LENGTH = 200;
/** Time of the earliest possible interaction (2024-01-01T00:00:00Z), in seconds. */
export const SYNTHETIC_EPOCH = 1_704_067_200;

/** The dataset together with the latent truth it was drawn from (for tests and docs). */
export interface SyntheticWorld {
  dataset: Dataset;
  catalogue: Catalogue;
  /** Latent tastes of each user, by dense user index. */
  users: SyntheticUser[];
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min || value > 10_000_000) {
    throw new RangeError(`${name} must be an integer in [${min}, 10000000], got ${value}`);
  }
}

/**
 * Generates the synthetic learning library and its users with their latent truth; see
 * docs/synthetic-dataset.md for the generative story. Deterministic given the options.
 */
export function generateSyntheticWorld(options: SyntheticOptions = {}): SyntheticWorld {
  const seed = options.seed ?? SYNTHETIC_SEED;
  const numItems = options.numItems ?? SYNTHETIC_ITEMS;
  const numUsers = options.numUsers ?? SYNTHETIC_USERS;
  checkCount('numItems', numItems, 10);
  checkCount('numUsers', numUsers, 1);
  checkCount('seed', seed, 0);

  const catalogue = generateCatalogue(createRng(deriveSeed(seed, 'catalogue')), numItems);
  const sampler = createItemSampler(catalogue.items);
  const rng = createRng(deriveSeed(seed, 'users'));
  const users: SyntheticUser[] = [];
  const sequences: Int32Array[] = [];
  const timestamps: Float64Array[] = [];
  for (let u = 0; u < numUsers; u++) {
    const user = drawUser(rng);
    const length = Math.min(
      MAX_SEQUENCE_LENGTH,
      MIN_SEQUENCE_LENGTH + Math.floor(Math.exp(2.5 + 0.8 * rng.normal())),
    );
    const seq = simulateUser(rng, user, catalogue, sampler, length);
    const times = new Float64Array(seq.length);
    let t = SYNTHETIC_EPOCH + Math.floor(rng.next() * 365 * 86_400);
    for (let i = 0; i < seq.length; i++) {
      t += 600 + Math.floor(-Math.log(1 - rng.next()) * 2 * 86_400);
      times[i] = t;
    }
    users.push(user);
    sequences.push(Int32Array.from(seq));
    timestamps.push(times);
  }

  const pad = (n: number, total: number): string =>
    String(n + 1).padStart(String(total).length, '0');
  const dataset: Dataset = {
    name: `synthetic-library (seed ${seed})`,
    userIds: users.map((_, u) => `user-${pad(u, numUsers)}`),
    itemIds: catalogue.items.map((_, i) => `item-${pad(i, numItems)}`),
    itemText: catalogue.items.map((item) => ({ title: item.title, description: item.description })),
    textFields: ['title', 'description'],
    itemCategories: {
      subject: catalogue.items.map((item) => SUBJECTS[item.subject].name),
      topic: catalogue.items.map((item) => SUBJECTS[item.subject].topics[item.topics[0]]),
      series: catalogue.items.map((item) =>
        item.series >= 0 ? catalogue.series[item.series].name : '(standalone)',
      ),
    },
    sequences,
    timestamps,
    hasTimestamps: true,
  };
  return { dataset, catalogue, users };
}

/** The embedded default dataset: a seeded synthetic learning library with users (no third-party data). */
export function generateSyntheticDataset(options: SyntheticOptions = {}): Dataset {
  return generateSyntheticWorld(options).dataset;
}
