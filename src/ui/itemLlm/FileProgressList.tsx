import type { FileDownloadProgress } from '../../compute/itemLlmFiles';
import { formatBytes } from '../../runs/units';

/**
 * Bytes read of each model file, with a progress bar named after the file and `activity` (e.g.
 * "download"), as the checkpoint fetch and the frozen model load report them; a bar without a known
 * size runs indeterminate until its file is done, then shows full.
 */
export function FileProgressList({
  files,
  activity,
  testId,
}: {
  files: readonly FileDownloadProgress[];
  activity: string;
  testId: string;
}) {
  return (
    <ul data-testid={testId}>
      {files.map((d) => (
        <li key={d.file}>
          {d.file}: {formatBytes(d.loaded)}
          {d.total !== null && ` of ${formatBytes(d.total)}`}
          {d.done ? ' — done' : ''}{' '}
          <progress
            aria-label={`${d.file} ${activity}`}
            max={d.total ?? (d.done ? 1 : undefined)}
            value={d.total !== null ? d.loaded : d.done ? 1 : undefined}
          />
        </li>
      ))}
    </ul>
  );
}
