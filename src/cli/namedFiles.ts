import type { IngestResult } from '../dataset/types';
import { INTERACTION_FORMATS, type InteractionFormat } from '../ingestion/formatNames';
import { ingest, type InputLimit } from '../ingestion/ingest';
import { UsageError } from './commandExit';
import { readInputFile, withCompanions } from './nodeFiles';
import { requireFile } from './pathChecks';
import { SILENT_PROGRESS, type ProgressLog } from './progressLog';

/** The data files a command names: `--interactions` and `--items` (each may repeat), `--format`. */
export interface NamedFiles {
  interactions: string[];
  items: string[];
  format?: InteractionFormat;
}

/** `--format`'s value checked against the formats ingestion reads, or a usage error. */
export function formatFlag(value: string | undefined): InteractionFormat | undefined {
  if (value !== undefined && !(INTERACTION_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(
      `--format: unknown value "${value}"; expected one of ${INTERACTION_FORMATS.join(', ')}`,
    );
  }
  return value as InteractionFormat | undefined;
}

/**
 * Ingests the named files with their companions on disk (streamed, within `limit`), after checking
 * that each named path is a readable file; `progress` hears each file's parse.
 */
export function ingestNamedFiles(
  named: NamedFiles,
  limit: InputLimit,
  progress: ProgressLog = SILENT_PROGRESS,
): IngestResult {
  for (const file of named.interactions) requireFile('--interactions', file);
  for (const file of named.items) requireFile('--items', file);
  const { interactions, items } = withCompanions(named.interactions, named.items);
  const read = [...interactions, ...items].map(readInputFile);
  const started = performance.now();
  progress.begin('ingest', `parsing ${read.length} file${read.length === 1 ? '' : 's'}`);
  const result = ingest(
    { interactions: read.slice(0, interactions.length), items: read.slice(interactions.length) },
    { format: named.format, inputLimit: limit },
    progress.read,
  );
  progress.finished('ingest', 'parsed', (performance.now() - started) / 1000);
  return result;
}
