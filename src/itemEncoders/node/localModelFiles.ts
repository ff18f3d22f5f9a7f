import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelLoadError } from '../errors';
import type { ModelFiles } from '../modelFiles';

/** A model folder on disk (Node only; never import from browser code). */
export function createLocalModelFiles(dir: string): ModelFiles {
  return {
    source: dir,
    async read(file) {
      try {
        return new Uint8Array(await readFile(join(dir, file)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new ModelLoadError(dir, file, 'file not found');
        }
        throw error;
      }
    },
  };
}
