import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** The only host a test page may reach. */
export const HOST = '127.0.0.1';
/** Debian's Chromium, or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A running `vite preview`. */
export interface Preview {
  origin: string;
  stop(): void;
}

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer on ${url} within ${timeoutMs} ms`);
}

/**
 * Serves `root`/dist with `vite preview` on HOST:`port` and resolves once it answers; rejects with
 * the server's output when it exits first or does not answer within `timeoutMs`.
 */
export async function startPreview(
  root: string,
  port: number,
  timeoutMs: number,
): Promise<Preview> {
  const server = spawn(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'preview',
      '--host',
      HOST,
      '--port',
      String(port),
      '--strictPort',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  server.stdout.on('data', (d) => (log += d));
  server.stderr.on('data', (d) => (log += d));
  const origin = `http://${HOST}:${port}`;
  try {
    await Promise.race([
      waitForServer(origin, timeoutMs),
      new Promise((_, reject) =>
        server.once('exit', (code) => reject(new Error(`vite preview exited (${code}):\n${log}`))),
      ),
    ]);
  } catch (error) {
    server.kill('SIGTERM');
    throw error;
  }
  return { origin, stop: () => server.kill('SIGTERM') };
}

/** Headless Chromium on a fresh profile; `close()` also removes the profile. */
export interface Browser {
  context: BrowserContext;
  /** Every non-local URL the pages asked for (each was aborted). */
  blocked: string[];
  close(): Promise<void>;
}

/**
 * Launches headless Chromium (WebGPU on SwiftShader unless `webgpu` is false) with the project's
 * offline flags and a fresh profile, and aborts every request that is not to HOST.
 */
export async function launchChromium(options: {
  webgpu: boolean;
  reducedMotion?: boolean;
}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'hllm-chromium-'));
  const blocked: string[] = [];
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      ...(options.reducedMotion ? { reducedMotion: 'reduce' as const } : {}),
      args: [
        ...(options.webgpu
          ? ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader']
          : []),
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--disable-default-apps',
        '--disable-extensions',
      ],
    });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === HOST) return route.continue();
      blocked.push(url.href);
      return route.abort('blockedbyclient');
    });
    return {
      context,
      blocked,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/** Waits until the Train step's run has finished or stopped; returns that status. */
export async function waitForTrainingEnd(page: Page, timeoutMs: number): Promise<string | null> {
  await page.waitForFunction(
    () =>
      ['finished', 'stopped'].includes(
        document.querySelector('[data-testid="train-status"]')?.getAttribute('data-status') ?? '',
      ),
    undefined,
    { timeout: timeoutMs },
  );
  return page.getByTestId('train-status').getAttribute('data-status');
}
