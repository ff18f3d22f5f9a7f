import { createStore, type StoreApi } from 'zustand/vanilla';
import { describeDataProgress, type DataProgress } from '../compute/dataProgress';
import type { DataService } from '../compute/dataService';
import type { DatasetSummary } from '../compute/datasetSummary';
import {
  buildIngestRequest,
  initialChoice,
  type EntryChoice,
  type FilePreviewGroup,
  type IngestRequest,
} from '../compute/ingestChoices';
import type { DelimitedLayout } from '../ingestion/formats/delimited';
import { toWorkerFailure, type WorkerFailure, type WorkerResult } from '../compute/workerResult';

/** The calls the data store makes on the data worker. */
export type DataClient = Pick<DataService, 'loadSynthetic' | 'previewFiles' | 'ingestFiles'>;

/** Picked files awaiting "Load": their previews and the user's choice for each entry. */
export interface PendingFiles {
  files: File[];
  groups: FilePreviewGroup[];
  /** One choice per entry of `groups`, in order; starts from the detected format and guessed columns. */
  choices: EntryChoice[];
}

/** The current dataset, the files being previewed, the job in flight and the last failure. */
export interface DataState {
  /** Summary of the dataset the other steps use; null until one has loaded. */
  summary: DatasetSummary | null;
  /** Files previewed and not yet loaded, or null. */
  pending: PendingFiles | null;
  /** What the data worker is doing now, or null when idle. */
  busy: string | null;
  /** Why the last job failed; cleared when the next one starts. */
  failure: WorkerFailure | null;
  /**
   * The dataset the user had loaded from files before this page loaded: files stay on their disk,
   * so it was not kept and must be loaded again; null once a dataset loads (or when none was).
   */
  notKept: string | null;
  /** Loads the embedded synthetic dataset. */
  loadSynthetic(): Promise<void>;
  /** Previews picked files and preselects the detected format and guessed columns of each entry. */
  previewFiles(files: File[]): Promise<void>;
  /** Changes the choice for entry `index` of the pending files. */
  choose(index: number, change: Partial<EntryChoice>): void;
  /**
   * Sets the delimiter and header of entry `index` to the user's choice and re-previews the entry
   * with them; its columns are then guessed again from the new preview (the chosen format stays).
   * On failure the entry goes back to its previous layout and the failure is shown.
   */
  chooseLayout(index: number, layout: DelimitedLayout): Promise<void>;
  /** Drops the pending files without loading them. */
  discardPending(): void;
  /** Ingests the pending files with the chosen formats and columns; does nothing while choices are incomplete. */
  loadPending(): Promise<void>;
  /** Ingests files (detection decides everything unless `request` is given); on failure the previous dataset stays current. */
  ingestFiles(files: File[], request?: IngestRequest): Promise<void>;
}

/** The group of entry `index` (counting entries across groups in order) and its place in that group. */
function entryPosition(
  groups: FilePreviewGroup[],
  index: number,
): { group: number; entry: number } {
  let left = index;
  for (const [group, { entries }] of groups.entries()) {
    if (left < entries.length) return { group, entry: left };
    left -= entries.length;
  }
  throw new RangeError(`No previewed entry ${index}`);
}

/** Where the page remembers which file dataset was loaded last (the browser's localStorage). */
export interface UploadMemory {
  last(): string | null;
  remember(name: string | null): void;
}

/** An `UploadMemory` in localStorage (none where the page has no storage). */
export function localUploadMemory(key = 'hllm-playground-last-upload'): UploadMemory | undefined {
  const storage = (globalThis as { localStorage?: Storage }).localStorage;
  if (storage === undefined) return undefined;
  return {
    last: () => storage.getItem(key),
    remember: (name) => (name === null ? storage.removeItem(key) : storage.setItem(key, name)),
  };
}

/**
 * Creates the data store over a data-worker client (a comlink remote, or a fake in tests); with
 * `memory`, a file dataset loaded before a reload is named as not kept.
 */
