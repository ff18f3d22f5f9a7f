import { defaultDevice, getWebGPUDevice } from '@jax-js/jax';

/**
 * Where an HLLM run keeps its tensors: jax-js's Wasm heap (one 32-bit linear memory), or a
 * WebGPU device, whose adapter limits cap each buffer.
 */
export type MemoryBackend =
  { kind: 'wasm' } | { kind: 'webgpu'; maxBufferSize: number; maxStorageBufferBindingSize: number };

/** jax-js's Wasm backend, the backend of Node tests, the CLI and the browser's fallback. */
export const WASM_BACKEND: MemoryBackend = { kind: 'wasm' };

/** A memory32 Wasm heap addresses at most 4 GiB; jax-js throws beyond it. */
export const WASM_HEAP_LIMIT = 2 ** 32;

/** The backend of jax-js's default device: WebGPU with its device's buffer limits, else Wasm. */
export function defaultMemoryBackend(): MemoryBackend {
  if (defaultDevice() !== 'webgpu') return WASM_BACKEND;
  const { limits } = getWebGPUDevice();
  return {
    kind: 'webgpu',
    maxBufferSize: limits.maxBufferSize,
    maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
  };
}

/** The bytes a run may use on `backend`: the budget, and on Wasm at most the 4 GiB heap. */
export function usableBytes(budgetBytes: number, backend: MemoryBackend): number {
  return backend.kind === 'wasm' ? Math.min(budgetBytes, WASM_HEAP_LIMIT) : budgetBytes;
}

/**
 * The memory budget a device offers by default: the 4 GiB Wasm heap, or on WebGPU (which
 * reports no memory size) half the machine's memory as the browser reports it
 * (`navigator.deviceMemory`, GiB, at most 8), at least 1 GiB, else 4 GiB.
 */
export function deviceBudgetBytes(backend: MemoryBackend, deviceMemoryGiB?: number): number {
  if (backend.kind === 'wasm') return WASM_HEAP_LIMIT;
  if (deviceMemoryGiB === undefined || !(deviceMemoryGiB > 0)) return 4 * 2 ** 30;
  return Math.max(2 ** 30, (deviceMemoryGiB / 2) * 2 ** 30);
}
