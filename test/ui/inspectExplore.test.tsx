// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewItemRanking } from '../../src/compute/newItemRanking';
import type { UserComparison } from '../../src/compute/userComparison';
import type { ItemText } from '../../src/dataset/types';
import { fakeRun } from '../state/runFixture';
import { fakeClients, renderApp } from './renderApp';

afterEach(cleanup);

const item = (index: number, title: string) => ({ index, id: `i${index}`, title });

const COMPARISON: UserComparison = {
  userId: 'u7',
  history: [item(1, 'Old film'), item(2, 'Older film')],
  target: item(3, 'Held-out film'),
  targetCold: false,
  runs: [
    {
      runId: 0,
      model: 'sasrec',
      targetRank: 1,
      top: [
        { ...item(4, 'Best'), score: 0.9 },
        { ...item(3, 'Held-out film'), score: 0.8 },
      ],
    },
    { runId: 1, model: 'hstu', targetRank: 40, top: [{ ...item(5, 'Other'), score: 0.7 }] },
  ],
  missingFrom: [2],
};

describe('Inspect: users side by side and a new item', () => {
  it('finds a user by id and shows every run with scores and the target marked', async () => {
    const queries: string[] = [];
    const { stores } = renderApp(
      fakeClients(
        {},
        {
          searchUsers: async (query) => {
            queries.push(query);
            return { ok: true, value: [{ userId: 'u7', caseIndex: 6 }] };
          },
          compareUser: async (userId) =>
            userId === 'u7'
              ? { ok: true, value: COMPARISON }
              : { ok: false, failure: { kind: 'internal', message: `no run has ${userId}` } },
        },
      ),
      '?step=inspect',
    );
    act(() => {
      stores.runs.getState().add(fakeRun(0, 'sasrec', 20, 5));
      stores.runs.getState().add(fakeRun(1, 'hstu', 20, 5));
    });
    await act(async () => {
      fireEvent.change(screen.getByLabelText(/Find a test user/), { target: { value: 'u7' } });
    });
    expect(queries).toEqual(['u7']);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'User u7 (test user 7)' }));
    });
    const runs = screen.getAllByTestId('compare-run');
    expect(runs).toHaveLength(2);
    expect(runs[0].textContent).toContain('#1 SASRec (target at rank 2)');
    const first = within(runs[0]).getAllByRole('listitem');
    expect(first[0].textContent).toBe('Best 0.900');
    expect(first[1].textContent).toBe('Held-out film 0.800 ← held-out target');
    expect(within(runs[1]).getAllByRole('listitem')[0].textContent).toBe('Other 0.700');
    expect(screen.getByTestId('compare-history').textContent).toContain('Old film');
    expect(screen.getByTestId('user-comparison').textContent).toContain(
      'Not a test user of run(s) #3',
    );
  });

  it('ranks users for typed text once typing settles, and says how the text was embedded', async () => {
    const asked: ItemText[] = [];
    const ranking: NewItemRanking = {
      runId: 0,
      embeddedBy: 'the Item LLM tiny as trained by this run',
      totalUsers: 30,
      users: [
        { user: 2, userId: 'u2', score: 0.5, recent: [item(1, 'Old film')] },
        { user: 0, userId: 'u0', score: 0.25, recent: [] },
      ],
      vector: Float32Array.from([1, 0]),
    };
    const { stores } = renderApp(
      fakeClients(
        {},
        {
          rankUsersForNewItem: async (text) => {
            asked.push(text);
            return { ok: true, value: ranking };
          },
        },
      ),
      '?step=inspect',
    );
    act(() => stores.runs.getState().add(fakeRun(0, 'sasrec', 20, 5)));
    fireEvent.change(screen.getByLabelText('New item title'), { target: { value: 'Space' } });
    fireEvent.change(screen.getByLabelText('New item description'), {
      target: { value: 'ships' },
    });
    const users = await screen.findByTestId('new-item-users', {}, { timeout: 2000 });
    expect(asked).toEqual([{ title: 'Space', description: 'ships' }]);
    const rows = within(users).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual([
      'User u2 0.500 — recently: Old film',
      'User u0 0.250 — recently: ',
    ]);
    expect(screen.getByTestId('new-item-embedded-by').textContent).toBe(
      'Run #1 embedded the text with the Item LLM tiny as trained by this run, and ranked all 30 users by their user vectors.',
    );
  });
});
