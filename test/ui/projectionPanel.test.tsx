// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MAX_CATEGORIES, type ProjectionEvent } from '../../src/compute/projection';
import { SERIES_COLOURS } from '../../src/ui/palette';
import { fakeContext, fakeField, fakeSnapshot } from '../compute/projectionFixtures';
import { fakeClients, renderApp } from './renderApp';

describe('Train step projection: layouts, frames, runs side by side, new item', () => {
  it('switches to UMAP, scrubs frames, draws another run beside and marks the new item', async () => {
    const laidOut: string[] = [];
    const { stores } = renderApp(
      {
        ...fakeClients(),
        projection: {
          umapFrame: async (rows) => {
            laidOut.push(Array.from(rows).join(','));
            return Float32Array.from(rows);
          },
        },
      },
      '?step=train',
    );
    const send = (e: ProjectionEvent) => act(() => stores.projection.getState().receive(e));
    const fields = [fakeField('subject', ['maths', 'art'], [0, 1, 0])];
    send(fakeContext(fields, { n: 3, runId: 0, model: 'sasrec' }));
    send(fakeSnapshot('before training', [0, 0, 1, 0, 0, 1], [0.2]));
    send(fakeSnapshot('final (best epoch 1)', [0, 0, 2, 0, 0, 2], [0.4]));
    send(fakeContext(fields, { n: 3, runId: 1, model: 'hllm' }));
    send(fakeSnapshot('before training', [0, 0, 3, 0, 0, 3], [0.3]));
    send(fakeSnapshot('after epoch 1', [0, 0, 4, 0, 0, 4], [0.5]));
    send(fakeSnapshot('final (best epoch 1)', [0, 0, 5, 0, 0, 5], [0.6]));
    const figure = screen.getByTestId('projection');
    expect(figure.dataset.label).toBe('final (best epoch 1)');
    expect(figure.dataset.drawn).toBe('yes');
    expect(figure.textContent).toContain('run #2 (HLLM)');
    expect(screen.getByTestId('projection-field').textContent).toContain(
      'subject (separation 0.60)',
    );

    fireEvent.change(screen.getByTestId('projection-scrubber'), { target: { value: '1' } });
    expect(figure.dataset.label).toBe('after epoch 1');
    expect(figure.dataset.frame).toBe('1');

    fireEvent.change(screen.getByTestId('projection-method'), { target: { value: 'umap' } });
    await waitFor(() => expect(figure.dataset.umapFrames).toBe('3'));
    expect(figure.dataset.method).toBe('umap');
    expect(figure.dataset.drawn).toBe('yes');
    expect(screen.getByTestId('projection-umap-status').textContent).toContain(
      '3 of 3 frames laid out with UMAP',
    );

    fireEvent.change(screen.getByTestId('projection-compare'), { target: { value: '0' } });
    await waitFor(() => expect(laidOut).toHaveLength(4));
    expect(screen.getByTestId('projection-side-canvas')).toBeTruthy();
    await waitFor(() =>
      expect(figure.textContent).toContain(
        'run #1 (SASRec), final (best epoch 1), turned to match',
      ),
    );

    act(() =>
      stores.projection
        .getState()
        .setNewItem({ runId: 1, title: 'Jazz for beginners', vector: Float32Array.from([4, 0]) }),
    );
    expect(figure.dataset.newItem).toBe('yes');
    expect(figure.textContent).toContain('placed among its 5 nearest items');
    fireEvent.change(screen.getByTestId('projection-method'), { target: { value: 'pca' } });
    expect(figure.textContent).toContain('projected on this frame’s components');
    // Another run's new item is not placed in this run's projection.
    act(() =>
      stores.projection
        .getState()
        .setNewItem({ runId: 7, title: 'x', vector: Float32Array.from([4, 0]) }),
    );
    expect(figure.dataset.newItem).toBe('no');
  });

  it('has a colour of its own for every category a field can name', () => {
    expect(new Set(SERIES_COLOURS).size).toBe(SERIES_COLOURS.length);
    expect(MAX_CATEGORIES).toBeLessThanOrEqual(SERIES_COLOURS.length);
  });
});
