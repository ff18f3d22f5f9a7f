import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ProjectionMethod } from '../compute/newItemPlacement';
import {
  bestField,
  type ProjectionContext,
  type ProjectionEvent,
  type ProjectionSnapshot,
} from '../compute/projection';
import type { ProjectionService } from '../compute/projectionService';

/** Finished runs kept for drawing beside the current one. */
export const MAX_KEPT_RUNS = 6;

/** One finished run's projection kept for comparison: its context, final frame and its UMAP. */
export interface KeptProjection {
  context: ProjectionContext;
  frame: ProjectionSnapshot;
  /** [items, 2] UMAP layout of `frame`, or null until asked for. */
  umap: Float32Array | null;
}

/** The item typed into Inspect's new-item box, embedded by the run `runId`. */
export interface PlacedItem {
  runId: number;
  title: string;
  /** [dim] its embedding as the run's item table would hold it. */
  vector: Float32Array;
}

/** The projection of the current run's item embeddings, its saved frames, and how they are drawn. */
export interface ProjectionState {
  /** Drawn items, colours and histories of the current run; null before its first event. */
  context: ProjectionContext | null;
  /** Every snapshot of the current run, oldest first. */
  frames: ProjectionSnapshot[];
  /** The latest snapshot, or null before the first. */
  latest: ProjectionSnapshot | null;
  /** Snapshots received for the current run. */
  count: number;
  /** [items, 2] UMAP layout of each frame aligned to the previous one; null where not yet laid out. */
  umap: (Float32Array | null)[];
  /** True while the projection worker lays out a frame. */
  umapBusy: boolean;
  /** Why the last UMAP layout failed, or null. */
  umapError: string | null;
  /** False where no projection worker is connected (UMAP cannot be chosen). */
  umapAvailable: boolean;
  method: ProjectionMethod;
  /** Index into `frames` shown by the scrubber, or null to follow the latest. */
  frame: number | null;
  /** Index into `context.fields` of the field that colours the items. */
  field: number;
  /** True once the user picked a field (else the best-separating one of the latest frame is used). */
  fieldChosen: boolean;
  /** Index into `context.histories` of the user whose history is drawn, or null for none. */
  user: number | null;
  /** Finished runs' projections, oldest first (the current run once it has finished is among them). */
  kept: KeptProjection[];
  /** Run id of the kept projection drawn beside the current one, or null for none. */
  compare: number | null;
  /** The new item to place in the projection, or null. */
  newItem: PlacedItem | null;
  /** Takes an event from the train worker; a context starts a new run's projection. */
  receive(event: ProjectionEvent): void;
  setField(field: number): void;
  setUser(user: number | null): void;
  setMethod(method: ProjectionMethod): void;
  setFrame(frame: number | null): void;
  setCompare(runId: number | null): void;
  setNewItem(item: PlacedItem | null): void;
}

/**
 * Creates an empty projection store; with `service` (the projection worker), UMAP frames are laid
 * out there one at a time, each aligned to the one before.
 */
export function createProjectionStore(service?: ProjectionService): StoreApi<ProjectionState> {
  const store = createStore<ProjectionState>()((set) => ({
    context: null,
    frames: [],
    latest: null,
    count: 0,
    umap: [],
    umapBusy: false,
    umapError: null,
    umapAvailable: service !== undefined,
    method: 'pca',
    frame: null,
    field: 0,
    fieldChosen: false,
    user: null,
    kept: [],
    compare: null,
    newItem: null,
    receive: (event) => {
      if (event.kind === 'context') {
        set((s) => ({
          context: event,
          frames: [],
          latest: null,
          count: 0,
          umap: [],
          umapError: null,
          frame: null,
          field: s.fieldChosen
            ? Math.max(
                0,
                event.fields.findIndex((f) => f.field === s.context?.fields[s.field]?.field),
              )
            : 0,
          user: null,
          kept: s.kept.filter((k) => k.context.runId !== event.runId),
        }));
        return;
      }
      set((s) => {
        const frames = [...s.frames, event];
        const context = s.context;
        const finished = event.label.startsWith('final') && context !== null;
        const kept = finished
          ? [
              ...s.kept.filter((k) => k.context.runId !== context.runId),
              { context, frame: event, umap: null },
            ].slice(-MAX_KEPT_RUNS)
          : s.kept;
        return {
          frames,
          latest: event,
          count: frames.length,
          umap: [...s.umap, null],
          kept,
          field: s.fieldChosen ? s.field : bestField(event.separation),
        };
      });
      void layOut();
    },
    setField: (field) => set({ field, fieldChosen: true }),
    setUser: (user) => set({ user }),
    setMethod: (method) => {
      set({ method });
      void layOut();
    },
    setFrame: (frame) => set({ frame }),
    setCompare: (compare) => {
      set({ compare });
      void layOut();
    },
    setNewItem: (newItem) => set({ newItem }),
  }));

  let running = false;
  /** Lays out, one at a time, every frame of the current run still without UMAP, then the compared run. */
  async function layOut(): Promise<void> {
    if (service === undefined || running) return;
    running = true;
    try {
      for (;;) {
        const s = store.getState();
        if (s.method !== 'umap' || s.context === null) return;
        const index = s.umap.findIndex((u) => u === null);
        const context = s.context;
        if (index >= 0) {
          const frame = s.frames[index];
          store.setState({ umapBusy: true });
          const coords = await service.umapFrame(
            frame.rows,
            frame.dim,
            index > 0 ? s.umap[index - 1] : null,
            context.seed,
          );
          if (store.getState().context !== context) continue;
          store.setState((now) => ({
            umap: now.umap.map((u, i) => (i === index ? coords : u)),
            kept: now.kept.map((k) =>
              k.context === context && k.frame === frame ? { ...k, umap: coords } : k,
            ),
          }));
          continue;
        }
        const other = s.kept.find((k) => k.context.runId === s.compare && k.umap === null);
        if (other === undefined) return;
        store.setState({ umapBusy: true });
        const coords = await service.umapFrame(
          other.frame.rows,
          other.frame.dim,
          null,
          other.context.seed,
        );
        store.setState((now) => ({
          kept: now.kept.map((k) => (k === other ? { ...k, umap: coords } : k)),
        }));
      }
    } catch (error) {
      store.setState({ umapError: error instanceof Error ? error.message : String(error) });
    } finally {
      running = false;
      store.setState({ umapBusy: false });
    }
  }
  return store;
}
