// Browser smoke test: serves the production build with `vite preview`, opens it in headless
// Debian Chromium (WebGPU enabled, every non-local request blocked) and checks that the embedded
// synthetic dataset's statistics and the compute device appear. Run by `npm run test:browser`
// after `vite build`, once with WebGPU and once without it (BROWSER_WASM_ONLY=1: the Wasm fallback,
// multi-threaded in the cross-origin-isolated page); prints `N passed, N failed` and exits non-zero
// on any failure.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

import {
  checkNewItemPlaced,
  checkProjectionBeside,
  checkProjectionFrames,
} from './projectionFlows.mjs';

const { HOST, CHROMIUM, startPreview, launchChromium, waitForTrainingEnd } = await tsImport(
  './harness.ts',
  import.meta.url,
);
const teacher = await import('./teacherFlows.mjs');
/** `vite preview` port; BROWSER_TEST_PORT lets two checkouts test at once. */
const PORT = Number(process.env.BROWSER_TEST_PORT ?? 4173);
const ORIGIN = `http://${HOST}:${PORT}`;
/** BROWSER_WASM_ONLY=1 runs the whole flow without WebGPU, on the Wasm fallback. */
const WASM_ONLY = process.env.BROWSER_WASM_ONLY === '1';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = join(ROOT, 'test-results');
const TIMEOUT_MS = 60_000;
const TRAIN_TIMEOUT_MS = 240_000;
/** A tiny SASRec run on the embedded dataset (one epoch, short histories, narrow model). */
const TINY_RUN = [
  'step=train',
  'model.kind=sasrec',
  'model.hiddenSize=16',
  'model.innerSize=16',
  'model.numHeads=1',
  'data.kCore=0',
  'data.maxHistory=10',
  'train.epochs=1',
  'train.batchSize=256',
  'train.numNegatives=32',
].join('&');
const ITEM_LLM = 'tiny-random-llama-fp16';
const ITEM_LLM_SOURCE = join(ROOT, '../shared/models', ITEM_LLM);
const MOVIELENS = join(ROOT, '../shared/data/movielens-100k');
const MOVIELENS_FILES = ['u.data.gz', 'u.item'].map((f) => join(MOVIELENS, f));
/** The tiny safetensors Llama the HLLM fine-tuning check serves under /models/ (copied at test time). */
const FINETUNE_LLM = 'tiny-llama';
/** The default Item LLM, generated into public/models/ by `npm run default-item-llm`. */
const DEFAULT_ITEM_LLM = 'tiny-llama-random';
const FINETUNE_LLM_SOURCE = join(ROOT, 'test/fixtures', FINETUNE_LLM);
/** Size of the small HLLM-format dataset the fine-tuning check uploads. */
const SMALL_USERS = 120;
const SMALL_ITEMS = 48;
/** A curated Hub checkpoint, requested offline to check the error. */
const HUB_CHECKPOINT = 'HuggingFaceTB/SmolLM2-135M';

const results = [];

/** Reads a downloaded safetensors file's header: tensor names with shapes, and the metadata. */
function safetensorsHeader(bytes) {
  const length = Number(bytes.readBigUInt64LE(0));
  return JSON.parse(bytes.subarray(8, 8 + length).toString('utf8'));
}

/** Clicks `button` and returns the `count` downloads it starts, as { name, text, bytes }. */
async function downloadsOf(page, button, count = 1) {
  const events = [];
  const waiting = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('download timed out')), TIMEOUT_MS);
    const listener = (download) => {
      events.push(download);
      if (events.length === count) {
        clearTimeout(timer);
        page.off('download', listener);
        resolve();
      }
    };
    page.on('download', listener);
  });
  await button.click();
  await waiting;
  return Promise.all(
    events.map(async (download) => {
      const bytes = readFileSync(await download.path());
      return { name: download.suggestedFilename(), text: bytes.toString('utf8'), bytes };
    }),
  );
}

/** Records one named check. */
const STARTED = performance.now();

/** Records a check and prints it with the seconds since the run started (to see where time goes). */
function check(name, ok, detail = '') {
  results.push({ name, ok });
  const at = Math.round((performance.now() - STARTED) / 1000);
  console.log(`${ok ? 'PASS' : 'FAIL'} [${at}s] ${name}${detail ? ` — ${detail}` : ''}`);
}

