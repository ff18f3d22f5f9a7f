import { env } from '@huggingface/transformers';

/**
 * Points transformers.js at local model folders only (Node tests and the CLI): no Hub access.
 * `localModelPath` is a filesystem folder holding one sub-folder per model.
 */
export function configureLocalModels(localModelPath: string): void {
  env.localModelPath = localModelPath.endsWith('/') ? localModelPath : `${localModelPath}/`;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
}

/**
 * Browser set-up: local models under a root-relative URL path (e.g. `/models/`), Hub downloads
 * allowed or not, and ONNX Runtime's wasm files served by the app from `wasmPaths` (e.g. `/ort/`).
 */
export function configureBrowserModels(options: {
  localModelPath: string;
  allowRemoteModels: boolean;
  wasmPaths: string;
}): void {
  if (!options.localModelPath.startsWith('/')) {
    throw new Error(
      `localModelPath must be root-relative in the browser (like /models/), got ${options.localModelPath}`,
    );
  }
  env.localModelPath = options.localModelPath;
  env.allowLocalModels = true;
  env.allowRemoteModels = options.allowRemoteModels;
  const wasm = env.backends.onnx.wasm;
  if (wasm) wasm.wasmPaths = options.wasmPaths;
}
