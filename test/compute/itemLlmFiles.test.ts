import { env } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import {
  hubFileUrl,
  hubModelFiles,
  parseHubId,
  sameOriginModelFiles,
  type FileDownloadProgress,
  type OpenCache,
} from '../../src/compute/itemLlmFiles';
import { ModelLoadError } from '../../src/itemEncoders/errors';

/** A Cache API stand-in keyed by URL, recording the store name it was opened with. */
function memoryCache(): { open: OpenCache; names: string[]; store: Map<string, Uint8Array> } {
  const names: string[] = [];
  const store = new Map<string, Uint8Array>();
  const cache = {
    match: async (url: string) => {
      const bytes = store.get(url);
      return bytes === undefined ? undefined : new Response(bytes.slice());
    },
    put: async (url: string, response: Response) => {
      store.set(url, new Uint8Array(await response.arrayBuffer()));
    },
  } as unknown as Cache;
  return { open: async (name) => (names.push(name), cache), names, store };
}

describe('parseHubId', () => {
  it('tells Hub ids (owner/name[@revision]) from local folder names', () => {
    expect(parseHubId('HuggingFaceTB/SmolLM2-135M')).toEqual({
      repo: 'HuggingFaceTB/SmolLM2-135M',
      revision: 'main',
    });
    expect(parseHubId('org/model@v1.0')).toEqual({ repo: 'org/model', revision: 'v1.0' });
    expect(parseHubId('tiny-llama')).toBeNull();
  });
});

describe('hubModelFiles', () => {
  it("requests transformers.js's Hub URLs, keeps the files in its cache and reports progress", async () => {
    const urls: string[] = [];
    const progress: FileDownloadProgress[] = [];
    const cache = memoryCache();
    const body = new Uint8Array(1000).fill(7);
    const files = hubModelFiles(
      'org/model',
      'main',
      (p) => progress.push(p),
      async (url) => {
        urls.push(url);
        return new Response(body, { headers: { 'content-length': '1000' } });
      },
      cache.open,
    );
    expect(await files.read('model.safetensors')).toEqual(body);
    const url = `${env.remoteHost.replace(/\/$/, '')}/org/model/resolve/main/model.safetensors`;
    expect(urls).toEqual([url]);
    expect(hubFileUrl('org/model', 'main', 'model.safetensors')).toBe(url);
    expect(cache.names).toEqual([env.cacheKey]);
    expect([...cache.store.keys()]).toEqual([url]);
    expect(progress.at(-1)).toEqual({
      source: 'org/model@main',
      file: 'model.safetensors',
      loaded: 1000,
      total: 1000,
      done: true,
    });
    expect(progress.some((p) => !p.done && p.total === 1000)).toBe(true);
    // A second read is served from the cache.
    expect(await files.read('model.safetensors')).toEqual(body);
    expect(urls).toHaveLength(1);
  });

  it('says plainly that the Hub is unreachable when offline', async () => {
    const files = hubModelFiles(
      'org/model',
      'main',
      undefined,
      async () => {
        throw new TypeError('Failed to fetch');
      },
      memoryCache().open,
    );
    const error = await files.read('config.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(
      /^org\/model@main: config\.json: could not fetch https:\/\/.*\/org\/model\/resolve\/main\/config\.json \(Failed to fetch\): the Hugging Face Hub is not reachable/,
    );
  });
});

describe('sameOriginModelFiles', () => {
  it('reads a folder under the site root and names a missing file with its status', async () => {
    const urls: string[] = [];
    const files = sameOriginModelFiles('/models/', 'tiny-llama', undefined, async (url) => {
      urls.push(url);
      return url.endsWith('config.json')
        ? new Response('{}')
        : new Response('missing', { status: 404 });
    });
    expect(new TextDecoder().decode(await files.read('config.json'))).toBe('{}');
    await expect(files.read('model.safetensors')).rejects.toThrow(
      '/models/tiny-llama/: model.safetensors: this folder has no model.safetensors (/models/tiny-llama/model.safetensors: HTTP 404)',
    );
    expect(urls).toEqual([
      '/models/tiny-llama/config.json',
      '/models/tiny-llama/model.safetensors',
    ]);
  });

  it('says the folder lacks a file when the site answers with its index page', async () => {
    const files = sameOriginModelFiles('/models/', 'onnx-only', undefined, async () =>
      Promise.resolve(
        new Response('<!doctype html><title>HLLM Playground</title>', {
          headers: { 'content-type': 'text/html; charset=utf-8' },
        }),
      ),
    );
    await expect(files.read('model.safetensors')).rejects.toThrow(
      '/models/onnx-only/: model.safetensors: this folder has no model.safetensors (the site answered with a web page)',
    );
  });
});
