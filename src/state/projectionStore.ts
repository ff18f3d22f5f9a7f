import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ProjectionContext, ProjectionEvent, ProjectionSnapshot } from '../compute/projection';

/** The live projection of the current run's item embeddings and how the Train step draws it. */
export interface ProjectionState {
  /** Drawn items, colours and histories of the current run; null before its first event. */
  context: ProjectionContext | null;
  /** The latest snapshot, or null before the first. */
  latest: ProjectionSnapshot | null;
  /** Snapshots received for the current run. */
  count: number;
  /** Index into `context.fields` of the field that colours the items. */
  field: number;
  /** Index into `context.histories` of the user whose history is drawn, or null for none. */
  user: number | null;
  /** Takes an event from the train worker; a context starts a new run's projection. */
  receive(event: ProjectionEvent): void;
  setField(field: number): void;
  setUser(user: number | null): void;
}

/** Creates an empty projection store. */
export function createProjectionStore(): StoreApi<ProjectionState> {
  return createStore<ProjectionState>()((set) => ({
    context: null,
    latest: null,
    count: 0,
    field: 0,
    user: null,
    receive: (event) =>
      set((s) =>
        event.kind === 'context'
          ? {
              context: event,
              latest: null,
              count: 0,
              field: Math.min(s.field, Math.max(0, event.fields.length - 1)),
              user: null,
            }
          : { latest: event, count: s.count + 1 },
      ),
    setField: (field) => set({ field }),
    setUser: (user) => set({ user }),
  }));
}
