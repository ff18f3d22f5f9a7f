// HLLM at a real checkpoint's size in the tab: a SmolLM2-135M-shaped random checkpoint (written
// into the built site's dist/models/smollm2-135m-random/) fine-tuned top-2 and frozen on a small
// uploaded catalogue, in headless Chromium on WebGPU (SwiftShader) and on the Wasm fallback.
// Records whether each run finished, its seconds and the run summary's usage line (peak memory,
// steps/s, FLOPs per step).
//
//   npx vite build && npx tsx bench/itemLlmBrowser.ts        (or npm run bench -- itemllm-browser)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { writeRandomCheckpoint } from '../scripts/randomCheckpoint';
import { launchChromium, startPreview } from '../test/browser/harness';

const PORT = Number(process.env.BENCH_PORT ?? 4374);
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CHECKPOINT = 'smollm2-135m-random';
/** A small catalogue (one step per epoch): every step trains the real-size Item and User LLM. */
const USERS = 16;
const ITEMS = 16;
/** `backend:mode` pairs to run (`ITEMLLM_BROWSER_CASES`, comma-separated, e.g. `webgpu:top-2`); all when unset. */
const WANTED = process.env.ITEMLLM_BROWSER_CASES?.split(',').map((s) => s.trim());

/** Minutes one run may take before it is recorded as not finished (`ITEMLLM_BROWSER_MINUTES`). */
const RUN_TIMEOUT_MS = Number(process.env.ITEMLLM_BROWSER_MINUTES ?? 60) * 60 * 1000;

/** One run in the tab. */
export interface BrowserHllmRun {
  backend: 'webgpu' | 'wasm';
  mode: string;
  /** `finished`, `stopped`, `not started` (with the page's problems) or the last status when the time ran out. */
  status: string;
  seconds: number;
  /** Seconds from the start until the first training step was shown done (null: none was). */
  firstStepSeconds: number | null;
  /** The status line when the run ended or the time ran out. */
  lastStatus: string;
  /** The memory plan shown before the start. */
  plan: string;
  /** The run summary's usage line (peak memory, steps/s, FLOPs). */
  usage: string;
  failure: string;
}

/** Writes the small HLLM-format catalogue and interactions; returns their paths. */
function writeDataset(dir: string): string[] {
  const topics = ['space', 'ocean', 'forest', 'desert'];
  const items = ['item_id,title,description'];
  for (let i = 0; i < ITEMS; i++) {
    const topic = topics[i % topics.length];
    items.push(`i${i},${topic} tale ${i},a story of the ${topic} told in ${i + 3} parts`);
  }
  const rows = ['item_id,user_id,timestamp'];
  for (let u = 0; u < USERS; u++) {
    for (let t = 0; t < 8; t++) rows.push(`i${(u * 5 + t * 3) % ITEMS},u${u},${1000 + t}`);
  }
  const files = [join(dir, 'interactions.csv'), join(dir, 'items.csv')];
  writeFileSync(files[0], `${rows.join('\n')}\n`);
  writeFileSync(files[1], `${items.join('\n')}\n`);
  return files;
}

/** Uploads the catalogue, sets an HLLM run over the checkpoint with `topLayers`, trains it. */
async function runInTab(
  page: Page,
  origin: string,
  files: string[],
  topLayers: number,
): Promise<Omit<BrowserHllmRun, 'backend' | 'mode'>> {
  await page.goto(`${origin}/?step=data`, { waitUntil: 'load' });
  await page.getByLabel(/Load your own data/).setInputFiles(files);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.waitForFunction(
    (users) => document.querySelector('[data-testid="stat-users"]')?.textContent === users,
    String(USERS),
    { timeout: 120_000 },
  );
  await page.getByRole('button', { name: /Train/ }).click();
  await page.getByLabel('Model').selectOption('hllm');
  for (const [label, value] of [
    ['Epochs', '1'],
    ['Batch size', '16'],
    ['Negatives (InfoNCE)', '8'],
    ['Max history length', '10'],
    ['k-core (0 = off)', '0'],
  ]) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  await page.getByLabel('Item LLM mode').selectOption('top-k');
  await page.getByLabel(/^Checkpoint/).fill(CHECKPOINT);
  await page.getByLabel(/^Top layers to fine-tune/).fill(String(topLayers));
  await page.getByLabel('Max text tokens').fill('32');
  const memory = page.getByTestId('item-llm-memory');
  await memory.waitFor({ timeout: 120_000 });
  const plan = (await memory.innerText()).replace(/\s+/g, ' ').slice(0, 400);
  const start = page.getByRole('button', { name: 'Start training' });
  if (await start.isDisabled()) {
    const problems = await page.getByTestId('config-problems').allInnerTexts();
    const failure = [...problems, ...(await page.locator('.failure').allInnerTexts())].join(' ');
    return {
      status: 'not started',
      seconds: 0,
      firstStepSeconds: null,
      lastStatus: '',
      plan,
      usage: '',
      failure,
    };
  }
  const started = Date.now();
  await start.click();
  const statusLine = page.getByTestId('train-status');
  let firstStepSeconds: number | null = null;
  let state = '';
  let lastStatus = '';
  while (Date.now() - started < RUN_TIMEOUT_MS) {
    state = (await statusLine.getAttribute('data-status')) ?? '';
    lastStatus = await statusLine.innerText();
    if (firstStepSeconds === null && /^(Step|Paused at) \d+/.test(lastStatus)) {
      firstStepSeconds = (Date.now() - started) / 1000;
    }
    if (
      ['finished', 'stopped', 'idle'].includes(state) ||
      (await page.locator('.failure').count()) > 0
    )
      break;
    await page.waitForTimeout(2000);
  }
  const seconds = (Date.now() - started) / 1000;
  const usage = state === 'finished' ? await page.getByTestId('run-usage').innerText() : '';
  const failure = (await page.locator('.failure').allInnerTexts()).join(' ');
  const status = ['finished', 'stopped'].includes(state)
    ? state
    : `not done after ${Math.round(seconds)} s`;
  return { status, seconds, firstStepSeconds, lastStatus, plan, usage, failure };
}

/** Runs top-2 and frozen over the SmolLM2-shaped checkpoint on WebGPU and on Wasm. */
export async function benchItemLlmBrowser(): Promise<BrowserHllmRun[]> {
  // Into the built site (`vite preview` serves dist/, built before the checkpoint existed).
  await writeRandomCheckpoint('smollm2-135m', join(ROOT, 'dist/models', CHECKPOINT));
  const dir = mkdtempSync(join(tmpdir(), 'hllm-browser-bench-'));
  const files = writeDataset(dir);
  const preview = await startPreview(ROOT, PORT, 120_000);
  const runs: BrowserHllmRun[] = [];
  try {
    for (const backend of ['webgpu', 'wasm'] as const) {
      if (WANTED !== undefined && !WANTED.some((w) => w.startsWith(`${backend}:`))) continue;
      const browser = await launchChromium({ webgpu: backend === 'webgpu' });
      try {
        for (const [mode, topLayers] of [
          ['top-2', 2],
          ['frozen', 0],
        ] as const) {
          if (WANTED !== undefined && !WANTED.includes(`${backend}:${mode}`)) continue;
          const page = await browser.context.newPage();
          const run = {
            backend,
            mode,
            ...(await runInTab(page, preview.origin, files, topLayers)),
          };
          console.log(JSON.stringify(run));
          runs.push(run);
          await page.close();
        }
      } finally {
        await browser.close();
      }
    }
  } finally {
    preview.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}
