// Browser flows of the playground as a teacher and a researcher use it (issue 11): the collapsed
// precomputed comparison, the pre-run estimate, two models trained side by side to the end, and a
// classroom link that reloads with the same state and hidden controls. Each flow takes the page,
// the `check(name, ok, detail)` recorder of run.mjs, the origin and the folder for screenshots.
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const { MODEL_COLOURS } = await tsImport('../../src/ui/palette.ts', import.meta.url);

const TIMEOUT_MS = 60_000;
/** Two tiny runs in turn on SwiftShader, evaluation included. */
const PAIR_TIMEOUT_MS = 480_000;

/** The step the stepper marks as current. */
function currentStep(page) {
  return page.locator('[aria-current="step"]').innerText();
}

/**
 * Once the user has runs of their own, the precomputed comparison is one line that reopens it;
 * "Run it yourself" collapses it again and opens the Train step.
 */
export async function checkCollapsedPreview(page, check, origin, results) {
  await page.goto(`${origin}/?step=data`, { waitUntil: 'load' });
  const summary = page.getByTestId('precomputed-summary');
  await summary.waitFor({ timeout: TIMEOUT_MS });
  const line = await summary.innerText();
  check(
    'with runs of your own, the precomputed comparison is one line (cold-slice numbers)',
    (await page.getByTestId('precomputed-comparison').count()) === 0 &&
      /R@10 ×100 on new \(cold\) items: SASRec [\d.]+, HLLM [\d.]+, popularity/.test(line),
    line,
  );
  await page.screenshot({ path: join(results, 'precomputed-collapsed.png'), fullPage: true });
  await summary.getByRole('button', { name: 'Show the precomputed comparison' }).click();
  const preview = page.getByTestId('precomputed-comparison');
  const reopened = await preview.isVisible();
  await preview.getByRole('button', { name: /Run it yourself/ }).click();
  check(
    'the one line reopens it, and "Run it yourself" collapses it and opens Train',
    reopened &&
      (await page.getByTestId('precomputed-comparison').count()) === 0 &&
      (await page.getByTestId('precomputed-summary').isVisible()) &&
      (await currentStep(page)).includes('Train'),
    await currentStep(page),
  );
}

/** Before a start, a short warm-up in the train worker gives the steps and the time here. */
export async function checkEstimate(page, check, origin, results, runQuery) {
  await page.goto(`${origin}/?${runQuery}&models=sasrec,hstu`, { waitUntil: 'load' });
  await page.waitForFunction(
    () => document.querySelector('[data-testid="config-problems"]') === null,
    undefined,
    { timeout: TIMEOUT_MS },
  );
  await page.getByRole('button', { name: 'Estimate the time here (short warm-up)' }).click();
  const box = page.getByTestId('run-estimate');
  await page.waitForFunction(
    () =>
      ['done', 'failed'].includes(
        document.querySelector('[data-testid="run-estimate"]')?.getAttribute('data-state') ?? '',
      ),
    undefined,
    { timeout: 240_000 },
  );
  const text = await box.innerText();
  check(
    'the pre-run estimate gives both models’ steps and time here, and the classroom preset’s',
    (await box.getAttribute('data-state')) === 'done' &&
      /~[\d,]+ steps, ~\S+( \S+)? here; the classroom-quick preset would take ~/.test(text) &&
      /SASRec: [\d,]+ steps/.test(text) &&
      /HSTU: [\d,]+ steps/.test(text),
    text.split('\n').slice(0, 4).join(' | '),
  );
  await page.screenshot({ path: join(results, 'train-estimate.png'), fullPage: true });
}

/**
 * SASRec and HSTU trained by one Start on the same split: one progress line each, Compare opens on
 * the chosen slice with both runs, and the Train step overlays both loss curves in the model
 * colours. Expects the page of `checkEstimate`.
 */
