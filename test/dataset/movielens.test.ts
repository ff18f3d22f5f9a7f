import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { COLD_START_FRACTION, defaultDataConfig } from '../../src/config/defaults';
import { preprocess } from '../../src/dataset/preprocess';
import { leaveOneOutSplit } from '../../src/dataset/split';
import { datasetStats } from '../../src/dataset/stats';
import type { Dataset } from '../../src/dataset/types';

const FILE = new URL('../../../shared/data/movielens-100k/u.data.gz', import.meta.url);
const present = existsSync(FILE);
if (!present) console.warn(`skipping MovieLens-100k checks: ${FILE.pathname} is absent`);

/** u.data (user, item, rating, time; tab-separated) as a Dataset, in file order. */
function loadMovieLens(): Dataset {
  const users = new Map<string, { items: number[]; times: number[] }>();
  const items = new Map<string, number>();
  for (const line of gunzipSync(readFileSync(FILE)).toString('utf8').split('\n')) {
    if (line === '') continue;
    const [user, item, , time] = line.split('\t');
    if (!items.has(item)) items.set(item, items.size);
    const entry = users.get(user) ?? { items: [], times: [] };
    entry.items.push(items.get(item) as number);
    entry.times.push(Number(time));
    users.set(user, entry);
  }
  return {
    name: 'u.data',
    userIds: [...users.keys()],
    itemIds: [...items.keys()],
    itemText: [...items.keys()].map(() => ({})),
    textFields: [],
    sequences: [...users.values()].map((e) => Int32Array.from(e.items)),
    timestamps: [...users.values()].map((e) => Float64Array.from(e.times)),
    hasTimestamps: true,
  };
}

describe.skipIf(!present)('MovieLens-100k through stats, preprocess and split', () => {
  const raw = present ? loadMovieLens() : undefined;

  it('matches the published size: 943 users, 1682 items, 100000 ratings, at least 20 per user', () => {
    const stats = datasetStats(raw as Dataset);
    expect(stats).toMatchObject({ users: 943, items: 1682, interactions: 100_000 });
    expect(stats.sequenceLength.summary.min).toBe(20);
    expect(stats.itemPopularity.top20Share).toBeGreaterThan(0.5);
  });

  it('time-sorts the shuffled file, and the split keeps new items out of training', () => {
    const config = { ...defaultDataConfig(), kCore: 5, coldFraction: COLD_START_FRACTION };
    const { dataset, report } = preprocess(raw as Dataset, config);
    expect(report.usersReordered).toBeGreaterThan(900);
    expect(report.output.users).toBe(943);
    let backwards = 0;
    for (const times of dataset.timestamps) {
      for (let t = 1; t < times.length; t++) if (times[t] < times[t - 1]) backwards++;
    }
    expect(backwards).toBe(0);
    const { split, report: splitReport } = leaveOneOutSplit(dataset, config, 42);
    expect(split.test).toHaveLength(943);
    expect(splitReport.coldItems).toBe(Math.round(COLD_START_FRACTION * dataset.itemIds.length));
    let coldInTrain = 0;
    for (const seq of split.train) for (const i of seq) coldInTrain += split.coldItems[i];
    expect(coldInTrain).toBe(0);
    expect(splitReport.trainInteractions + splitReport.coldInteractionsRemoved).toBe(
      report.output.interactions - 2 * 943,
    );
  });
});
