import { expose } from 'comlink';
import ortMjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { browserItemLlmFiles } from '../src/compute/itemLlmFiles';
import { createTrainService } from '../src/compute/trainService';

expose(
  createTrainService({
    configureModels: async () =>
      (await import('../src/compute/itemEncoding')).configureBrowserItemLlm({
        localModelPath: '/models/',
        ortWasm: { wasm: ortWasm, mjs: ortMjs },
      }),
    openEmbeddingCache: async () =>
      (await import('../src/itemEncoders/indexedDbEmbeddingCache')).openIndexedDbEmbeddingCache(),
    itemLlmFiles: (name, onProgress) => browserItemLlmFiles('/models/', onProgress)(name),
    caches: {
      status: async () => {
        const c = await import('../src/compute/cacheStatus');
        return [await c.modelFileCacheStatus(), await c.embeddingCacheStatus()];
      },
      clear: async () => {
        const c = await import('../src/compute/cacheStatus');
        await c.clearModelFileCache();
        await c.clearEmbeddingCache();
      },
    },
  }),
);