export async function checkSideBySide(page, check, origin, results) {
  await page.getByLabel('Then compare on', { exact: true }).selectOption('longtail');
  const start = page.getByRole('button', { name: 'Start training (2 models in turn)' });
  await start.click();
  const lines = page.getByTestId('queue-progress').locator('li');
  await lines.first().waitFor({ timeout: TIMEOUT_MS });
  const during = await lines.evaluateAll((items) =>
    items.map((li) => `${li.dataset.model}:${li.dataset.status}`),
  );
  check(
    'one Start queues both models, one progress line each',
    during.length === 2 && during[0].startsWith('sasrec:') && during[1].startsWith('hstu:'),
    during.join(' '),
  );
  await page.waitForFunction(
    () =>
      document.querySelector('[aria-current="step"]')?.textContent?.includes('Compare') ||
      document.querySelector('[data-testid="train-status"]')?.getAttribute('data-status') ===
        'stopped',
    undefined,
    { timeout: PAIR_TIMEOUT_MS },
  );
  const failures = await page.locator('.failure').allInnerTexts();
  const onCompare = (await currentStep(page)).includes('Compare');
  check(
    'both models train to the end and Compare opens',
    onCompare,
    onCompare ? '' : failures.join(' '),
  );
  if (!onCompare) return;
  const slice = await page.getByLabel('Slice', { exact: true }).inputValue();
  const rows = await page.getByTestId('compare-table').locator('tbody tr').allInnerTexts();
  const runRows = rows.filter((r) => r.startsWith('#'));
  const last = runRows.slice(-2);
  check(
    'Compare opens on the chosen slice with both new runs',
    slice === 'longtail' &&
      last.length === 2 &&
      /^#\d+ SASRec/.test(last[0]) &&
      /^#\d+ HSTU/.test(last[1]),
    `${slice}: ${last.map((r) => r.split('\t')[0]).join(', ')}`,
  );
  await page.screenshot({ path: join(results, 'side-by-side-compare.png'), fullPage: true });
  await page.getByRole('button', { name: /Train/ }).click();
  const strokes = await page
    .locator('figure:has-text("Training loss") .recharts-line-curve')
    .evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke')?.toUpperCase()));
  const expected = [MODEL_COLOURS.sasrec, MODEL_COLOURS.hstu].map((c) => c.toUpperCase());
  const finished = await lines.evaluateAll((items) => items.map((li) => li.dataset.status));
  check(
    'the loss curves of both runs are overlaid in the model colours',
    strokes.length === 2 &&
      expected.every((c) => strokes.includes(c)) &&
      finished.every((s) => s === 'finished'),
    `${strokes.join(', ')}; ${finished.join(', ')}`,
  );
  await page.screenshot({ path: join(results, 'side-by-side-train.png'), fullPage: true });
}

/**
 * The classroom link carries the config, the model set and the controls ticked to hide; opening
 * it shows the same settings without them. Expects the page of `checkSideBySide`.
 */
export async function checkClassroomLink(page, check, origin, results) {
  const batch = await page.getByLabel('Batch size', { exact: true }).inputValue();
  await page.getByRole('button', { name: 'Classroom link…' }).click();
  const panel = page.getByRole('region', { name: 'Classroom link' });
  await panel.getByLabel('Epochs field', { exact: true }).check();
  await panel.getByLabel('Inspect step', { exact: true }).check();
  const link = await page.getByTestId('classroom-link').inputValue();
  const preview = await page.getByTestId('classroom-preview').innerText();
  check(
    'the classroom link previews what students will see',
    preview.includes('Hidden from them: Inspect step, Epochs field.') &&
      link.startsWith(origin) &&
      link.includes('models=sasrec%2Chstu') &&
      link.includes('hide=inspect%2Ctrain.epochs'),
    `${link.slice(0, 60)}… ${preview.replace(/\n/g, ' ').slice(0, 120)}`,
  );
  await page.screenshot({ path: join(results, 'classroom-link.png'), fullPage: true });
  await page.goto(link, { waitUntil: 'load' });
  await page.getByLabel('Batch size', { exact: true }).waitFor({ timeout: TIMEOUT_MS });
  const set = page.getByTestId('model-set');
  const steps = await page
    .getByRole('navigation', { name: 'Playground steps' })
    .getByRole('button')
    .allInnerTexts();
  const state = {
    batch: await page.getByLabel('Batch size', { exact: true }).inputValue(),
    epochsShown: await page.getByLabel('Epochs', { exact: true }).count(),
    sasrec: await set.getByLabel('SASRec', { exact: true }).isChecked(),
    hstu: await set.getByLabel('HSTU', { exact: true }).isChecked(),
    hllm: await set.getByLabel('HLLM', { exact: true }).isChecked(),
    inspect: steps.some((s) => s.includes('Inspect')),
    step: await currentStep(page),
  };
  check(
    'the classroom link reloads with the same config and model set, the ticked controls hidden',
    state.batch === batch &&
      state.epochsShown === 0 &&
      state.sasrec &&
      state.hstu &&
      !state.hllm &&
      !state.inspect &&
      state.step.includes('Train'),
    JSON.stringify(state),
  );
  await page.screenshot({ path: join(results, 'classroom-view.png'), fullPage: true });
}
