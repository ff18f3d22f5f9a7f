import { defaultDevice, init } from '@jax-js/jax';
import type { DeviceInfo } from './deviceInfo';
import { wasmThreadCount } from './wasmThreadCount';

/** Turns later computation in this worker over to jax-js on WebAssembly (after a lost WebGPU device). */
export async function switchToWasm(reason: string): Promise<DeviceInfo> {
  const available = await init('wasm');
  if (!available.includes('wasm')) throw new Error('WebAssembly is not available in this worker.');
  defaultDevice('wasm');
  return { kind: 'wasm', reason, threads: wasmThreadCount() };
}
