import { shuffleInPlace, type Rng } from '../random/rng';
import {
  FORMATS,
  LEVEL_AUDIENCE,
  LEVELS,
  SERIES_ADJECTIVES,
  SERIES_NOUNS,
  STYLE_SENTENCES,
  STYLES,
  SUBJECTS,
} from './vocabulary';

/** Latent attributes of one synthetic item, and the text written from them. */
export interface SyntheticItem {
  /** Index into `SUBJECTS`. */
  subject: number;
  /** Main topic and second topic, indices into the subject's topics. */
  topics: [number, number];
  /** Index into `LEVELS`. */
  level: number;
  /** Index into `FORMATS`. */
  format: number;
  /** Index into `STYLES`. */
  style: number;
  /** Index into `Catalogue.series`, or -1 for a standalone item. */
  series: number;
  /** 1-based volume within the series; 0 for a standalone item. */
  volume: number;
  /** Relative appeal (log-normal), the source of the long tail. */
  popularity: number;
  title: string;
  description: string;
}

/** A series of volumes meant to be taken in order. */
export interface SyntheticSeries {
  name: string;
  subject: number;
  /** Item indices, volume 1 first. */
  items: number[];
}

/** The synthetic catalogue: items (in id order) and series. */
export interface Catalogue {
  items: SyntheticItem[];
  series: SyntheticSeries[];
}

/** Share of the catalogue that belongs to a series. */
export const SERIES_SHARE = 0.3;

const SMALL_WORDS = new Set(['a', 'an', 'and', 'for', 'of', 'on', 'the', 'to']);

/** Title case, keeping short function words lower-case except at the start. */
function capitalise(words: string): string {
  return words.replace(/(^|[\s-])([a-z]+)/g, (_, sep: string, word: string) =>
    sep !== '' && SMALL_WORDS.has(word) ? sep + word : sep + word[0].toUpperCase() + word.slice(1),
  );
}

/** Title and description that name every attribute of `item` (subject, topics, level, format, style, series). */
export function describeItem(
  item: Omit<SyntheticItem, 'title' | 'description'>,
  series: { name: string; size: number } | undefined,
  template: number,
): { title: string; description: string } {
  const subject = SUBJECTS[item.subject];
  const topic = subject.topics[item.topics[0]];
  const topic2 = subject.topics[item.topics[1]];
  const audience = LEVEL_AUDIENCE[item.level];
  const format = FORMATS[item.format];
  const style = STYLES[item.style];
  const article = /^[aeiou]/.test(style) ? 'An' : 'A';
  let title: string;
  if (series !== undefined) title = `${series.name}, Vol. ${item.volume}: ${capitalise(topic)}`;
  else if (template === 0)
    title = capitalise(`${topic}: ${article.toLowerCase()} ${style} ${format}`);
  else if (template === 1)
    title = capitalise(`${LEVELS[item.level]} ${subject.name}: ${topic} and ${topic2}`);
  else if (template === 2) title = capitalise(`${topic} the ${style} way`);
  else title = capitalise(`${subject.name} for ${audience}: ${topic}`);
  let description =
    `${article} ${style} ${format} on ${subject.name} for ${audience} (${LEVELS[item.level]} level), ` +
    `focused on ${topic} and ${topic2}. ${STYLE_SENTENCES[item.style]}`;
  if (series !== undefined) {
    description +=
      item.volume === 1
        ? ` The first of ${series.size} volumes in the ${series.name} series.`
        : ` Volume ${item.volume} of ${series.size} in the ${series.name} series; it builds on volume ${item.volume - 1}.`;
  }
  return { title, description };
}

function seriesName(rng: Rng, subject: number, taken: Set<string>): string {
  const base = `${SERIES_ADJECTIVES[rng.int(SERIES_ADJECTIVES.length)]} ${capitalise(SUBJECTS[subject].name)} ${SERIES_NOUNS[rng.int(SERIES_NOUNS.length)]}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base} ${n}`;
  taken.add(name);
  return name;
}

/**
 * Draws `numItems` items: about `SERIES_SHARE` of them in series of 3–6 volumes (same subject,
 * format and style, consecutive topics, level rising, appeal fading with the volume), the rest
 * standalone with subjects of uneven size. Item order is shuffled so ids carry no attribute.
 */
export function generateCatalogue(rng: Rng, numItems: number): Catalogue {
  const numSubjects = SUBJECTS.length;
  const subjectWeight = Array.from({ length: numSubjects }, () => 0.5 + rng.next());
  const weightSum = subjectWeight.reduce((a, b) => a + b, 0);
  const drawSubject = (): number => {
    let r = rng.next() * weightSum;
    for (let s = 0; s < numSubjects - 1; s++) {
      r -= subjectWeight[s];
      if (r < 0) return s;
    }
    return numSubjects - 1;
  };
  const otherTopic = (main: number): number => (main + 1 + rng.int(7)) % 8;

  const drafts: Omit<SyntheticItem, 'title' | 'description'>[] = [];
  const seriesDrafts: { name: string; subject: number; size: number }[] = [];
  const names = new Set<string>();
  const inSeries = Math.round(numItems * SERIES_SHARE);
  while (drafts.length < inSeries && inSeries - drafts.length >= 3) {
    const size = Math.min(3 + rng.int(4), inSeries - drafts.length);
    const subject = drawSubject();
    const startLevel = rng.int(2);
    const startTopic = rng.int(8);
    const format = rng.int(FORMATS.length);
    const style = rng.int(STYLES.length);
    const appeal = Math.exp(0.8 * rng.normal());
    const series = seriesDrafts.length;
    seriesDrafts.push({ name: seriesName(rng, subject, names), subject, size });
    for (let k = 0; k < size; k++) {
      const main = (startTopic + k) % 8;
      drafts.push({
        subject,
        topics: [main, otherTopic(main)],
        level: Math.min(2, startLevel + Math.floor((2 * k) / size)),
        format,
        style,
        series,
        volume: k + 1,
        popularity: appeal * 0.8 ** k,
      });
    }
  }
  while (drafts.length < numItems) {
    const main = rng.int(8);
    drafts.push({
      subject: drawSubject(),
      topics: [main, otherTopic(main)],
      level: rng.int(LEVELS.length),
      format: rng.int(FORMATS.length),
      style: rng.int(STYLES.length),
      series: -1,
      volume: 0,
      popularity: Math.exp(0.8 * rng.normal()),
    });
  }

  const order = shuffleInPlace(
    Array.from({ length: numItems }, (_, i) => i),
    rng,
  );
  const series: SyntheticSeries[] = seriesDrafts.map((s) => ({
    name: s.name,
    subject: s.subject,
    items: new Array<number>(s.size),
  }));
  const items = order.map((d, index): SyntheticItem => {
    const draft = drafts[d];
    const info = draft.series >= 0 ? seriesDrafts[draft.series] : undefined;
    if (draft.series >= 0) series[draft.series].items[draft.volume - 1] = index;
    return { ...draft, ...describeItem(draft, info, rng.int(4)) };
  });
  return { items, series };
}
