import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmbeddingCache } from '../embeddingCache';

/**
 * An embedding cache in a folder (Node only; never import from browser code): one raw
 * little-endian float32 file per vector at `<dir>/<scope>/<hash>.f32`, written atomically.
 */
export function createFsEmbeddingCache(dir: string): EmbeddingCache {
  return {
    getMany: (scope, hashes) =>
      Promise.all(
        hashes.map(async (hash) => {
          try {
            const bytes = await readFile(join(dir, scope, `${hash}.f32`));
            return new Float32Array(
              bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
            );
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
            throw error;
          }
        }),
      ),
    putMany: async (scope, entries) => {
      await mkdir(join(dir, scope), { recursive: true });
      for (const { hash, vector } of entries) {
        const file = join(dir, scope, `${hash}.f32`);
        const temp = `${file}.${process.pid}.tmp`;
        await writeFile(temp, new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
        await rename(temp, file);
      }
    },
  };
}
