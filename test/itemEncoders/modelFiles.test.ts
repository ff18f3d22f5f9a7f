import { env } from '@huggingface/transformers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ModelLoadError } from '../../src/itemEncoders/errors';
import { createHubModelFiles, readModelJson } from '../../src/itemEncoders/modelFiles';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createHubModelFiles', () => {
  it('downloads from transformers.js host and path template', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      return new Response('{"a":1}', { status: 200 });
    });
    const files = createHubModelFiles('org/model', 'v1');
    expect(await readModelJson(files, 'config.json')).toEqual({ a: 1 });
    expect(urls).toEqual([`${env.remoteHost.replace(/\/$/, '')}/org/model/resolve/v1/config.json`]);
  });

  it('names the file and status of a failed download', async () => {
    vi.stubGlobal('fetch', async () => new Response('missing', { status: 404 }));
    const error = await createHubModelFiles('org/model')
      .read('model.safetensors')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toBe(
      'org/model@main: model.safetensors: download failed (HTTP 404)',
    );
  });

  it('names a file that is not JSON', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>', { status: 200 }));
    await expect(readModelJson(createHubModelFiles('org/model'), 'tokenizer.json')).rejects.toThrow(
      /org\/model@main: tokenizer\.json: expected JSON/,
    );
  });
});
