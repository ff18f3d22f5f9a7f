import { env } from '@huggingface/transformers';
import { ModelLoadError } from '../itemEncoders/errors';
import type { ModelFiles } from '../itemEncoders/modelFiles';

/** Bytes of one model file received so far (`total` null when the server did not say). */
export interface FileDownloadProgress {
  /** Model folder or Hub id with revision. */
  source: string;
  file: string;
  loaded: number;
  total: number | null;
  done: boolean;
}

/** Receives download progress of model files, chunk by chunk. */
export type FileProgressCallback = (progress: FileDownloadProgress) => void;

/** Fetches a URL; injectable for tests. */
export type Fetcher = (url: string) => Promise<Response>;

/** The Cache API store Hub files are kept in; injectable for tests. */
export type OpenCache = (name: string) => Promise<Cache | undefined>;

const HUB_ID = /^([\w.-]+\/[\w.-]+)(?:@([\w./-]+))?$/;

/** The repo and revision of a Hub id `owner/name[@revision]`, or null for a local folder name. */
export function parseHubId(name: string): { repo: string; revision: string } | null {
  const match = HUB_ID.exec(name.trim());
  return match === null ? null : { repo: match[1], revision: match[2] ?? 'main' };
}

/** Reads a response body in chunks, reporting the bytes received after each one. */
async function readWithProgress(
  response: Response,
  report: (loaded: number, total: number | null) => void,
): Promise<Uint8Array> {
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  if (response.body === null) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    report(bytes.length, total ?? bytes.length);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    report(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/**
 * Fetches one model file, naming the source, file and URL when the request fails (offline,
 * blocked) or the server refuses it.
 */
async function download(
  source: string,
  file: string,
  url: string,
  fetcher: Fetcher,
  onProgress: FileProgressCallback | undefined,
  unreachable: string,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetcher(url);
  } catch (error) {
    throw new ModelLoadError(
      source,
      file,
      `could not fetch ${url} (${(error as Error).message}): ${unreachable}`,
    );
  }
  if (response.status === 404) {
    throw new ModelLoadError(source, file, `this folder has no ${file} (${url}: HTTP 404)`);
  }
  if (!response.ok) {
    throw new ModelLoadError(source, file, `${url} answered HTTP ${response.status}`);
  }
  onProgress?.({ source, file, loaded: 0, total: null, done: false });
  return response;
}

/**
 * Refuses a web page served in place of a model file (a site that answers unknown paths with its
 * index page): the folder does not have the file.
 */
function refuseWebPage(source: string, file: string, response: Response): void {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('text/html') && !file.endsWith('.html')) {
    throw new ModelLoadError(
      source,
      file,
      `this folder has no ${file} (the site answered with a web page)`,
    );
  }
}

/** A model folder served by this site under `root` (e.g. `/models/`), fetched with progress. */
export function sameOriginModelFiles(
  root: string,
  folder: string,
  onProgress?: FileProgressCallback,
  fetcher: Fetcher = (url) => fetch(url),
): ModelFiles {
  const base = `${root.endsWith('/') ? root : `${root}/`}${folder}/`;
  return {
    source: base,
    async read(file) {
      const response = await download(
        base,
        file,
        base + file,
        fetcher,
        onProgress,
        'is the page still served?',
      );
      refuseWebPage(base, file, response);
      const bytes = await readWithProgress(response, (loaded, total) =>
        onProgress?.({ source: base, file, loaded, total, done: false }),
      );
      onProgress?.({ source: base, file, loaded: bytes.length, total: bytes.length, done: true });
      return bytes;
    },
  };
}

/** The URL transformers.js downloads `file` of a Hub repo from (its host and path template). */
export function hubFileUrl(repo: string, revision: string, file: string): string {
  const path = env.remotePathTemplate
    .replaceAll('{model}', repo)
    .replaceAll('{revision}', encodeURIComponent(revision));
  return new URL(path + file, env.remoteHost).href;
}

const openBrowserCache: OpenCache = async (name) =>
  typeof caches !== 'undefined' ? caches.open(name) : undefined;

/**
 * A Hub repository's files, downloaded with progress from transformers.js's host and kept in its
 * Cache API store (`env.cacheKey`, keyed by URL), so later loads and transformers.js share them.
 */
export function hubModelFiles(
  repo: string,
  revision: string,
  onProgress?: FileProgressCallback,
  fetcher: Fetcher = (url) => fetch(url),
  openCache: OpenCache = openBrowserCache,
): ModelFiles {
  const source = `${repo}@${revision}`;
  return {
    source,
    async read(file) {
      const url = hubFileUrl(repo, revision, file);
      const cache = await openCache(env.cacheKey);
      const hit = await cache?.match(url);
      if (hit !== undefined) {
        const bytes = new Uint8Array(await hit.arrayBuffer());
        onProgress?.({ source, file, loaded: bytes.length, total: bytes.length, done: true });
        return bytes;
      }
      const response = await download(
        source,
        file,
        url,
        fetcher,
        onProgress,
        'the Hugging Face Hub is not reachable from this tab (offline?); pick a model folder served under /models/ instead',
      );
      const bytes = await readWithProgress(response, (loaded, total) =>
        onProgress?.({ source, file, loaded, total, done: false }),
      );
      await cache?.put(
        url,
        new Response(bytes.slice(), { headers: { 'content-length': String(bytes.length) } }),
      );
      onProgress?.({ source, file, loaded: bytes.length, total: bytes.length, done: true });
      return bytes;
    },
  };
}

/**
 * Resolves an Item LLM name in the browser: a Hub id `owner/name[@revision]` goes to the Hub
 * (through transformers.js's cache), any other name is a folder under the same-origin `root`.
 */
export function browserItemLlmFiles(
  root: string,
  onProgress?: FileProgressCallback,
): (name: string) => ModelFiles {
  return (name) => {
    const hub = parseHubId(name);
    return hub === null
      ? sameOriginModelFiles(root, name, onProgress)
      : hubModelFiles(hub.repo, hub.revision, onProgress);
  };
}
