import { createStore, type StoreApi } from 'zustand/vanilla';
import type { NewItemRanking } from '../compute/newItemRanking';
import type { TrainService } from '../compute/trainService';
import type { UserComparison, UserMatch } from '../compute/userComparison';
import { toWorkerFailure, type WorkerFailure } from '../compute/workerResult';
import type { ItemText } from '../dataset/types';

/** The calls the explore store makes on the train worker. */
export type ExploreClient = Pick<
  TrainService,
  'searchUsers' | 'compareUser' | 'rankUsersForNewItem'
>;

/** Test users listed per search. */
export const USER_MATCHES = 8;
/** Users listed for a new item. */
export const NEW_ITEM_USERS = 10;

/** The Inspect step's user search, side-by-side top lists, and the new-item box. */
export interface ExploreState {
  query: string;
  matches: UserMatch[];
  comparison: UserComparison | null;
  failure: WorkerFailure | null;
  newItem: { title: string; description: string };
  ranking: NewItemRanking | null;
  rankingBusy: boolean;
  rankFailure: WorkerFailure | null;
  /** Lists test users of the latest run matching `query` (id text, or a 1-based index). */
  search(query: string): Promise<void>;
  /** Shows test user `userId` in every finished run. */
  showUser(userId: string): Promise<void>;
  /** Replaces the new item's text (ranking runs on `rankNewItem`). */
  setNewItem(item: { title: string; description: string }): void;
  /** Ranks users for the current new item with the last HLLM run (the latest call wins). */
  rankNewItem(): Promise<void>;
}

/** Creates the explore store over a train-worker client. */
export function createExploreStore(client: ExploreClient): StoreApi<ExploreState> {
  return createStore<ExploreState>()((set, get) => {
    const fail = (error: unknown) => ({ ok: false as const, failure: toWorkerFailure(error) });
    let rankCall = 0;
    return {
      query: '',
      matches: [],
      comparison: null,
      failure: null,
      newItem: { title: '', description: '' },
      ranking: null,
      rankingBusy: false,
      rankFailure: null,
      search: async (query) => {
        set({ query });
        const result = await client.searchUsers(query, USER_MATCHES).catch(fail);
        if (get().query !== query) return;
        set(result.ok ? { matches: result.value, failure: null } : { failure: result.failure });
      },
      showUser: async (userId) => {
        const result = await client.compareUser(userId).catch(fail);
        set(result.ok ? { comparison: result.value, failure: null } : { failure: result.failure });
      },
      setNewItem: (newItem) => set({ newItem }),
      rankNewItem: async () => {
        const call = ++rankCall;
        const { title, description } = get().newItem;
        if (title.trim() === '' && description.trim() === '') {
          set({ ranking: null, rankFailure: null, rankingBusy: false });
          return;
        }
        const item: ItemText = { title, description };
        set({ rankingBusy: true });
        const result = await client.rankUsersForNewItem(item, NEW_ITEM_USERS).catch(fail);
        if (call !== rankCall) return;
        set(
          result.ok
            ? { ranking: result.value, rankFailure: null, rankingBusy: false }
            : { rankFailure: result.failure, rankingBusy: false },
        );
      },
    };
  });
}