/** Polls `url` until it answers or `timeoutMs` passes. */
/** The statistics the page must show, computed in Node by the same core code the worker runs. */
async function expectedStats(files) {
  const { createDataService } = await tsImport('../../src/compute/dataService.ts', import.meta.url);
  const { formatCount, formatPercent } = await tsImport('../../src/ui/format.ts', import.meta.url);
  const service = createDataService();
  const result =
    files === undefined
      ? await service.loadSynthetic()
      : await service.ingestFiles(
          files.map((path) => new File([readFileSync(path)], basename(path))),
        );
  if (!result.ok) throw new Error(`the core failed in Node: ${result.failure.message}`);
  const { stats, name } = result.value;
  return {
    'dataset-name': name,
    'stat-users': formatCount(stats.users),
    'stat-items': formatCount(stats.items),
    'stat-interactions': formatCount(stats.interactions),
    'stat-density': formatPercent(stats.density),
  };
}

/** Copies a folder with fresh, writable files (the source may be read-only). */
function copyFolder(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) copyFolder(join(from, entry.name), join(to, entry.name));
    else writeFileSync(join(to, entry.name), readFileSync(join(from, entry.name)));
  }
}

/** Checks that every test id shows its expected text. */
async function checkShown(page, expected, what) {
  for (const [testId, value] of Object.entries(expected)) {
    const shown = (await page.getByTestId(testId).innerText()).trim();
    check(`${what}: ${testId} shows ${value}`, shown === value, `page shows ${shown}`);
  }
}

/** Form controls on the page without an accessible name (label, aria-label or button text). */
function unlabelledControls(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => {
        const named =
          (el.labels !== null && el.labels.length > 0) ||
          el.hasAttribute('aria-label') ||
          el.hasAttribute('aria-labelledby') ||
          (el.tagName === 'BUTTON' && el.textContent.trim().length > 0);
        return !named;
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
}

/**
 * Writes a small HLLM-format dataset (interactions and item information CSVs): each user mostly
 * follows one of four genres, so there is something to learn.
 */
function writeSmallDataset() {
  const genres = ['space', 'ocean', 'forest', 'desert'];
  const words = ['quiet', 'bright', 'lost', 'golden', 'broken', 'hidden'];
  const items = ['item_id,title,description'];
  for (let i = 0; i < SMALL_ITEMS; i++) {
    const genre = genres[i % genres.length];
    items.push(`i${i},${words[i % words.length]} ${genre} tale ${i},a ${genre} story`);
  }
  const rows = ['item_id,user_id,timestamp'];
  for (let u = 0; u < SMALL_USERS; u++) {
    for (let t = 0; t < 8; t++) {
      const offset = t % 4 === 3 ? 1 : 0;
      const slot = (u * 7 + t * 5 + Math.floor(u / 12) * 3) % (SMALL_ITEMS / 4);
      const item = slot * 4 + ((u + offset) % 4);
      rows.push(`i${item},u${u},${1000 + t}`);
    }
  }
  const files = [join(RESULTS, 'small-interactions.csv'), join(RESULTS, 'small-items.csv')];
  writeFileSync(files[0], `${rows.join('\n')}\n`);
  writeFileSync(files[1], `${items.join('\n')}\n`);
  return files;
}

/**
 * Column mapping: uploads a generic CSV whose column names detection cannot read (`rating` first, so
 * it is guessed as the item), checks the preview table, maps user, item and time by hand, loads with
 * the keyboard and reads the user, item and interaction counts.
 */
async function checkColumnMapping(page) {
  const path = join(RESULTS, 'odd-columns.csv');
  const rows = ['rating;who;thing_code;moment'];
  const users = new Set();
  const things = new Set();
  for (let u = 0; u < 7; u++) {
    for (let k = 0; k < 3 + (u % 3); k++) {
      const thing = `t${(u * 5 + k) % 13}`;
      users.add(`p${u}`);
      things.add(thing);
      rows.push(`${(k % 5) + 1};p${u};${thing};${1_650_000_000 + u * 60 + k}`);
    }
  }
  writeFileSync(path, `${rows.join('\n')}\n`);
  await page.getByLabel(/Load your own data/).setInputFiles(path);
  const pending = page.getByTestId('pending-files');
  await pending.waitFor({ timeout: TIMEOUT_MS });
  const header = await pending.getByTestId('entry-rows').locator('thead th').allInnerTexts();
  const firstRow = await pending
    .getByTestId('entry-rows')
    .locator('tbody tr')
    .first()
    .locator('td')
    .allInnerTexts();
  check(
    'the preview shows the columns and first rows as text',
    header.join(',') === 'rating,who,thing_code,moment' && firstRow.join(';') === rows[1],
    `${header.join(',')} | ${firstRow.join(';')}`,
  );
  check(
    'the preview shows the detected format and delimiter',
    (await page.getByTestId('entry-format').innerText()) === 'csv' &&
      (await page.getByLabel('Delimiter', { exact: true }).inputValue()) === ';',
  );
  const headerCells = pending.getByTestId('entry-rows').locator('thead th');
  await page.getByLabel('Delimiter', { exact: true }).selectOption(',');
  await headerCells.first().filter({ hasText: 'rating;who' }).waitFor({ timeout: TIMEOUT_MS });
  await page.getByLabel('First row is a header').click();
  await headerCells.first().filter({ hasText: 'column1' }).waitFor({ timeout: TIMEOUT_MS });
  await page.getByLabel('First row is a header').click();
  await page.getByLabel('Delimiter', { exact: true }).selectOption(';');
  await headerCells.nth(3).filter({ hasText: 'moment' }).waitFor({ timeout: TIMEOUT_MS });
  check(
    'the delimiter and header choices re-split the preview',
    (await headerCells.allInnerTexts()).join(',') === 'rating,who,thing_code,moment',
  );
  const unlabelled = await unlabelledControls(page);
  check('the preview controls are labelled', unlabelled.length === 0, unlabelled.join(' | '));
  await page.getByLabel('User column').selectOption('');
  const load = page.getByRole('button', { name: 'Load', exact: true });
  check(
    'Load waits for a user column and says so',
    (await load.isDisabled()) &&
      (await page.getByTestId('mapping-problems').innerText()).includes('choose the user column'),
  );
  await page.getByLabel('User column').selectOption('who');
  await page.getByLabel('Item column').selectOption('thing_code');
  await page.getByLabel('Time column').selectOption('moment');
  await load.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="dataset-name"]')?.textContent === 'odd-columns',
    undefined,
    { timeout: TIMEOUT_MS },
  );
  await checkShown(
    page,
    {
      'stat-users': String(users.size),
      'stat-items': String(things.size),
      'stat-interactions': String(rows.length - 1),
    },
    'mapped CSV upload',
  );
  rmSync(path);
}

