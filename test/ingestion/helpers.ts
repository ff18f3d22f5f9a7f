import type { IngestResult } from '../../src/dataset/types';
import type { InputFile } from '../../src/ingestion/inputFile';

/** An input file from text, encoded as UTF-8 bytes like a file read from disk. */
export function textFile(name: string, text: string): InputFile {
  return { name, data: new TextEncoder().encode(text) };
}

/** A user's sequence as original item ids. */
export function sequenceOf(result: IngestResult, userId: string): string[] {
  const { dataset } = result;
  const u = dataset.userIds.indexOf(userId);
  if (u < 0) throw new Error(`no user ${userId}`);
  return Array.from(dataset.sequences[u], (i) => dataset.itemIds[i]);
}

/** Text of an item by original id. */
export function textOf(result: IngestResult, itemId: string): Record<string, string> {
  const { dataset } = result;
  return dataset.itemText[dataset.itemIds.indexOf(itemId)];
}

/** Total number of interactions in the dataset. */
export function interactionCount(result: IngestResult): number {
  return result.dataset.sequences.reduce((sum, s) => sum + s.length, 0);
}
