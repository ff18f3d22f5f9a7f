// Browser figures for BENCHMARKS.md, measured in headless Chromium (WebGPU on SwiftShader, every
// non-local request blocked) against `vite preview` of the production build in dist/:
// - bundle: JavaScript size from dist/ (gzip), the page's own scripts and every script including
//   workers; the model runtimes' .wasm files are left out and listed;
// - firstPaint: first (contentful) paint and the mark the precomputed comparison sets on render;
// - training: the main thread's long tasks (PerformanceObserver 'longtask') while a short
//   SASRec run trains in the train worker (target: none over 100 ms).
//
//   npx vite build && npx tsx bench/browser.ts        (prints JSON)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium, startPreview, waitForTrainingEnd } from '../test/browser/harness';

const PORT = Number(process.env.BENCH_PORT ?? 4373);
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DIST = join(ROOT, 'dist');
const COMPARISON_MARK = 'precomputed-comparison-rendered';
/** Long-task threshold of the target, in milliseconds. */
const LONG_TASK_TARGET_MS = 100;
/** The short SASRec run trained while long tasks are recorded. */
const RUN = [
  'step=train',
  'model.kind=sasrec',
  'model.hiddenSize=16',
  'model.innerSize=16',
  'model.numHeads=1',
  'data.kCore=0',
  'data.maxHistory=10',
  'train.epochs=2',
  'train.batchSize=256',
  'train.numNegatives=32',
].join('&');

/** Collects the page's long tasks in `window.__longTasks`, from before its first script. */
const LONG_TASK_OBSERVER = `
  window.__longTasks = [];
  window.__paints = {};
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  for (const type of ['paint', 'largest-contentful-paint']) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__paints[e.name || type] ??= e.startTime;
    }).observe({ type, buffered: true });
  }
`;

/** First paint, first contentful paint and the comparison's mark, in ms from navigation (null when absent). */
const PAINT_TIMES = `({
  firstPaintMs: window.__paints['first-paint'] ?? null,
  firstContentfulPaintMs: window.__paints['first-contentful-paint'] ?? null,
  largestContentfulPaintMs: window.__paints['largest-contentful-paint'] ?? null,
  comparisonRenderedMs: performance.getEntriesByName('${COMPARISON_MARK}')[0]?.startTime ?? null,
})`;

/** Blocks the main thread for 150 ms: the long-task observer must see it. */
const BUSY_150_MS = `setTimeout(() => { const end = performance.now() + 150; while (performance.now() < end); }, 0)`;

/** Size of one built file, raw and gzipped. */
interface FileSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** JavaScript sizes of the build. */
export interface BundleFigures {
  /** Scripts index.html loads (entry and module preloads). */
  initialJs: { files: FileSize[]; gzipBytes: number };
  /** Every .js/.mjs file in dist/assets (workers and lazily loaded chunks included). */
  allJs: { files: FileSize[]; gzipBytes: number };
  /** Model runtime .wasm files left out of the figures. */
  excludedWasm: FileSize[];
}

/** What the benchmark prints. */
export interface BrowserFigures {
  date: string;
  chromium: string;
  device: string | null;
  bundle: BundleFigures;
  firstPaint: {
    firstPaintMs: number | null;
    firstContentfulPaintMs: number | null;
    largestContentfulPaintMs: number | null;
    /** When the precomputed comparison had rendered (its performance mark). */
    comparisonRenderedMs: number | null;
  };
  training: {
    run: string;
    status: string | null;
    seconds: number;
    longTasks: number;
    longestTaskMs: number;
    /** Every long task: seconds after the start button was pressed, and its duration (ms). */
    tasks: { atSec: number; ms: number }[];
    tasksOverTargetMs: number;
    targetMs: number;
    /** Longest task seen after blocking the main thread for 150 ms on purpose (observer check). */
    observerCheckMs: number;
  };
}

