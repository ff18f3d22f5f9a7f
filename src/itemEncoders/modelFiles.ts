import { env } from '@huggingface/transformers';
import { ModelLoadError } from './errors';

/** Read access to one model's files (config.json, model.safetensors, tokenizer files). */
export interface ModelFiles {
  /** Where the files come from (a folder or a Hub repo), for messages. */
  readonly source: string;
  /** A file's bytes; rejects with `ModelLoadError` naming the file when it is missing. */
  read(file: string): Promise<Uint8Array>;
}

/** Parses a JSON file of a model, naming the file when it is not valid JSON. */
export async function readModelJson(files: ModelFiles, file: string): Promise<unknown> {
  const bytes = await files.read(file);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ModelLoadError(files.source, file, `expected JSON (${(error as Error).message})`);
  }
}

/**
 * A Hub repository's files in the browser, downloaded once and kept in transformers.js's
 * Cache API store (`env.cacheKey`), under transformers.js's host and path template.
 */
export function createHubModelFiles(repo: string, revision = 'main'): ModelFiles {
  return {
    source: `${repo}@${revision}`,
    async read(file) {
      const path = env.remotePathTemplate
        .replaceAll('{model}', repo)
        .replaceAll('{revision}', encodeURIComponent(revision));
      const url = new URL(path + file, env.remoteHost).href;
      const cache = typeof caches !== 'undefined' ? await caches.open(env.cacheKey) : undefined;
      let response = await cache?.match(url);
      if (!response) {
        response = await fetch(url);
        if (!response.ok) {
          throw new ModelLoadError(
            `${repo}@${revision}`,
            file,
            `download failed (HTTP ${response.status})`,
          );
        }
        await cache?.put(url, response.clone());
      }
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