/**
 * HLLM fine-tuning in the tab: uploads the small dataset, fine-tunes the top layer of the tiny
 * safetensors Llama served under /models/ jointly with the User LLM for one epoch, checks the
 * memory estimate, the metrics and the run notes, then types a new item and reads the ranked users.
 */
async function checkHllmFineTuning(page) {
  const files = writeSmallDataset();
  await page.goto(`${ORIGIN}/?step=data`, { waitUntil: 'load' });
  await page.getByTestId('dataset').waitFor({ timeout: TIMEOUT_MS });
  await page.getByLabel(/Load your own data/).setInputFiles(files);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.waitForFunction(
    (users) => document.querySelector('[data-testid="stat-users"]')?.textContent === users,
    String(SMALL_USERS),
    { timeout: TIMEOUT_MS },
  );
  await page.getByRole('button', { name: /Train/ }).click();
  await page.getByLabel('Model').selectOption('hllm');
  for (const [label, value] of [
    ['Epochs', '1'],
    ['Batch size', '64'],
    ['Negatives (InfoNCE)', '16'],
    ['Max history length', '6'],
    ['k-core (0 = off)', '0'],
  ]) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  const defaultPlan = page.getByTestId('item-llm-memory');
  await defaultPlan.waitFor({ timeout: TIMEOUT_MS });
  const defaultMode = await page.getByLabel('Item LLM mode').inputValue();
  const defaultModel = await page.getByLabel(/^Checkpoint/).inputValue();
  check(
    'the default HLLM run fine-tunes every layer of the generated default Item LLM, planned to fit',
    defaultMode === 'all' &&
      defaultModel === DEFAULT_ITEM_LLM &&
      (await defaultPlan.getAttribute('data-fits')) === 'yes',
    `${defaultMode} ${defaultModel}: ${(await defaultPlan.innerText()).slice(0, 160)}`,
  );
  await page.getByLabel('Item LLM mode').selectOption('top-k');
  await page.getByLabel(/^Checkpoint/).fill(FINETUNE_LLM);
  await page.getByLabel('Max text tokens').fill('96');
  await page.getByLabel('Negatives', { exact: true }).selectOption('epoch-cache');
  const memory = page.getByTestId('item-llm-memory');
  await memory.waitFor({ timeout: TIMEOUT_MS });
  check(
    'the Train step shows the Item LLM memory estimate before training',
    (await memory.getAttribute('data-fits')) === 'yes',
    (await memory.innerText()).slice(0, 160),
  );
  const started = Date.now();
  await page.getByRole('button', { name: 'Start training' }).click();
  const status = await waitForTrainingEnd(page, TRAIN_TIMEOUT_MS);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const failure = await page.locator('.failure').allInnerTexts();
  const notes = await page.locator('[data-testid="run-summary"] ~ p.hint').allInnerTexts();
  const rows = await page.getByTestId('run-summary').locator('tbody tr').allInnerTexts();
  const usage = status === 'finished' ? await page.getByTestId('run-usage').innerText() : '';
  check(
    'the run summary shows the peak device memory, steps/s and FLOPs of the fine-tuning run',
    /peak [\d.]+ (KiB|MiB|GiB) \((live GPU buffers|Wasm heap)\); \d+ steps, [\d.e+-]+ steps\/s, [\d.e+-]+ sequences\/s, [\d.]+ GFLOP\/step/.test(
      usage,
    ),
    usage,
  );
  check(
    `HLLM fine-tunes the top layer of ${FINETUNE_LLM} in the tab and reports test metrics`,
    status === 'finished' &&
      notes.some(
        (n) =>
          n.includes(`Item LLM /models/${FINETUNE_LLM}/ (`) &&
          n.includes('fine-tuned: top 1 layer(s)'),
      ) &&
      rows.length === 2 &&
      /\d/.test(rows[0]),
    status === 'finished' ? `${seconds} s; ${rows[0]}` : failure.join(' '),
  );
  await page.screenshot({ path: join(RESULTS, 'hllm-finetune-step.png'), fullPage: true });

  await page.getByRole('button', { name: /Inspect/ }).click();
  const typed = Date.now();
  await page.getByLabel('New item title').fill('A golden space tale');
  await page.getByLabel('New item description').fill('a space story');
  const users = page.getByTestId('new-item-users');
  await users.waitFor({ timeout: TIMEOUT_MS });
  const rankSeconds = ((Date.now() - typed) / 1000).toFixed(1);
  const listed = await users.locator('li').allInnerTexts();
  const embeddedBy = await page.getByTestId('new-item-embedded-by').innerText();
  check(
    'a typed new item ranks users with the fine-tuned Item LLM',
    listed.length === 10 && embeddedBy.includes('as trained by this run'),
    `${rankSeconds} s after typing; ${listed[0] ?? 'no users'} — ${embeddedBy.slice(0, 120)}`,
  );
  await page.screenshot({ path: join(RESULTS, 'inspect-new-item.png'), fullPage: true });
  await checkNewItemPlaced(page, check, RESULTS);
  for (const file of files) rmSync(file);

  // A Hub checkpoint offline: the request goes to transformers.js's Hub URL and fails plainly.
  const hubRequests = [];
  await page.route('https://huggingface.co/**', (route) => {
    hubRequests.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await page.getByRole('button', { name: /Item LLM/ }).click();
  await page.getByLabel(/^Folder under \/models\/ or Hub id/).fill(HUB_CHECKPOINT);
  await page.getByRole('button', { name: 'Fetch its files' }).click();
  const offline = page.locator('.failure', { hasText: HUB_CHECKPOINT });
  await offline.waitFor({ timeout: TIMEOUT_MS });
  const offlineText = await offline.innerText();
  check(
    'a Hub checkpoint requested offline fails with its URL and a plain reason',
    hubRequests[0] === `https://huggingface.co/${HUB_CHECKPOINT}/resolve/main/config.json` &&
      offlineText.includes('the Hugging Face Hub is not reachable'),
    `${hubRequests.join(' ')} — ${offlineText.slice(0, 160)}`,
  );
  // The list fills in once the worker has read both caches.
  const cacheList = page.getByTestId('cache-status');
  await cacheList
    .filter({ hasText: 'Model files' })
    .filter({ hasText: 'Item embeddings' })
    .waitFor({ timeout: TIMEOUT_MS })
    .catch(() => undefined);
  const cacheStatus = await cacheList.innerText();
  check(
    'the Item LLM step shows what the caches hold',
    cacheStatus.includes('Item embeddings') && cacheStatus.includes('Model files'),
    cacheStatus.replaceAll('\n', ' | '),
  );
  await page.screenshot({ path: join(RESULTS, 'item-llm-checkpoints.png'), fullPage: true });
  await page.unroute('https://huggingface.co/**');
}

async function main() {
  if (!existsSync(join(ROOT, 'dist/index.html'))) {
    throw new Error(
      'dist/index.html is missing: run `vite build` first (npm run test:browser does)',
    );
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  mkdirSync(RESULTS, { recursive: true });
  const expected = await expectedStats();
  const hasItemLlm = existsSync(ITEM_LLM_SOURCE);
  if (hasItemLlm) copyFolder(ITEM_LLM_SOURCE, join(ROOT, 'dist/models', ITEM_LLM));
  copyFolder(FINETUNE_LLM_SOURCE, join(ROOT, 'dist/models', FINETUNE_LLM));

  const server = await startPreview(ROOT, PORT, TIMEOUT_MS);
  let browser;
  try {
    browser = await launchChromium({ webgpu: !WASM_ONLY, reducedMotion: true });
    const { context, blocked } = browser;
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors = [];
    const consoleErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });

    await page.goto(ORIGIN, { waitUntil: 'load' });
    check('page title', (await page.title()) === 'HLLM Playground', await page.title());
    const preview = page.getByTestId('precomputed-comparison');
    const previewRows = await preview
      .getByTestId('precomputed-table')
      .locator('tbody tr')
      .allInnerTexts();
    const provenance = await preview.getByTestId('precomputed-provenance').innerText();
    check(
      'the precomputed HLLM-vs-SASRec comparison is on screen at once, with its provenance',
      (await preview.isVisible()) &&
        previewRows.length === 3 &&
        previewRows[0].startsWith('SASRec') &&
        previewRows[2].startsWith('Popularity') &&
        provenance.includes('scripts/precompute-comparison.ts') &&
        (await preview.getByRole('button', { name: /Run it yourself/ }).isVisible()),
      previewRows.join(' | '),
    );
    const steps = await page
      .getByRole('navigation', { name: 'Playground steps' })
      .getByRole('button')
      .allInnerTexts();
    const labels = steps.map((s) => s.replace(/^\d+\s*/, '').trim());
    check(
      'stepper shows Data → Item LLM → Train → Compare → Inspect',
      labels.join('|') === 'Data|Item LLM|Train|Compare|Inspect',
      labels.join(' → '),
    );

    await page.getByTestId('dataset').waitFor({ timeout: TIMEOUT_MS });
    await checkShown(page, expected, 'embedded dataset');
    const bars = await page.locator('.recharts-bar-rectangle').count();
    check('sequence-length histogram is drawn', bars > 0, `${bars} bars`);
    const areas = await page.locator('.recharts-area-area').count();
    check('item-popularity chart is drawn', areas > 0, `${areas} areas`);

    const badge = page.getByTestId('device-badge');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="device-badge"]')?.getAttribute('data-device') !==
        'detecting',
      undefined,
      { timeout: TIMEOUT_MS },
    );
    const device = await badge.getAttribute('data-device');
    const badgeText = await badge.innerText();
    check(
      'device badge reports a compute device',
      device === 'webgpu' || device === 'wasm',
      badgeText,
    );
    if (WASM_ONLY) {
      check(
        'without WebGPU, the Wasm fallback runs on more than one thread',
        device === 'wasm' && /Wasm \(CPU, ([2-9]|\d\d+) threads\)/.test(badgeText),
        badgeText,
      );
    } else {
      check(
        'WebGPU is found (SwiftShader in headless Chromium)',
        device === 'webgpu' || process.env.BROWSER_ALLOW_WASM === '1',
        badgeText,
      );
    }
    const isolation = await page.evaluate(() => ({
      isolated: globalThis.crossOriginIsolated,
      sharedMemory: typeof SharedArrayBuffer !== 'undefined',
    }));
    check(
      'the page is cross-origin isolated (Wasm kernels may use every core)',
      isolation.isolated === true && isolation.sharedMemory,
      JSON.stringify(isolation),
    );
    await page.screenshot({ path: join(RESULTS, 'data-step.png'), fullPage: true });

    await page.getByRole('button', { name: /Data/ }).focus();
    await page.keyboard.press('ArrowRight');
    const unlabelledOnData = await unlabelledControls(page);
    const current = await page.locator('[aria-current="step"]').innerText();
    check('arrow keys move through the steps', current.includes('Item LLM'), current);
    const prompts = page.getByTestId('item-prompts');
    await prompts.waitFor({ timeout: TIMEOUT_MS });
    const firstPrompt = (await prompts.locator('pre').first().innerText()).trim();
    check(
      'the Item LLM step previews HLLM item prompts',
      firstPrompt.startsWith('Compress the following sentence into embedding: title: '),
      firstPrompt.slice(0, 80),
    );
    await page.screenshot({ path: join(RESULTS, 'item-llm-step.png'), fullPage: true });

    await page.getByRole('button', { name: /Data/ }).click();
    const picker = page.getByLabel(/Load your own data/);
    const broken = join(RESULTS, 'broken.csv.gz');
    writeFileSync(broken, readFileSync(MOVIELENS_FILES[0]).subarray(0, 64));
    await picker.setInputFiles(broken);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: TIMEOUT_MS });
    const alertText = await alert.innerText();
    check(
      'a broken upload shows an error naming the file',
      alertText.includes('broken.csv.gz'),
      alertText.split('\n')[0],
    );
    rmSync(broken);
    await checkColumnMapping(page);

    if (MOVIELENS_FILES.every((f) => existsSync(f))) {
      const movielens = await expectedStats(MOVIELENS_FILES);
      await picker.setInputFiles(MOVIELENS_FILES);
      await page.getByRole('button', { name: 'Load', exact: true }).click();
      await page.waitForFunction(
        (name) => document.querySelector('[data-testid="dataset-name"]')?.textContent === name,
        movielens['dataset-name'],
        { timeout: TIMEOUT_MS },
      );
      await checkShown(page, movielens, 'MovieLens-100k upload');
      await page.screenshot({ path: join(RESULTS, 'movielens-upload.png'), fullPage: true });
    } else {
      console.log(`SKIP MovieLens-100k upload — ${MOVIELENS} is absent`);
    }

    await page.goto(`${ORIGIN}/?${TINY_RUN}`, { waitUntil: 'load' });
    const startButton = page.getByRole('button', { name: 'Start training' });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="config-problems"]') === null,
      undefined,
      { timeout: TIMEOUT_MS },
    );
    check(
      'the address sets the run config',
      (await page.getByLabel('Epochs').inputValue()) === '1',
    );
    await page.evaluate(() => {
      // Records every projection snapshot shown while the run goes on: label, run status, pixels.
      window.__projection = [];
      const seen = () => {
        const figure = document.querySelector('[data-testid="projection"]');
        const label = figure?.getAttribute('data-label') ?? '';
        const last = window.__projection[window.__projection.length - 1];
        if (figure === null || label === '' || last?.label === label) return;
        requestAnimationFrame(() =>
          window.__projection.push({
            label,
            status: document.querySelector('[data-testid="train-status"]')?.dataset.status,
            pixels: figure.querySelector('canvas')?.toDataURL() ?? '',
          }),
        );
      };
      new MutationObserver(seen).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-label'],
      });
    });
    await startButton.click();
    const trainStatus = await waitForTrainingEnd(page, TRAIN_TIMEOUT_MS);
    const trainFailure = await page.locator('.failure').allInnerTexts();
    check(
      'a tiny SASRec run trains to the end',
      trainStatus === 'finished',
      trainFailure.join(' '),
    );
    const lossCurves = await page
      .locator('figure:has-text("Training loss") .recharts-line-curve')
      .count();
    const validDots = await page
      .locator('figure:has-text("Validation metrics") .recharts-line-dot')
      .count();
    check('the live loss curve is drawn', lossCurves === 1, `${lossCurves} curves`);
    check('validation metrics are plotted', validDots >= 3, `${validDots} points`);
    const summaryRows = await page.getByTestId('run-summary').locator('tbody tr').allInnerTexts();
    check(
      'test results list the model and the popularity baseline',
      summaryRows.length === 2 && summaryRows[1].startsWith('Popularity'),
      summaryRows.join(' | '),
    );
    check('the address keeps the run config', page.url().includes('train.epochs=1'), page.url());
    await page.waitForFunction(() => window.__projection.length >= 2, undefined, {
      timeout: TIMEOUT_MS,
    });
    const projection = await page.evaluate(() => window.__projection);
    const points = await page.getByTestId('projection').getAttribute('data-points');
    check(
      'the item-embedding projection appears during training and updates',
      projection[0].label === 'before training' &&
        projection[0].status === 'running' &&
        projection[projection.length - 1].label.startsWith('final') &&
        projection[0].pixels !== projection[projection.length - 1].pixels &&
        Number(points) > 0 &&
        Number(points) <= Number(expected['stat-items'].replace(/\D/g, '')),
      `${projection.map((p) => `${p.label} (${p.status})`).join(' → ')}; ${points} points`,
    );
    await page.screenshot({ path: join(RESULTS, 'train-step.png'), fullPage: true });
    if (WASM_ONLY) await checkProjectionFrames(page, check, RESULTS);

    await page.getByRole('button', { name: /Compare/ }).click();
    const compareRows = await page.getByTestId('compare-table').locator('tbody tr').count();
    check('compare lists the run and the baseline', compareRows === 2, `${compareRows} rows`);
    await page.screenshot({ path: join(RESULTS, 'compare-step.png'), fullPage: true });
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: TIMEOUT_MS }),
      page.getByRole('button', { name: 'Download run records (JSON)' }).click(),
    ]);
    const records = JSON.parse(readFileSync(await download.path(), 'utf8'));
    check(
      'the downloaded run records hold the full config and test metrics',
      records.length === 1 &&
        records[0].config.train.epochs === 1 &&
        typeof records[0].final.test.all['R@10'] === 'number',
      `${download.suggestedFilename()}: ${records.length} record(s)`,
    );
    const numItems = records[0].dataset.numItems;
    const [csv] = await downloadsOf(
      page,
      page.getByRole('button', { name: 'Download metrics (CSV)' }),
    );
    const csvLines = csv.text.trimEnd().split('\n');
    check(
      'the metrics CSV has a row per slice for the run and the baseline',
      csvLines[0].startsWith(
        'run,model,dataset,split,seed,device,started_at,slice,cases,series,R@5',
      ) &&
        csvLines.length === 1 + 4 * 2 &&
        csvLines.some((l) => l.includes(`,all,${records[0].dataset.testCases},sasrec,`)),
      `${csv.name}: ${csvLines.length} lines`,
    );
    const [checkpoint] = await downloadsOf(
      page,
      page.getByRole('button', { name: 'Download the checkpoint of run #1 (safetensors)' }),
    );
    const header = safetensorsHeader(checkpoint.bytes);
    const itemTable = Object.entries(header).find(([, t]) => t.shape?.[0] === numItems + 1);
    check(
      'the checkpoint downloads as safetensors with the config and the item table',
      header.__metadata__?.format === 'hllm-playground-checkpoint/1' &&
        JSON.parse(header.__metadata__.config).model.hiddenSize === 16 &&
        itemTable !== undefined &&
        itemTable[1].shape[1] === 16,
      `${checkpoint.name}: ${checkpoint.bytes.length} bytes, ${Object.keys(header).length - 1} tensors`,
    );
    const tsv = await downloadsOf(
      page,
      page.getByRole('button', {
        name: 'Download the item embeddings of run #1 (Embedding Projector TSV)',
      }),
      2,
    );
    const vectors = tsv
      .find((f) => f.name.endsWith('-vectors.tsv'))
      ?.text.trimEnd()
      .split('\n');
    const metadata = tsv
      .find((f) => f.name.endsWith('-metadata.tsv'))
      ?.text.trimEnd()
      .split('\n');
    check(
      'item embeddings download as Embedding Projector TSV (vectors and metadata)',
      vectors?.length === numItems &&
        vectors.every((l) => l.split('\t').length === 16) &&
        metadata?.length === numItems + 1 &&
        metadata[0].startsWith('id\ttitle\tcold\ttrain_count'),
      `${tsv.map((f) => f.name).join(', ')}: ${vectors?.length} vectors`,
    );
    const [zip] = await downloadsOf(
      page,
      page.getByRole('button', { name: 'Download the dataset in HLLM layout (zip)' }),
    );
    check(
      'the dataset downloads in HLLM layout (zip)',
      zip.bytes.subarray(0, 2).toString('latin1') === 'PK' &&
        zip.text.includes('dataset/') &&
        zip.text.includes('information/'),
      `${zip.name}: ${zip.bytes.length} bytes`,
    );

    await page.getByRole('button', { name: /Inspect/ }).click();
    await page.getByLabel('Run', { exact: true }).selectOption({ index: 1 });
    await page.getByTestId('inspected-case').waitFor({ timeout: TIMEOUT_MS });
    const topItems = await page.getByTestId('inspect-model').locator('li').count();
    check('inspect shows the model top 10 for a test user', topItems === 10, `${topItems} items`);
    await page.screenshot({ path: join(RESULTS, 'inspect-step.png'), fullPage: true });
    const unlabelled = [...unlabelledOnData, ...(await unlabelledControls(page))];
    for (const step of ['Item LLM', 'Train', 'Compare']) {
      await page.getByRole('button', { name: new RegExp(step) }).click();
      unlabelled.push(...(await unlabelledControls(page)));
    }
    check('every control on every step has a label', unlabelled.length === 0, unlabelled.join(' '));

    await page.goto(`${ORIGIN}/?step=compare`, { waitUntil: 'load' });
    await page.getByTestId('compare-table').waitFor({ timeout: TIMEOUT_MS });
    const keptRows = await page.getByTestId('compare-table').locator('tbody tr').count();
    const keptDetails = await page.getByTestId('run-details').innerText();
    check(
      'run history survives a reload (IndexedDB)',
      keptRows === 2 &&
        keptDetails.includes(
          'its checkpoint and item embeddings stay with the page that trained it',
        ),
      `${keptRows} rows; ${keptDetails.split('\n')[0]}`,
    );

    if (hasItemLlm) {
      await page.goto(`${ORIGIN}/?step=itemLlm`, { waitUntil: 'load' });
      await page.getByTestId('item-prompts').waitFor({ timeout: TIMEOUT_MS });
      await page.getByRole('button', { name: 'Encode all items' }).click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="encode-status"]')?.dataset.state !== 'running',
        undefined,
        { timeout: TRAIN_TIMEOUT_MS },
      );
      const encodeStatus = await page.getByTestId('encode-status').innerText();
      const encodeFailure = await page.locator('.failure').allInnerTexts();
      check(
        `the Item LLM (${ITEM_LLM}, ONNX Runtime wasm) encodes every item`,
        encodeStatus.startsWith(`Encoded ${expected['stat-items']} items with ${ITEM_LLM}`),
        encodeStatus || encodeFailure.join(' '),
      );
      const loadFiles = await page
        .getByTestId('item-llm-load-files')
        .locator('li')
        .allInnerTexts()
        .catch(() => []);
      check(
        'the Item LLM step lists each model file read while the model loads, all done',
        loadFiles.some((f) => f.startsWith('config.json:')) &&
          loadFiles.some((f) => f.startsWith('onnx/')) &&
          loadFiles.every((f) => f.includes('— done')),
        loadFiles.join(' | '),
      );
      await page.screenshot({ path: join(RESULTS, 'item-llm-encoded.png'), fullPage: true });
      await page.getByRole('button', { name: 'Encode all items' }).click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="encode-status"]')?.dataset.state !== 'running',
        undefined,
        { timeout: TRAIN_TIMEOUT_MS },
      );
      const again = await page.getByTestId('encode-status').innerText();
      check(
        'encoding again is served from the IndexedDB embeddings cache',
        again.endsWith(`${expected['stat-items']} from the embeddings cache.`),
        again,
      );

      await page.getByRole('button', { name: /Train/ }).click();
      await page.getByLabel('Model').selectOption('hllm');
      // The default HLLM run fine-tunes its Item LLM; the frozen ablation reads these embeddings.
      await page.getByLabel('Item LLM mode').selectOption('frozen');
      for (const [label, value] of [
        ['Epochs', '1'],
        ['Batch size', '256'],
        ['Negatives (InfoNCE)', '32'],
        ['Max history length', '10'],
      ]) {
        await page.getByLabel(label, { exact: true }).fill(value);
      }
      await page.getByRole('button', { name: 'Start training' }).click();
      const hllmStatus = await waitForTrainingEnd(page, TRAIN_TIMEOUT_MS);
      const hllmNotes = await page.locator('[data-testid="run-summary"] ~ p.hint').allInnerTexts();
      const hllmFailure = await page.locator('.failure').allInnerTexts();
      check(
        'HLLM trains over the Item LLM embeddings and its record says so',
        hllmStatus === 'finished' &&
          hllmNotes.some((n) => n.includes(`frozen Item LLM ${ITEM_LLM}`)),
        hllmStatus === 'finished' ? hllmNotes.join(' ') : hllmFailure.join(' '),
      );
      await page.screenshot({ path: join(RESULTS, 'hllm-train-step.png'), fullPage: true });
      if (WASM_ONLY) await checkProjectionBeside(page, check, RESULTS);
    } else {
      console.log(`SKIP Item LLM encoding — ${ITEM_LLM_SOURCE} is absent`);
    }

    // Issue 11: the playground as a teacher and a researcher use it (test/browser/teacherFlows.mjs);
    // page flows, not device paths: the Wasm run alone takes them (it trains several times faster
    // than SwiftShader's WebGPU), which keeps CI inside its time.
    if (WASM_ONLY) {
      await teacher.checkCollapsedPreview(page, check, ORIGIN, RESULTS);
      await teacher.checkEstimate(page, check, ORIGIN, RESULTS, TINY_RUN);
      await teacher.checkSideBySide(page, check, ORIGIN, RESULTS);
      await teacher.checkClassroomLink(page, check, ORIGIN, RESULTS);
    }

    await checkHllmFineTuning(page);

    check('no uncaught page errors', pageErrors.length === 0, pageErrors.join(' | '));
    check('no console errors', consoleErrors.length === 0, consoleErrors.join(' | '));
    check(
      'no request left 127.0.0.1',
      blocked.length === 0,
      `${blocked.length} blocked ${blocked.join(' ')}`,
    );
  } finally {
    await browser?.close();
    server.stop();
  }
}

try {
  await main();
} catch (error) {
  check('smoke test ran to the end', false, error instanceof Error ? error.message : String(error));
}
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
