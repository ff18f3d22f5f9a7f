// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../src/config/defaults';
import { matchingPreset } from '../../src/config/modelSwitch';
import type { RunConfig } from '../../src/config/runConfig';
import type { RunEstimate } from '../../src/pipeline/estimateRun';
import { runConfigToSearchParams } from '../../src/config/parseRunConfig';
import { smallDataset, smallSummary } from '../state/summaryFixture';
import { fakeClients, never, renderApp } from './renderApp';

afterEach(cleanup);

/** An estimate of `config`: epochs × 100 steps of a second each. */
function estimateOf(config: RunConfig): RunEstimate {
  const steps = config.train.epochs * 100;
  return {
    model: config.model.kind,
    stepsPerEpoch: 100,
    epochs: config.train.epochs,
    steps,
    secondsPerStep: 1,
    measuredSteps: 3,
    setupSeconds: 0,
    evalSeconds: 0,
    trainSeconds: steps,
    totalSeconds: steps,
  };
}

/** The app on the Train step of `search`, over a loaded 60-item dataset. */
async function onTrainStep(search: string) {
  const dataset = smallDataset(30, 60);
  const rendered = renderApp(
    fakeClients(
      {
        loadSynthetic: async () => ({ ok: true, value: smallSummary(30, 60) }),
        currentDataset: async () => dataset,
      },
      {
        train: never,
        estimate: async (_dataset, config) => ({ ok: true, value: estimateOf(config) }),
      },
    ),
    search,
  );
  await act(() => rendered.stores.data.getState().loadSynthetic());
  return rendered;
}

describe('teacher and researcher controls', () => {
  it('trains the models of models= side by side, one progress line each', async () => {
    const { stores } = await onTrainStep('?step=train&models=sasrec,hstu&train.numNegatives=16');
    const set = screen.getByTestId('model-set');
    const box = (name: string) => within(set).getByLabelText(name) as HTMLInputElement;
    expect([box('SASRec').checked, box('HSTU').checked, box('HLLM').checked]).toEqual([
      true,
      true,
      false,
    ]);
    expect(box('SASRec').disabled).toBe(true);
    fireEvent.click(box('HLLM'));
    expect(stores.training.getState().models).toEqual(['sasrec', 'hstu', 'hllm']);
    fireEvent.click(box('HLLM'));
    const start = screen.getByRole('button', { name: 'Start training (2 models in turn)' });
    await act(async () => {
      fireEvent.click(start);
      await new Promise((r) => setTimeout(r, 0));
    });
    const lines = within(screen.getByTestId('queue-progress')).getAllByRole('listitem');
    expect(lines.map((l) => [l.dataset.model, l.dataset.status])).toEqual([
      ['sasrec', 'running'],
      ['hstu', 'waiting'],
    ]);
    expect(lines[1].textContent).toBe(' HSTU: waiting for its turn');
  });

  it('shows the warm-up estimate and applies the smaller preset', async () => {
    const { stores } = await onTrainStep(
      `?${runConfigToSearchParams({ ...defaultRunConfig('sasrec'), train: { ...defaultRunConfig('sasrec').train, numNegatives: 16 } }).toString()}&step=train`,
    );
    await act(async () => {
      fireEvent.click(
        screen.getByRole('button', { name: 'Estimate the time here (short warm-up)' }),
      );
      await new Promise((r) => setTimeout(r, 0));
    });
    const epochs = stores.training.getState().config.train.epochs;
    const summary = screen.getByTestId('estimate-summary').textContent ?? '';
    expect(summary).toContain(`~${(epochs * 100).toLocaleString('en')} steps`);
    expect(summary).toMatch(/the classroom-quick preset would take ~16m 40s \(1,000 steps\)/);
    fireEvent.click(screen.getByRole('button', { name: 'Use the classroom-quick preset' }));
    expect(matchingPreset(stores.training.getState().config)).toBe('classroom-quick');
    // New settings drop the old estimate.
    expect(screen.queryByTestId('estimate-summary')).toBeNull();
  });

  it('builds a classroom link with the config, the model set and the hidden controls', async () => {
    await onTrainStep('?step=train&models=sasrec,hllm');
    fireEvent.click(screen.getByRole('button', { name: 'Classroom link…' }));
    const panel = screen.getByRole('region', { name: 'Classroom link' });
    fireEvent.click(within(panel).getByLabelText('Epochs field'));
    fireEvent.click(within(panel).getByLabelText('Inspect step'));
    const link = new URL((screen.getByTestId('classroom-link') as HTMLInputElement).value);
    expect(link.searchParams.get('models')).toBe('sasrec,hllm');
    expect(link.searchParams.get('hide')).toBe('inspect,train.epochs');
    expect(link.searchParams.get('model.kind')).toBe('sasrec');
    const preview = screen.getByTestId('classroom-preview').textContent ?? '';
    expect(preview).toMatch(/Hidden from them: Inspect step, Epochs field\./);
    expect(preview).toMatch(
      /Students will see: Data step, Item LLM step, Train step, Compare step,/,
    );
  });
});
