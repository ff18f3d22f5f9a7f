import { defaultDevice, getWebGPUDevice, init } from '@jax-js/jax';
import type { DeviceInfo } from './deviceInfo';
import { wasmThreadCount } from './wasmThreadCount';

/**
 * Initialises jax-js, selects WebGPU when it is available and Wasm otherwise, and describes the
 * chosen device. Runs in a worker (or Node); the UI only ever sees the returned `DeviceInfo`.
 */
export async function detectDevice(): Promise<DeviceInfo> {
  const hasWebGpu = typeof navigator !== 'undefined' && 'gpu' in navigator;
  const available = hasWebGpu ? await init('webgpu', 'wasm') : await init('wasm');
  if (available.includes('webgpu')) {
    defaultDevice('webgpu');
    const device = getWebGPUDevice();
    const adapter = device.adapterInfo;
    return {
      kind: 'webgpu',
      vendor: adapter.vendor,
      architecture: adapter.architecture,
      description: adapter.description,
      shaderF16: device.features.has('shader-f16'),
    };
  }
  if (!available.includes('wasm')) {
    throw new Error('No compute device: neither WebGPU nor WebAssembly is available.');
  }
  defaultDevice('wasm');
  const reason = hasWebGpu ? 'no WebGPU adapter was found' : 'WebGPU is not available here';
  return { kind: 'wasm', reason, threads: wasmThreadCount() };
}