export function createDataStore(client: DataClient, memory?: UploadMemory): StoreApi<DataState> {
  return createStore<DataState>()((set, get) => {
    // The job whose progress may be shown: a report arriving after its job settled (comlink
    // delivers callbacks on their own port, so one can overtake the result) is dropped.
    let current: object | null = null;
    const run = async <T>(
      busy: string,
      job: (report: (progress: DataProgress) => void) => Promise<WorkerResult<T>>,
    ): Promise<WorkerResult<T>> => {
      const token = {};
      current = token;
      const report = (progress: DataProgress) => {
        if (current === token) set({ busy: describeDataProgress(progress) });
      };
      set({ busy, failure: null });
      const result = await job(report).catch((error: unknown): WorkerResult<T> => ({
        ok: false,
        failure: toWorkerFailure(error),
      }));
      if (current === token) current = null;
      set(result.ok ? { busy: null } : { busy: null, failure: result.failure });
      return result;
    };
    const ingestFiles = async (files: File[], request?: IngestRequest) => {
      const result = await run(`Reading ${files.map((f) => f.name).join(', ')}…`, (report) =>
        client.ingestFiles(files, report, request),
      );
      if (result.ok) {
        set({ summary: result.value, pending: null, notKept: null });
        memory?.remember(result.value.name);
      }
    };
    return {
      summary: null,
      pending: null,
      busy: null,
      failure: null,
      notKept: memory?.last() ?? null,
      loadSynthetic: async () => {
        const result = await run('Generating the synthetic dataset…', (report) =>
          client.loadSynthetic(report),
        );
        if (!result.ok) return;
        set({ summary: result.value });
        // The notice stays for this page; the next reload has no file dataset to name.
        memory?.remember(null);
      },
      previewFiles: async (files) => {
        const result = await run(`Previewing ${files.map((f) => f.name).join(', ')}…`, () =>
          client.previewFiles(files),
        );
        if (!result.ok) return;
        const choices = result.value.flatMap((g) => g.entries.map(initialChoice));
        set({ pending: { files, groups: result.value, choices } });
      },
      choose: (index, change) => {
        const pending = get().pending;
        if (pending === null || index < 0 || index >= pending.choices.length) return;
        const choices = pending.choices.map((c, i) => (i === index ? { ...c, ...change } : c));
        set({ pending: { ...pending, choices } });
      },
      chooseLayout: async (index, layout) => {
        const pending = get().pending;
        if (pending === null || index < 0 || index >= pending.choices.length) return;
        const at = entryPosition(pending.groups, index);
        const group = pending.groups[at.group];
        const first = index - at.entry;
        const layouts: Record<string, DelimitedLayout> = {};
        group.entries.forEach((entry, e) => {
          const chosen = e === at.entry ? layout : pending.choices[first + e].layout;
          if (chosen !== null) layouts[entry.name] = chosen;
        });
        const previous = pending.choices[index];
        const replaced = (choices: EntryChoice[], choice: EntryChoice) =>
          choices.map((c, i) => (i === index ? choice : c));
        set({
          pending: { ...pending, choices: replaced(pending.choices, { ...previous, layout }) },
        });
        const result = await run(`Previewing ${group.entries[at.entry].name} again…`, () =>
          client.previewFiles([pending.files[at.group]], layouts),
        );
        const current = get().pending;
        if (current?.files !== pending.files || current.choices[index].layout !== layout) return;
        if (!result.ok) {
          set({ pending: { ...current, choices: replaced(current.choices, previous) } });
          return;
        }
        const [regrouped] = result.value;
        const groups = current.groups.map((g, i) => (i === at.group ? regrouped : g));
        const guessed = initialChoice(regrouped.entries[at.entry]);
        const choices = replaced(current.choices, { ...guessed, format: previous.format, layout });
        set({ pending: { ...current, groups, choices } });
      },
      discardPending: () => set({ pending: null }),
      loadPending: async () => {
        const pending = get().pending;
        if (pending === null) return;
        const outcome = buildIngestRequest(pending.groups, pending.choices);
        if (outcome.ok) await ingestFiles(pending.files, outcome.request);
      },
      ingestFiles,
    };
  });
}
