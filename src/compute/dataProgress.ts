import { formatBytes } from '../runs/units';

/** What the data worker is doing, reported while it loads a dataset. */
export type DataProgress =
  | { stage: 'generating'; name: string }
  | { stage: 'reading'; file: string; index: number; count: number }
  | {
      stage: 'parsing';
      files: number;
      /** The file being parsed, with its bytes read so far and in all (when known). */
      file?: string;
      bytesRead?: number;
      bytesTotal?: number;
    }
  | { stage: 'summarising'; name: string };

/** One-line description of a progress report, as the Data step shows it. */
export function describeDataProgress(progress: DataProgress): string {
  switch (progress.stage) {
    case 'generating':
      return `Generating ${progress.name}…`;
    case 'reading':
      return `Reading ${progress.file} (${progress.index + 1} of ${progress.count})…`;
    case 'parsing':
      return progress.file === undefined || progress.bytesRead === undefined
        ? `Parsing ${progress.files} file${progress.files === 1 ? '' : 's'}…`
        : `Parsing ${progress.file}: ${formatBytes(progress.bytesRead)}${
            progress.bytesTotal !== undefined
              ? ` of ${formatBytes(progress.bytesTotal)} (${Math.floor((100 * progress.bytesRead) / Math.max(1, progress.bytesTotal))}%)`
              : ''
          }…`;
    case 'summarising':
      return `Computing statistics of ${progress.name}…`;
  }
}
