import { useStore } from 'zustand';
import { buildIngestRequest } from '../../compute/ingestChoices';
import { useStores } from '../storesContext';
import { EntryPreview } from './EntryPreview';
import { useDataBusy } from './useDataBusy';

/** Previews of the picked files with their format and column choices, the problems left, and Load. */
export function PendingFilesPanel() {
  const { data } = useStores();
  const pending = useStore(data, (s) => s.pending);
  const busy = useDataBusy();
  const choose = useStore(data, (s) => s.choose);
  const chooseLayout = useStore(data, (s) => s.chooseLayout);
  const loadPending = useStore(data, (s) => s.loadPending);
  const discardPending = useStore(data, (s) => s.discardPending);
  if (pending === null) return null;
  const outcome = buildIngestRequest(pending.groups, pending.choices);
  let index = 0;
  return (
    <section aria-labelledby="pending-title" className="pending-files" data-testid="pending-files">
      <h3 id="pending-title">Check the files before loading</h3>
      {pending.groups.map((group) => (
        <div key={group.file} className="pending-group">
          {group.entries.map((preview) => {
            const at = index++;
            return (
              <EntryPreview
                key={at}
                preview={preview}
                inArchive={group.entries.length > 1 || preview.name !== group.file}
                choice={pending.choices[at]}
                disabled={busy !== null}
                onChange={(change) => choose(at, change)}
                onLayout={(layout) => void chooseLayout(at, layout)}
              />
            );
          })}
        </div>
      ))}
      {!outcome.ok && (
        <ul className="mapping-problems" data-testid="mapping-problems">
          {outcome.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="pending-actions">
        <button
          type="button"
          disabled={busy !== null || !outcome.ok}
          onClick={() => void loadPending()}
        >
          Load
        </button>
        <button type="button" disabled={busy !== null} onClick={discardPending}>
          Discard
        </button>
      </div>
    </section>
  );
}
