// Browser flows of the Train step's item-embedding projection (issue 11 §2): the scrubber over
// saved frames, the UMAP layout from the projection worker, another run drawn beside the current
// one, and the new item typed into Inspect placed in the projection. Called by run.mjs on its
// page after a run has finished; screenshots go to test-results/.
import { join } from 'node:path';

/** How long the projection worker may take to lay out every frame with UMAP. */
const UMAP_TIMEOUT_MS = 240_000;

/** The projection figure's data attributes and its main canvas's pixels, once drawn. */
async function projectionState(page) {
  return page.evaluate(async () => {
    // The canvas is drawn in an effect after React's render: let two frames pass first.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const figure = document.querySelector('[data-testid="projection"]');
    const canvas = figure?.querySelector('[data-testid="projection-canvas"]');
    let inked = 0;
    if (canvas instanceof HTMLCanvasElement) {
      const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < (pixels?.length ?? 0); i += 4) if (pixels[i] > 0) inked++;
    }
    return {
      ...figure?.dataset,
      inked,
      pixels: canvas instanceof HTMLCanvasElement ? canvas.toDataURL() : '',
    };
  });
}

/** Moves the frame scrubber with the keyboard (`Home` = first frame, `End` = latest). */
async function scrub(page, key) {
  await page.getByTestId('projection-scrubber').focus();
  await page.keyboard.press(key);
}

/**
 * After a finished run on the Train step: the scrubber moves between saved frames (other label,
 * other pixels), and the UMAP layout draws every frame; screenshots of both layouts.
 */
export async function checkProjectionFrames(page, check, resultsDir) {
  const latest = await projectionState(page);
  await scrub(page, 'Home');
  const first = await projectionState(page);
  check(
    'the projection scrubber moves back to the first saved frame',
    first.label === 'before training' &&
      first.frame === '0' &&
      first.pixels !== latest.pixels &&
      Number(latest.snapshots) >= 2,
    `${latest.snapshots} frames; ${latest.label} → ${first.label}`,
  );
  await scrub(page, 'End');
  const back = await projectionState(page);
  // Not compared pixel for pixel with the first drawing: reading a canvas back can move Chromium's
  // canvas from GPU to CPU raster, which anti-aliases the rings slightly differently.
  check(
    'the scrubber returns to the latest frame',
    back.label === latest.label && back.frame === latest.frame && back.pixels !== first.pixels,
    `${back.label}, frame ${back.frame}`,
  );

  const started = Date.now();
  await page.getByTestId('projection-method').selectOption('umap');
  await page.waitForFunction(
    () => {
      const figure = document.querySelector('[data-testid="projection"]');
      return (
        figure?.dataset.umapFrames === figure?.dataset.snapshots && figure?.dataset.drawn === 'yes'
      );
    },
    undefined,
    { timeout: UMAP_TIMEOUT_MS },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const umap = await projectionState(page);
  check(
    'the UMAP layout draws the points of every saved frame',
    umap.method === 'umap' && umap.inked > Number(umap.points) && umap.pixels !== latest.pixels,
    `${umap.umapFrames} frames laid out in ${seconds} s; ${umap.inked} inked pixels for ${umap.points} points`,
  );
  await page
    .getByTestId('projection')
    .screenshot({ path: join(resultsDir, 'projection-umap.png') });
  await scrub(page, 'Home');
  const umapFirst = await projectionState(page);
  check(
    'the scrubber moves between UMAP frames',
    umapFirst.label === 'before training' && umapFirst.pixels !== umap.pixels,
    `${umap.label} → ${umapFirst.label}`,
  );
  await page
    .getByTestId('projection')
    .screenshot({ path: join(resultsDir, 'projection-umap-first-frame.png') });
  await scrub(page, 'End');
  await page.getByTestId('projection-method').selectOption('pca');
}

/**
 * After a finished HLLM run on the Train step: trains the same run again with another seed (the
 * page was reloaded since the SASRec run, and a SASRec run at its default size takes minutes on
 * a software GPU), then draws the first run's final frame beside the new one, in the same
 * colours, turned to match; screenshot.
 */
export async function checkProjectionBeside(page, check, resultsDir) {
  await page.getByLabel('Seed', { exact: true }).fill('43');
  await page.getByRole('button', { name: 'Start training' }).click();
  await page.waitForFunction(
    () =>
      ['finished', 'stopped', 'failed'].includes(
        document.querySelector('[data-testid="train-status"]')?.dataset.status ?? '',
      ),
    undefined,
    { timeout: 300_000 },
  );
  const status = await page.getByTestId('train-status').getAttribute('data-status');
  if (status !== 'finished') {
    const failure = await page.locator('.failure').allInnerTexts();
    await page.screenshot({ path: join(resultsDir, 'projection-beside-run.png'), fullPage: true });
    check('a second HLLM run (seed 43) trains to the end', false, `${status}: ${failure}`);
    return;
  }
  const select = page.getByTestId('projection-compare');
  await select.waitFor({ timeout: 30_000 });
  const options = await select.locator('option').allInnerTexts();
  await select.selectOption({ index: options.length - 1 });
  const side = page.getByTestId('projection-side-canvas');
  await side.waitFor({ timeout: 60_000 });
  const inked = await side.evaluate((canvas) => {
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) n++;
    return n;
  });
  check(
    'another run’s projection is drawn beside the current one',
    status === 'finished' && options.length >= 2 && inked > 0,
    `${status}; beside: ${options.slice(1).join(' | ')}; ${inked} inked pixels`,
  );
  await page
    .getByTestId('projection')
    .screenshot({ path: join(resultsDir, 'projection-side-by-side.png') });
}

/** After a new item was ranked on the Inspect step: it is placed in the Train step's projection. */
export async function checkNewItemPlaced(page, check, resultsDir) {
  await page.getByRole('button', { name: /Train/ }).click();
  const figure = page.getByTestId('projection');
  await figure.waitFor({ timeout: 60_000 });
  const placed = await figure.getAttribute('data-new-item');
  const legend = await page.getByTestId('projection-legend').innerText();
  check(
    'the new item typed into Inspect is placed in the projection',
    placed === 'yes' && legend.includes('the new item from Inspect'),
    legend.split('\n').at(-1),
  );
  await figure.screenshot({ path: join(resultsDir, 'projection-new-item.png') });
}
