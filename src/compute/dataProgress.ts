/** What the data worker is doing, reported while it loads a dataset. */
export type DataProgress =
  | { stage: 'generating'; name: string }
  | { stage: 'reading'; file: string; index: number; count: number }
  | { stage: 'parsing'; files: number }
  | { stage: 'summarising'; name: string };

/** One-line description of a progress report, as the Data step shows it. */
export function describeDataProgress(progress: DataProgress): string {
  switch (progress.stage) {
    case 'generating':
      return `Generating ${progress.name}…`;
    case 'reading':
      return `Reading ${progress.file} (${progress.index + 1} of ${progress.count})…`;
    case 'parsing':
      return `Parsing ${progress.files} file${progress.files === 1 ? '' : 's'}…`;
    case 'summarising':
      return `Computing statistics of ${progress.name}…`;
  }
}