function sizeOf(path: string): FileSize {
  const bytes = readFileSync(path);
  return {
    file: path.slice(DIST.length + 1),
    bytes: bytes.length,
    gzipBytes: gzipSync(bytes).length,
  };
}

/** Sizes of the build's scripts, gzipped; `.wasm` files are listed apart. */
export function bundleFigures(dist = DIST): BundleFigures {
  const assets = join(dist, 'assets');
  const files = readdirSync(assets).filter((f) => statSync(join(assets, f)).isFile());
  const js = files.filter((f) => /\.m?js$/.test(f)).map((f) => sizeOf(join(assets, f)));
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const initialNames = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.m?js)"/g)].map(
    (m) => m[1],
  );
  const initial = js.filter((f) => initialNames.includes(f.file));
  const total = (list: FileSize[]) => list.reduce((s, f) => s + f.gzipBytes, 0);
  return {
    initialJs: { files: initial, gzipBytes: total(initial) },
    allJs: { files: js, gzipBytes: total(js) },
    excludedWasm: files.filter((f) => f.endsWith('.wasm')).map((f) => sizeOf(join(assets, f))),
  };
}

/** Measures the build in dist/ in headless Chromium; throws when dist/ is missing. */
export async function benchBrowser(): Promise<BrowserFigures> {
  const bundle = bundleFigures();
  const server = await startPreview(ROOT, PORT, 60_000);
  try {
    const browser = await launchChromium({ webgpu: true });
    const { context } = browser;
    try {
      // Scripts run in the page are strings: tsx would wrap functions in helpers the page lacks.
      await context.addInitScript(LONG_TASK_OBSERVER);
      const page = context.pages()[0] ?? (await context.newPage());

      await page.goto(server.origin, { waitUntil: 'load' });
      await page.getByTestId('precomputed-comparison').waitFor({ timeout: 60_000 });
      await page.waitForTimeout(500);
      const paint = (await page.evaluate(PAINT_TIMES)) as BrowserFigures['firstPaint'];

      await page.goto(`${server.origin}/?${RUN}`, { waitUntil: 'load' });
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="device-badge"]')?.getAttribute('data-device') !==
            'detecting' && document.querySelector('[data-testid="config-problems"]') === null,
        undefined,
        { timeout: 60_000 },
      );
      const device = await page.getByTestId('device-badge').getAttribute('data-device');
      const started = await page.evaluate(() => performance.now());
      await page.getByRole('button', { name: 'Start training' }).click();
      const status = await waitForTrainingEnd(page, 300_000);
      const ended = await page.evaluate(() => performance.now());
      const tasks = (await page.evaluate(
        `window.__longTasks.filter((t) => t.start >= ${started} && t.start <= ${ended})`,
      )) as { start: number; duration: number }[];
      await page.evaluate(BUSY_150_MS);
      await page.waitForTimeout(500);
      const check = (await page.evaluate(
        `Math.max(0, ...window.__longTasks.filter((t) => t.start > ${ended}).map((t) => t.duration))`,
      )) as number;
      const durations = tasks.map((t) => t.duration);
      return {
        date: new Date().toISOString(),
        chromium: context.browser()?.version() ?? 'unknown',
        device,
        bundle,
        firstPaint: paint,
        training: {
          run: RUN,
          status,
          seconds: (ended - started) / 1000,
          longTasks: durations.length,
          longestTaskMs: Math.max(0, ...durations),
          tasks: tasks.map((t) => ({
            atSec: Math.round(t.start - started) / 1000,
            ms: Math.round(t.duration),
          })),
          tasksOverTargetMs: durations.filter((d) => d > LONG_TASK_TARGET_MS).length,
          targetMs: LONG_TASK_TARGET_MS,
          observerCheckMs: check,
        },
      };
    } finally {
      await browser.close();
    }
  } finally {
    server.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchBrowser()
    .then((figures) => console.log(JSON.stringify(figures, null, 2)))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
